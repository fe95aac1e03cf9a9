import fs from 'node:fs';
import type { BuildStore } from '../builds/store';
import type { LocalWorldRoute } from './handler';

export const BUILD_LOGS_PREFIX = '/builds/';

/**
 * Serves the log of each build the local world ran at
 * `/builds/<url-encoded build id>/log` (as text, the whole log so far), so
 * the portal's "View logs" link opens in a browser. Give the builds
 * `logUrlBase: <world URL>/builds`.
 */
export function buildLogRoute(builds: BuildStore): LocalWorldRoute {
  return {
    prefix: BUILD_LOGS_PREFIX,
    handle(req, res) {
      const match = /^\/builds\/([^/]+)\/log$/.exec(
        new URL(req.url ?? '/', 'http://local').pathname,
      );
      const build = match
        ? builds.get(decodeURIComponent(match[1]))
        : undefined;
      if (req.method !== 'GET' || !build) {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('No such build in the local world\n');
        return;
      }
      res.writeHead(200, {
        'content-type': 'text/plain; charset=utf-8',
        'cache-control': 'no-store',
      });
      fs.createReadStream(build.logFile)
        .on('error', () => res.end())
        .pipe(res);
    },
  };
}
