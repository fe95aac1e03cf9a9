import { spawn } from 'node:child_process';
import type http from 'node:http';
import { gitEnvironment } from './exec';

/**
 * Serves one request with `git http-backend` (git's smart HTTP as a CGI
 * program): the request's headers become CGI variables, its body the
 * program's stdin, and the program's output (CGI headers, a blank line, the
 * body) the response. Resolves when the response has ended.
 */
export function serveWithHttpBackend(options: {
  projectRoot: string;
  /** The path below the project root, e.g. `/acme/orders.git/info/refs`. */
  pathInfo: string;
  query: string;
  req: http.IncomingMessage;
  res: http.ServerResponse;
}): Promise<void> {
  const { req, res } = options;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    const key = `HTTP_${name.toUpperCase().replace(/-/g, '_')}`;
    headers[key] = Array.isArray(value) ? value.join(', ') : value;
  }
  const env = gitEnvironment({
    ...headers,
    GIT_PROJECT_ROOT: options.projectRoot,
    GIT_HTTP_EXPORT_ALL: '1',
    PATH_INFO: options.pathInfo,
    QUERY_STRING: options.query,
    REQUEST_METHOD: req.method ?? 'GET',
    CONTENT_TYPE: req.headers['content-type'] ?? '',
    REMOTE_ADDR: req.socket.remoteAddress ?? '127.0.0.1',
    // http-backend accepts pushes from an authenticated user only; the local
    // world has no accounts, so every caller is this one.
    REMOTE_USER: 'local-world',
    SERVER_PROTOCOL: `HTTP/${req.httpVersion}`,
    GATEWAY_INTERFACE: 'CGI/1.1',
  });
  if (req.headers['content-length']) {
    env.CONTENT_LENGTH = req.headers['content-length'];
  }
  return new Promise(resolve => {
    const child = spawn('git', ['http-backend'], {
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const stderr: string[] = [];
    child.stderr.on('data', chunk => stderr.push(String(chunk)));
    req.pipe(child.stdin);
    child.stdin.on('error', () => undefined);

    let head = Buffer.alloc(0);
    let started = false;
    const start = (rest: Buffer, headerText: string) => {
      started = true;
      let status = 200;
      const responseHeaders: Record<string, string> = {};
      for (const line of headerText.split(/\r?\n/)) {
        const colon = line.indexOf(':');
        if (colon < 0) continue;
        const name = line.slice(0, colon).trim();
        const value = line.slice(colon + 1).trim();
        if (name.toLowerCase() === 'status') status = parseInt(value, 10);
        else responseHeaders[name] = value;
      }
      res.writeHead(status, responseHeaders);
      if (rest.length) res.write(rest);
      child.stdout.pipe(res);
    };
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const match = /\r?\n\r?\n/.exec(head.toString('latin1'));
      if (!match) return;
      child.stdout.off('data', onData);
      start(
        head.subarray(match.index + match[0].length),
        head.subarray(0, match.index).toString('latin1'),
      );
    };
    child.stdout.on('data', onData);
    child.on('error', error => {
      if (!res.headersSent)
        res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`local world: git http-backend: ${error.message}`);
      resolve();
    });
    child.on('close', code => {
      if (!started) {
        if (!res.headersSent) {
          res.writeHead(code === 0 ? 200 : 500, {
            'content-type': 'text/plain',
          });
        }
        res.end(stderr.join(''));
      }
      // stdout is piped into res; end it once it drained.
      if (res.writableEnded) resolve();
      else res.once('finish', () => resolve());
    });
  });
}
