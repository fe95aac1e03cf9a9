import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { LocalWorldRoute } from '../server/handler';
import type {
  ActionRunContext,
  SourceRevisionResult,
} from '../pipelines/runners';
import {
  fullRepositoryId,
  isCommitId,
  parseFullRepositoryId,
  repositoryName,
  type RepositoryName,
} from './names';
import { GitRepositories } from './repositories';
import { createGitHandler, GIT_PREFIX, type PushEvent } from './route';

export type PushListener = (event: PushEvent) => unknown;

export interface LocalGitOptions {
  /** Where the bare repositories live (`<root>/<owner>/<repo>.git`). */
  root: string;
  /**
   * The local world's URL (e.g. `http://127.0.0.1:4010`), for the links in
   * source revisions; a function when it is known only once the server listens.
   */
  publicUrl: string | (() => string);
  /** Where `sourceFor` extracts commits; a temporary folder by default. */
  checkouts?: string;
  /** Creates a repository on the first push to it (default true). */
  createOnPush?: boolean;
  /** Where a failing push listener is reported (default: console.error). */
  onListenerError?(error: unknown, event: PushEvent): void;
}

export interface LocalGit {
  /** The `/git/` route for `startLocalWorldServer({ routes })`. */
  route: LocalWorldRoute;
  /** Bare repositories under the root. */
  repositories: GitRepositories;
  /** `<publicUrl>/git/<owner>/<repo>.git`. */
  cloneUrl(owner: string, repo: string): string;
  createRepository(owner: string, repo: string): Promise<string>;
  /** Whether `owner/repo` exists here and has the branch. */
  hasBranch(fullRepositoryId: string, branch: string): Promise<boolean>;
  /**
   * For `codeStarSourceRunner({ latestRevision })`: the commit a
   * CodeStarSourceConnection action gets — the StartPipelineExecution
   * override if any, else the head of `BranchName` — with CodeStar's
   * revision summary and a link to the commit here. Undefined for
   * repositories this server does not hold; an error (the action fails, as
   * on AWS) for a missing branch or commit of one it holds.
   */
  latestRevision(
    context: Pick<
      ActionRunContext,
      'resolvedConfiguration' | 'sourceRevisionOverride'
    >,
  ): Promise<SourceRevisionResult | undefined>;
  /** For `codeBuildRunner({ sourceFor })`: a folder with the files of the commit. */
  sourceFor(pipelineName: string, revision: string): Promise<string>;
  /** Calls `listener` for every branch or tag a push creates or moves. */
  onPush(listener: PushListener): () => void;
  /** Resolves once the listeners of every push so far have finished. */
  settled(): Promise<void>;
}

/**
 * The local world's git server: bare repositories served over git's smart
 * HTTP, the revisions CodeStar source actions read from them, checkouts for
 * builds, and push events for the pipelines that watch a branch.
 */
export function localGit(options: LocalGitOptions): LocalGit {
  const repositories = new GitRepositories(options.root);
  const listeners = new Set<PushListener>();
  const pending = new Set<Promise<void>>();
  const baseUrl = () =>
    (typeof options.publicUrl === 'function'
      ? options.publicUrl()
      : options.publicUrl
    ).replace(/\/+$/, '');
  const report =
    options.onListenerError ??
    ((error: unknown, event: PushEvent) =>
      // eslint-disable-next-line no-console
      console.error(
        `local world: push to ${event.fullRepositoryId} ${event.ref}: ${
          (error as Error)?.message ?? error
        }`,
      ));

  const handler = createGitHandler({
    repositories,
    createOnPush: options.createOnPush,
    onPushed(events) {
      for (const event of events) {
        for (const listener of listeners) {
          const run = Promise.resolve()
            .then(() => listener(event))
            .then(
              () => undefined,
              error => report(error, event),
            );
          pending.add(run);
          void run.finally(() => pending.delete(run));
        }
      }
    },
  });

  let checkouts: Promise<string> | undefined;
  const checkoutRoot = () =>
    (checkouts ??= options.checkouts
      ? fs
          .mkdir(options.checkouts, { recursive: true })
          .then(() => options.checkouts!)
      : fs.mkdtemp(path.join(os.tmpdir(), 'local-world-checkouts-')));

  const commitUrl = (name: RepositoryName, id: string) =>
    `${baseUrl()}${GIT_PREFIX}${fullRepositoryId(name)}/commit/${id}`;

  return {
    route: { prefix: GIT_PREFIX, handle: handler },
    repositories,
    cloneUrl: (owner, repo) =>
      `${baseUrl()}${GIT_PREFIX}${fullRepositoryId(
        repositoryName(owner, repo),
      )}.git`,
    createRepository: async (owner, repo) =>
      repositories.create(repositoryName(owner, repo)),
    async hasBranch(id, branch) {
      const name = parseFullRepositoryId(id);
      return (await repositories.branchHead(name, branch)) !== undefined;
    },
    async latestRevision(context) {
      const config = context.resolvedConfiguration;
      let name: RepositoryName;
      try {
        name = parseFullRepositoryId(config.FullRepositoryId ?? '');
      } catch {
        return undefined;
      }
      if (!(await repositories.exists(name))) return undefined;
      const id = fullRepositoryId(name);
      const wanted = context.sourceRevisionOverride;
      const commitId = wanted
        ? await repositories.resolve(name, wanted)
        : await repositories.branchHead(name, config.BranchName ?? '');
      if (!commitId) {
        // The missing branch in CodeStar connections' wording.
        throw new Error(
          wanted
            ? `[GitHub] Could not find commit [${wanted}] in FullRepositoryName [${id}]`
            : `[GitHub] No Branch [${config.BranchName}] found for FullRepositoryName [${id}]`,
        );
      }
      const commit = await repositories.commit(name, commitId);
      return {
        revisionId: commitId,
        revisionSummary: JSON.stringify({
          ProviderType: 'GitHub',
          CommitMessage: commit?.message ?? '',
        }),
        revisionUrl: commitUrl(name, commitId),
      };
    },
    async sourceFor(_pipelineName, revision) {
      if (!isCommitId(revision)) {
        throw new Error(`'${revision}' is not a commit id`);
      }
      const name = await repositories.findCommit(revision);
      if (!name) {
        throw new Error(
          `The local world's git server has no commit ${revision}`,
        );
      }
      const commitId = (await repositories.resolve(name, revision))!;
      const dir = path.join(await checkoutRoot(), commitId);
      try {
        await fs.access(dir);
        return dir;
      } catch {
        // not extracted yet
      }
      const partial = await fs.mkdtemp(`${dir}.partial-`);
      await repositories.extract(name, commitId, partial);
      await fs.rename(partial, dir).catch(async error => {
        // Another build extracted the same commit meanwhile.
        await fs.rm(partial, { recursive: true, force: true });
        if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
      });
      return dir;
    },
    onPush(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async settled() {
      await handler.pushesReceived();
      while (pending.size) await Promise.all([...pending]);
    },
  };
}

export type { PushEvent };
