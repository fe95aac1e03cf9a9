/** Test helpers: the real git CLI on working copies, with a fixed author. */
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startLocalWorldServer } from '../server/handler';
import { gitEnvironment } from './exec';
import { localGit } from './localGit';
import type { PushEvent } from './route';

export const TEST_AUTHOR = {
  GIT_AUTHOR_NAME: 'Dev Eloper',
  GIT_AUTHOR_EMAIL: 'dev@example.com',
  GIT_COMMITTER_NAME: 'Dev Eloper',
  GIT_COMMITTER_EMAIL: 'dev@example.com',
};

/** Runs `git args…` in `cwd`; its stdout, trimmed. */
export function gitCli(cwd: string, ...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      ['-c', 'init.defaultBranch=main', ...args],
      { cwd, env: gitEnvironment(TEST_AUTHOR) },
      (error, stdout, stderr) =>
        error
          ? reject(
              new Error(`git ${args.join(' ')}: ${stderr || error.message}`),
            )
          : resolve(stdout.trim()),
    );
  });
}

export async function tempDir(prefix: string): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), prefix));
}

/** Writes files (path → content) under `dir`. */
export async function writeFiles(dir: string, files: Record<string, string>) {
  for (const [file, content] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await fs.writeFile(path.join(dir, file), content);
  }
}

/** A new working copy with one commit of `files`; its commit id. */
export async function commitFiles(
  dir: string,
  files: Record<string, string>,
  message: string,
): Promise<string> {
  await fs.mkdir(dir, { recursive: true });
  await gitCli(dir, 'init', '--quiet');
  await writeFiles(dir, files);
  await gitCli(dir, 'add', '--all');
  await gitCli(dir, 'commit', '--quiet', '-m', message);
  return gitCli(dir, 'rev-parse', 'HEAD');
}

/**
 * A git server alone on a local world server (no AWS behind it), its
 * repositories in a temporary folder, recording every push.
 */
export async function startGitWorld(prefix: string) {
  const work = await tempDir(prefix);
  const pushes: PushEvent[] = [];
  let url = '';
  const git = localGit({
    root: path.join(work, 'repositories'),
    checkouts: path.join(work, 'checkouts'),
    publicUrl: () => url,
  });
  git.onPush(event => {
    pushes.push(event);
  });
  // No AWS call reaches the upstream in these tests.
  const world = await startLocalWorldServer({
    upstream: 'http://127.0.0.1:9',
    routes: [git.route],
  });
  url = world.url;
  return {
    work,
    git,
    world,
    pushes,
    async close() {
      await world.close();
      await fs.rm(work, { recursive: true, force: true });
    },
  };
}
