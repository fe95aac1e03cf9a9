import fs from 'node:fs/promises';
import path from 'node:path';
import { run } from './processes';

/**
 * A fresh virtualenv for a rendered service, with its pinned requirements
 * installed from the machine's configured (local) index. The venv is made
 * without its own pip: the interpreter's pip installs into it (`--python`),
 * which saves the ensurepip step; pip's cache is shared between venvs.
 */
export async function createVenv(serviceDir: string): Promise<string> {
  const venv = path.join(serviceDir, '.venv');
  await run('python3', ['-m', 'venv', '--without-pip', venv]);
  const python = path.join(venv, 'bin', 'python');
  await run(
    'python3',
    [
      '-m',
      'pip',
      '--python',
      python,
      'install',
      '--quiet',
      // An unreachable default index must fail fast, not be retried.
      '--retries',
      '0',
      '-r',
      'requirements.txt',
      '-r',
      'requirements-dev.txt',
    ],
    { cwd: serviceDir, timeoutMs: 240_000 },
  );
  return python;
}

/** Runs the service's pytest suite as the buildspec does, with a JUnit report. */
export async function runPytest(serviceDir: string, python: string) {
  const report = path.join(serviceDir, 'reports', 'junit.xml');
  await fs.mkdir(path.dirname(report), { recursive: true });
  const result = await run(
    python,
    ['-m', 'pytest', '-q', `--junitxml=${report}`, '-p', 'no:cacheprovider'],
    {
      cwd: serviceDir,
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
    },
  );
  const junit = await fs.readFile(report, 'utf8');
  const suite = /<testsuite\b[^>]*>/.exec(junit)?.[0] ?? '';
  const count = (name: string) =>
    Number(new RegExp(`\\b${name}="(\\d+)"`).exec(suite)?.[1] ?? NaN);
  return {
    ...result,
    tests: count('tests'),
    failures: count('failures'),
    errors: count('errors'),
    skipped: count('skipped'),
  };
}
