import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The browser bundle must never contain the AWS SDK. Everything the bundle
 * can contain is this package's own source plus its runtime dependencies,
 * transitively: neither may reach an `@aws-sdk/*` package.
 */
const packageDir = join(__dirname, '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap(name => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name)
      ? [path]
      : [];
  });
}

function resolvePackageJson(name: string, fromDir: string): string | undefined {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name, 'package.json');
    try {
      statSync(candidate);
      return candidate;
    } catch {
      if (dirname(dir) === dir) return undefined;
    }
  }
}

/** Every package reachable through `dependencies` (and peer deps the browser loads). */
function runtimeClosure(packageJsonPath: string): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  const queue: Array<[string, string[]]> = [[packageJsonPath, []]];
  while (queue.length) {
    const [path, chain] = queue.shift()!;
    const pkg = JSON.parse(readFileSync(path, 'utf8'));
    if (seen.has(pkg.name)) continue;
    seen.set(pkg.name, chain);
    for (const dep of Object.keys(pkg.dependencies ?? {})) {
      const depPath = resolvePackageJson(dep, dirname(path));
      if (depPath) queue.push([depPath, [...chain, dep]]);
    }
  }
  return seen;
}

describe('browser bundle', () => {
  it('no source file of the frontend plugin imports @aws-sdk', () => {
    const offenders = sourceFiles(join(packageDir, 'src')).filter(file =>
      /from ['"]@aws-sdk\//.test(readFileSync(file, 'utf8')),
    );
    expect(offenders).toEqual([]);
  });

  it('no runtime dependency, however deep, is an @aws-sdk package', () => {
    const closure = runtimeClosure(join(packageDir, 'package.json'));
    const awsPackages = [...closure.entries()]
      .filter(([name]) => name.startsWith('@aws-sdk/'))
      .map(([name, chain]) => `${name} via ${chain.join(' → ')}`);
    expect(closure.size).toBeGreaterThan(50);
    expect(awsPackages).toEqual([]);
  });
});
