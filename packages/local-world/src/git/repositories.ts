import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { git, gitEnvironment, GitCommandError } from './exec';
import {
  isBranchName,
  isCommitId,
  repositoryName,
  type RepositoryName,
} from './names';

/** A commit as the server shows it. */
export interface CommitInfo {
  id: string;
  message: string;
  author: string;
  /** Seconds since the epoch. */
  time: number;
}

/** What an object under a ref is: a file's bytes or a folder's entries. */
export type TreeItem =
  | { type: 'blob'; content: Buffer }
  | { type: 'tree'; entries: { name: string; type: 'blob' | 'tree' }[] };

/**
 * Bare repositories under `root`, one folder per repository:
 * `<root>/<owner>/<repo>.git`.
 */
export class GitRepositories {
  constructor(readonly root: string) {}

  gitDir(name: RepositoryName): string {
    const { owner, repo } = repositoryName(name.owner, name.repo);
    return path.join(this.root, owner, `${repo}.git`);
  }

  async exists(name: RepositoryName): Promise<boolean> {
    try {
      await fs.access(path.join(this.gitDir(name), 'HEAD'));
      return true;
    } catch {
      return false;
    }
  }

  /** Creates an empty bare repository whose default branch is `main`; idempotent. */
  async create(name: RepositoryName): Promise<string> {
    const dir = this.gitDir(name);
    if (await this.exists(name)) return dir;
    await fs.mkdir(path.dirname(dir), { recursive: true });
    await git(['init', '--bare', '--quiet', '--initial-branch=main', dir]);
    // Pushes over HTTP (git http-backend refuses them unless told).
    await git(['--git-dir', dir, 'config', 'http.receivepack', 'true']);
    return dir;
  }

  async list(): Promise<RepositoryName[]> {
    const names: RepositoryName[] = [];
    const owners = await fs.readdir(this.root).catch(() => [] as string[]);
    for (const owner of owners.sort()) {
      const entries = await fs
        .readdir(path.join(this.root, owner))
        .catch(() => [] as string[]);
      for (const entry of entries.sort()) {
        if (!entry.endsWith('.git')) continue;
        try {
          names.push(repositoryName(owner, entry.slice(0, -4)));
        } catch {
          // not one of ours
        }
      }
    }
    return names;
  }

  /** Branch and tag heads: full ref name → commit id. */
  async refs(name: RepositoryName): Promise<Map<string, string>> {
    const out = await git([
      '--git-dir',
      this.gitDir(name),
      'for-each-ref',
      '--format=%(objectname) %(refname)',
      'refs/heads',
      'refs/tags',
    ]);
    const refs = new Map<string, string>();
    for (const line of out.toString('utf8').split('\n')) {
      const [id, ref] = line.split(' ');
      if (id && ref) refs.set(ref, id);
    }
    return refs;
  }

  /** The commit a branch points at, or undefined when there is no such branch. */
  async branchHead(
    name: RepositoryName,
    branch: string,
  ): Promise<string | undefined> {
    if (!isBranchName(branch) || !(await this.exists(name))) return undefined;
    return (await this.refs(name)).get(`refs/heads/${branch}`);
  }

  /** Resolves a branch, tag or commit id to a commit id (undefined when unknown). */
  async resolve(
    name: RepositoryName,
    ref: string,
  ): Promise<string | undefined> {
    if (!isBranchName(ref) && !isCommitId(ref)) return undefined;
    const refs = await this.refs(name);
    const named = refs.get(`refs/heads/${ref}`) ?? refs.get(`refs/tags/${ref}`);
    const candidate = named ?? ref;
    try {
      const out = await git([
        '--git-dir',
        this.gitDir(name),
        'rev-parse',
        '--verify',
        '--quiet',
        `${candidate}^{commit}`,
      ]);
      return out.toString('utf8').trim() || undefined;
    } catch {
      return undefined;
    }
  }

  async commit(
    name: RepositoryName,
    id: string,
  ): Promise<CommitInfo | undefined> {
    const resolved = await this.resolve(name, id);
    if (!resolved) return undefined;
    const out = await git([
      '--git-dir',
      this.gitDir(name),
      'show',
      '--no-patch',
      '--format=%H%x00%an <%ae>%x00%at%x00%B',
      resolved,
    ]);
    const [commitId, author, time, message] = out.toString('utf8').split('\0');
    return {
      id: commitId,
      author,
      time: Number(time),
      message: message.trim(),
    };
  }

  /** `git show --stat` of a commit (its changed files). */
  async stat(name: RepositoryName, commitId: string): Promise<string> {
    const out = await git([
      '--git-dir',
      this.gitDir(name),
      'show',
      '--stat',
      '--format=',
      commitId,
    ]);
    return out.toString('utf8').trim();
  }

  /** The repository holding a commit (the first one, by name). */
  async findCommit(id: string): Promise<RepositoryName | undefined> {
    if (!isCommitId(id)) return undefined;
    for (const name of await this.list()) {
      try {
        await git([
          '--git-dir',
          this.gitDir(name),
          'cat-file',
          '-e',
          `${id}^{commit}`,
        ]);
        return name;
      } catch (error) {
        if (!(error instanceof GitCommandError)) throw error;
      }
    }
    return undefined;
  }

  /** A file's bytes or a folder's entries at a commit; undefined when absent. */
  async item(
    name: RepositoryName,
    commitId: string,
    filePath: string,
  ): Promise<TreeItem | undefined> {
    const clean = filePath.replace(/^\/+|\/+$/g, '');
    if (clean.split('/').some(s => s === '..' || s === '.')) return undefined;
    const spec = `${commitId}:${clean}`;
    const gitDir = this.gitDir(name);
    let type: string;
    try {
      type = (await git(['--git-dir', gitDir, 'cat-file', '-t', spec]))
        .toString('utf8')
        .trim();
    } catch {
      return undefined;
    }
    if (type === 'blob') {
      return {
        type,
        content: await git(['--git-dir', gitDir, 'cat-file', 'blob', spec]),
      };
    }
    if (type !== 'tree') return undefined;
    const out = await git(['--git-dir', gitDir, 'ls-tree', '-z', spec]);
    const entries = out
      .toString('utf8')
      .split('\0')
      .filter(Boolean)
      .map(line => {
        const [meta, entryName] = line.split('\t');
        return {
          name: entryName,
          type:
            meta.split(' ')[1] === 'tree'
              ? ('tree' as const)
              : ('blob' as const),
        };
      });
    return { type: 'tree', entries };
  }

  /** Writes the files of a commit into `dir` (git archive | tar). */
  async extract(name: RepositoryName, commitId: string, dir: string) {
    await fs.mkdir(dir, { recursive: true });
    await new Promise<void>((resolve, reject) => {
      const archive = spawn(
        'git',
        ['--git-dir', this.gitDir(name), 'archive', '--format=tar', commitId],
        { env: gitEnvironment(), stdio: ['ignore', 'pipe', 'pipe'] },
      );
      const tar = spawn('tar', ['-x', '-C', dir], {
        stdio: ['pipe', 'ignore', 'pipe'],
      });
      const errors: string[] = [];
      archive.stderr.on('data', chunk => errors.push(String(chunk)));
      tar.stderr.on('data', chunk => errors.push(String(chunk)));
      archive.stdout.pipe(tar.stdin);
      let pending = 2;
      const done = (code: number | null) => {
        if (code !== 0) {
          reject(
            new Error(
              `Could not extract commit ${commitId}: ${errors.join('').trim()}`,
            ),
          );
        } else if (--pending === 0) resolve();
      };
      archive.on('error', reject);
      tar.on('error', reject);
      archive.on('close', done);
      tar.on('close', done);
    });
  }
}
