import { spawnSync } from 'node:child_process';
import fsSync from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * How a build gets a /tmp of its own (buildspecs write to absolute paths such
 * as /tmp/venv, and a CodeBuild container starts with an empty /tmp):
 * `root` — `unshare --mount` (running as root); `user` — `unshare --user
 * --map-root-user --mount` (an unprivileged user namespace); `none` — the
 * machine's /tmp, shared with other builds (logged).
 */
export type TmpIsolation = 'root' | 'user' | 'none';

export function unsharePrefix(mode: TmpIsolation): string[] {
  if (mode === 'root') return ['unshare', '--mount'];
  if (mode === 'user')
    return ['unshare', '--user', '--map-root-user', '--mount'];
  return [];
}

let probed: TmpIsolation | undefined;

/** Finds (once) how this machine can give a process a private /tmp. */
export function probeTmpIsolation(): TmpIsolation {
  if (probed) return probed;
  probed = 'none';
  let dir: string | undefined;
  try {
    dir = fsSync.mkdtempSync(path.join(os.homedir(), '.slipway-tmp-probe-'));
    for (const mode of ['root', 'user'] as const) {
      const result = spawnSync(
        unsharePrefix(mode)[0],
        [
          ...unsharePrefix(mode).slice(1),
          'bash',
          '-c',
          'mount --bind "$1" /tmp && test -z "$(ls -A /tmp)"',
          '_',
          dir,
        ],
        { stdio: 'ignore', timeout: 10_000 },
      );
      if (result.status === 0) {
        probed = mode;
        break;
      }
    }
  } catch {
    // no unshare: shared /tmp
  } finally {
    if (dir) fsSync.rmSync(dir, { recursive: true, force: true });
  }
  return probed;
}

/** Whether `child` is `dir` or inside it. */
export function isInside(child: string, dir: string): boolean {
  const relative = path.relative(dir, child);
  return (
    relative === '' ||
    (!relative.startsWith('..') && !path.isAbsolute(relative))
  );
}

/**
 * Where sandboxes go by default: outside /tmp (it is replaced inside the
 * build), so /var/tmp when it is writable, else the system temp directory.
 */
export function defaultWorkRoot(): string {
  const tmp = fsSync.realpathSync(os.tmpdir());
  if (!isInside(tmp, '/tmp')) return path.join(tmp, 'slipway-local-world');
  try {
    fsSync.accessSync('/var/tmp', fsSync.constants.W_OK);
    return '/var/tmp/slipway-local-world';
  } catch {
    return path.join(tmp, 'slipway-local-world');
  }
}

/** The first `name` on `PATH` outside `exclude`, as an absolute path. */
export function which(
  name: string,
  searchPath = process.env.PATH ?? '',
  exclude: string[] = [],
): string | undefined {
  for (const dir of searchPath.split(path.delimiter)) {
    if (!dir || exclude.includes(dir)) continue;
    const candidate = path.join(dir, name);
    try {
      fsSync.accessSync(candidate, fsSync.constants.X_OK);
      if (fsSync.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}
