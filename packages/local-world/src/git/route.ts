import type http from 'node:http';
import { serveWithHttpBackend } from './httpBackend';
import {
  BadNameError,
  fullRepositoryId,
  isCommitId,
  repositoryName,
  type RepositoryName,
} from './names';
import { commitPage, indexPage, repositoryPage } from './pages';
import { PushReceiver, type PushEvent } from './pushes';
import type { GitRepositories } from './repositories';

export type { PushEvent };

export const GIT_PREFIX = '/git/';

export interface GitRouteOptions {
  repositories: GitRepositories;
  /** Creates a repository on the first push to it (default true). */
  createOnPush?: boolean;
  /** Called after a push changed refs, once per created or moved ref. */
  onPushed(events: PushEvent[]): void;
}

function text(res: http.ServerResponse, status: number, body: string) {
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

function html(res: http.ServerResponse, body: string) {
  res.writeHead(200, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

/**
 * The local git server's HTTP side, under `/git/`:
 * - `/git/<owner>/<repo>.git/…` — git's smart HTTP (clone, fetch, push) by
 *   `git http-backend`; a push to a repository that does not exist creates it;
 * - `/git/<owner>/<repo>/raw/<ref>/<path>` — a file's bytes at a branch, tag
 *   or commit (a folder gives its entries, one a line, folders ending in `/`);
 * - `/git/<owner>/<repo>` and `/git/<owner>/<repo>/commit/<id>` — plain pages.
 */
export function createGitHandler(options: GitRouteOptions) {
  const { repositories } = options;
  const pushes = new PushReceiver(repositories);

  async function smartHttp(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    name: RepositoryName,
    rest: string,
    query: URLSearchParams,
  ) {
    const id = fullRepositoryId(name);
    if (rest === '' && req.method === 'GET') {
      res.writeHead(302, { location: `${GIT_PREFIX}${id}` });
      res.end();
      return;
    }
    const pushing =
      (rest === 'info/refs' && query.get('service') === 'git-receive-pack') ||
      rest === 'git-receive-pack';
    if (
      !(await repositories.exists(name)) &&
      pushing &&
      options.createOnPush !== false
    ) {
      await repositories.create(name);
    }
    if (!(await repositories.exists(name))) {
      text(res, 404, `Repository ${id} not found in the local world\n`);
      return;
    }
    const serve = () =>
      serveWithHttpBackend({
        projectRoot: repositories.root,
        pathInfo: `/${name.owner}/${name.repo}.git/${rest}`,
        query: query.toString(),
        req,
        res,
      });
    if (req.method === 'POST' && rest === 'git-receive-pack') {
      await pushes.receive(name, serve, options.onPushed);
    } else {
      await serve();
    }
  }

  /** `<ref>/<path>`: the longest branch or tag the segments start with, else a commit id. */
  async function splitRef(
    name: RepositoryName,
    segments: string[],
  ): Promise<{ commit: string; path: string } | undefined> {
    const refs = await repositories.refs(name);
    for (let i = segments.length; i > 0; i--) {
      const ref = segments.slice(0, i).join('/');
      const id = refs.get(`refs/heads/${ref}`) ?? refs.get(`refs/tags/${ref}`);
      if (id) return { commit: id, path: segments.slice(i).join('/') };
    }
    if (segments[0] && isCommitId(segments[0])) {
      const commit = await repositories.resolve(name, segments[0]);
      if (commit) return { commit, path: segments.slice(1).join('/') };
    }
    return undefined;
  }

  async function raw(
    res: http.ServerResponse,
    name: RepositoryName,
    segments: string[],
  ) {
    const at = await splitRef(name, segments);
    const item = at && (await repositories.item(name, at.commit, at.path));
    if (!item) {
      text(res, 404, `Not found: ${segments.join('/')}\n`);
      return;
    }
    if (item.type === 'tree') {
      text(
        res,
        200,
        item.entries
          .map(e => (e.type === 'tree' ? `${e.name}/` : e.name))
          .join('\n')
          .concat('\n'),
      );
      return;
    }
    res.writeHead(200, {
      'content-type': 'text/plain; charset=utf-8',
      'content-length': item.content.length,
      etag: `"${at!.commit}:${at!.path}"`,
    });
    res.end(item.content);
  }

  async function repositoryView(
    res: http.ServerResponse,
    name: RepositoryName,
    cloneUrl: string,
  ) {
    const refs = await repositories.refs(name);
    const branchNames = [...refs.keys()]
      .filter(r => r.startsWith('refs/heads/'))
      .map(r => r.slice('refs/heads/'.length));
    const defaultBranch = branchNames.includes('main')
      ? 'main'
      : branchNames[0];
    const branches = await Promise.all(
      branchNames.map(async b => ({
        name: b,
        commit: await repositories.commit(name, refs.get(`refs/heads/${b}`)!),
      })),
    );
    const top = defaultBranch
      ? await repositories.item(
          name,
          refs.get(`refs/heads/${defaultBranch}`)!,
          '',
        )
      : undefined;
    html(
      res,
      repositoryPage({
        id: fullRepositoryId(name),
        cloneUrl,
        branches,
        defaultBranch,
        files: top?.type === 'tree' ? top.entries : [],
      }),
    );
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://local-world');
    const segments = url.pathname
      .slice(GIT_PREFIX.length)
      .split('/')
      .map(s => decodeURIComponent(s));
    if (segments.some(s => s === '.' || s === '..' || s.includes('/'))) {
      throw new BadNameError(`Invalid path ${url.pathname}`);
    }
    if (segments.length === 1 && segments[0] === '') {
      const names = await repositories.list();
      html(res, indexPage(names.map(fullRepositoryId)));
      return;
    }
    const [owner, second = '', view, ...rest] = segments;
    const smart = second.endsWith('.git');
    const name = repositoryName(owner, smart ? second.slice(0, -4) : second);
    if (smart) {
      await smartHttp(
        req,
        res,
        name,
        [view, ...rest].filter(s => s !== undefined).join('/'),
        url.searchParams,
      );
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      text(res, 405, 'Only GET here; push to the .git URL\n');
      return;
    }
    if (!(await repositories.exists(name))) {
      text(
        res,
        404,
        `Repository ${fullRepositoryId(name)} not found in the local world\n`,
      );
      return;
    }
    if (view === undefined || view === '') {
      const host = req.headers.host ?? '127.0.0.1';
      await repositoryView(
        res,
        name,
        `http://${host}${GIT_PREFIX}${fullRepositoryId(name)}.git`,
      );
    } else if (view === 'raw') {
      await raw(res, name, rest.filter(Boolean));
    } else if (view === 'commit' && rest[0] && isCommitId(rest[0])) {
      const commit = await repositories.commit(name, rest[0]);
      if (!commit) text(res, 404, `No commit ${rest[0]}\n`);
      else
        html(
          res,
          commitPage(
            fullRepositoryId(name),
            commit,
            await repositories.stat(name, commit.id),
          ),
        );
    } else {
      text(res, 404, 'Not found\n');
    }
  }

  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    handle(req, res).catch(error => {
      const status =
        error instanceof BadNameError || error instanceof URIError ? 400 : 500;
      if (!res.headersSent) {
        text(res, status, `${error.message}\n`);
      } else {
        res.destroy(error);
      }
    });
  };
  return Object.assign(handler, {
    pushesReceived: () => pushes.received(),
  });
}
