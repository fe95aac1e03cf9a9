/**
 * Names the local git server accepts. Everything that reaches a path or a git
 * command line is checked here first.
 */

const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}$/;
/** Branch and tag names: git's rules, narrowed to what URLs carry plainly. */
const REF =
  /^(?!-)(?!.*\.\.)(?!.*\/\/)(?!.*\.lock(\/|$))[A-Za-z0-9._/-]{1,200}(?<![/.])$/;
const COMMIT = /^[0-9a-f]{7,40}$/;

/** `owner/repo`, as CodeStar connections name a repository (`FullRepositoryId`). */
export interface RepositoryName {
  owner: string;
  repo: string;
}

export class BadNameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BadNameError';
  }
}

/**
 * Checks an owner and a repository name: letters, digits, `.`, `_`, `-`, not
 * starting with a dot, and no `.git` suffix on the repository (URLs add it).
 */
export function repositoryName(owner: string, repo: string): RepositoryName {
  for (const [what, value] of [
    ['owner', owner],
    ['repository', repo],
  ]) {
    if (!SEGMENT.test(value) || value.includes('..')) {
      throw new BadNameError(
        `Invalid ${what} name '${value}': use 1 to 100 letters, digits, '.', '_' or '-', not starting with '.' and without '..'`,
      );
    }
  }
  if (repo.toLowerCase().endsWith('.git')) {
    throw new BadNameError(
      `Invalid repository name '${repo}': leave out the .git suffix`,
    );
  }
  return { owner, repo };
}

/** `owner/repo` → its name, or a BadNameError. */
export function parseFullRepositoryId(id: string): RepositoryName {
  const parts = id.split('/');
  if (parts.length !== 2) {
    throw new BadNameError(
      `Invalid repository '${id}': expected <owner>/<repository>`,
    );
  }
  return repositoryName(parts[0], parts[1]);
}

export function fullRepositoryId(name: RepositoryName): string {
  return `${name.owner}/${name.repo}`;
}

export function isBranchName(name: string): boolean {
  return REF.test(name);
}

export function isCommitId(value: string): boolean {
  return COMMIT.test(value);
}
