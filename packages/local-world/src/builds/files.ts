import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * A buildspec path pattern as a regular expression: `**` any number of
 * directories, `*` and `?` within one path segment.
 */
export function patternToRegExp(pattern: string): RegExp {
  const normalized = pattern.replace(/^\.\//, '').replace(/\/+$/, '');
  let source = '';
  for (let i = 0; i < normalized.length; i++) {
    const char = normalized[i];
    if (char === '*' && normalized[i + 1] === '*') {
      const slash = normalized[i + 2] === '/';
      source += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/** Every file under `dir`, relative with `/`, sorted. */
export async function walkFiles(dir: string, base = dir): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await walkFiles(full, base)));
    else if (entry.isFile()) {
      files.push(path.relative(base, full).split(path.sep).join('/'));
    }
  }
  return files.sort();
}

export interface CollectResult {
  /** Paths as written in the output directory. */
  files: string[];
  /** Patterns that matched no file (CodeBuild fails UPLOAD_ARTIFACTS on these). */
  unmatched: string[];
}

/**
 * Copies the files matching `patterns` (relative to `baseDir`) into `outDir`,
 * keeping their relative paths unless `discardPaths`.
 */
export async function collectFiles(
  baseDir: string,
  patterns: string[],
  outDir: string,
  options: { discardPaths?: boolean; excludePaths?: string[] } = {},
): Promise<CollectResult> {
  const all = await walkFiles(baseDir).catch(() => [] as string[]);
  const excludes = (options.excludePaths ?? []).map(patternToRegExp);
  const chosen = new Set<string>();
  const unmatched: string[] = [];
  for (const pattern of patterns) {
    const re = patternToRegExp(pattern);
    const matches = all.filter(
      file => re.test(file) && !excludes.some(ex => ex.test(file)),
    );
    if (matches.length === 0) unmatched.push(pattern);
    matches.forEach(file => chosen.add(file));
  }
  const files: string[] = [];
  for (const file of [...chosen].sort()) {
    const target = options.discardPaths ? path.basename(file) : file;
    await fs.mkdir(path.dirname(path.join(outDir, target)), {
      recursive: true,
    });
    await fs.copyFile(path.join(baseDir, file), path.join(outDir, target));
    files.push(target);
  }
  return { files, unmatched };
}
