#!/usr/bin/env node
/*
 * Starts moto_server on 127.0.0.1 and, in front of it, a small adapter that
 * smooths over two moto 5.2.1 gaps so that Backstage's real AWS SDK v3 clients
 * work against it unchanged:
 *
 *  - CodeBuild CreateProject: moto insists on source.location and
 *    artifacts.location even for CODEPIPELINE projects (AWS does not); the
 *    adapter adds a placeholder to the request.
 *  - CodePipeline and CodeDeploy (JSON 1.1 services): moto sends some
 *    timestamps (GetPipeline, ListPipelines, GetApplication, …) as ISO-8601
 *    strings where AWS sends epoch seconds, which the JavaScript SDK cannot
 *    parse; the adapter rewrites them in the response.
 *
 * Usage: node scripts/demo/moto.js [--port N]
 * Prints one JSON line {"endpoint": <adapter URL>, "motoEndpoint": <moto URL>}
 * once both answer, then runs until SIGINT/SIGTERM, stopping moto_server too.
 * Use `endpoint` as AWS_ENDPOINT_URL. Never listens on anything but 127.0.0.1.
 */
'use strict';

const { spawn } = require('node:child_process');
const http = require('node:http');
const net = require('node:net');

const HOST = '127.0.0.1';
const STARTUP_TIMEOUT_MS = 30_000;

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function answers(url) {
  try {
    const response = await fetch(url);
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

function startMoto(port) {
  const child = spawn('moto_server', ['-H', HOST, '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, MOTO_ECS_SERVICE_RUNNING: '1' },
  });
  let stderr = '';
  child.stderr.on('data', chunk => {
    stderr = (stderr + String(chunk)).slice(-4000);
  });
  const failed = new Promise((_, reject) => {
    child.once('error', error =>
      reject(
        error.code === 'ENOENT'
          ? new Error(
              'moto_server is not on the PATH: pip install "moto[server]==5.2.1"',
            )
          : error,
      ),
    );
    child.once('exit', code =>
      reject(new Error(`moto_server exited with code ${code}:\n${stderr}`)),
    );
  });
  return { child, failed };
}

const CODEBUILD_CREATE = 'CodeBuild_20161006.CreateProject';
const EPOCH_SERVICES = /^(CodePipeline_20150709|CodeDeploy_20141006)\./;
const ISO_TIMESTAMP =
  /"([A-Za-z]+)":\s*"(\d{4}-\d\d-\d\dT[0-9:.]+(?:Z|[+-]\d\d:?\d\d)?)"/g;

function withLocations(body) {
  const request = JSON.parse(body);
  for (const part of ['source', 'artifacts']) {
    if (request[part]?.type === 'CODEPIPELINE' && !request[part].location) {
      request[part].location = 'moto-needs-a-location';
    }
  }
  return JSON.stringify(request);
}

function epochTimestamps(body) {
  return body.replace(
    ISO_TIMESTAMP,
    (_all, key, iso) => `"${key}": ${Date.parse(iso) / 1000}`,
  );
}

function startAdapter(motoPort, port) {
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', chunk => chunks.push(chunk));
    req.on('end', () => {
      const target = req.headers['x-amz-target'];
      let body = Buffer.concat(chunks);
      if (target === CODEBUILD_CREATE) {
        body = Buffer.from(withLocations(body.toString('utf8')));
      }
      const headers = { ...req.headers, 'content-length': body.length };
      const upstream = http.request(
        {
          host: HOST,
          port: motoPort,
          method: req.method,
          path: req.url,
          headers,
        },
        response => {
          const parts = [];
          response.on('data', chunk => parts.push(chunk));
          response.on('end', () => {
            let answer = Buffer.concat(parts);
            if (EPOCH_SERVICES.test(target ?? '')) {
              answer = Buffer.from(epochTimestamps(answer.toString('utf8')));
            }
            const out = {
              ...response.headers,
              'content-length': answer.length,
            };
            delete out['transfer-encoding'];
            res.writeHead(response.statusCode ?? 502, out);
            res.end(answer);
          });
        },
      );
      upstream.on('error', error => {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`moto adapter: ${error.message}`);
      });
      upstream.end(body);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, HOST, () => resolve(server));
  });
}

async function main() {
  const portArg = process.argv.indexOf('--port');
  const adapterPort =
    portArg > 0 ? Number(process.argv[portArg + 1]) : await freePort();
  const motoPort = await freePort();
  const { child, failed } = startMoto(motoPort);
  const motoEndpoint = `http://${HOST}:${motoPort}`;
  const stop = () => {
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 3000).unref();
  };
  process.once('SIGINT', () => {
    stop();
    process.exit(0);
  });
  process.once('SIGTERM', () => {
    stop();
    process.exit(0);
  });
  process.once('exit', stop);

  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  const ready = (async () => {
    while (Date.now() < deadline) {
      if (await answers(`${motoEndpoint}/moto-api/data.json`)) return;
      await new Promise(resolve => setTimeout(resolve, 100));
    }
    throw new Error(`moto_server did not answer on ${motoEndpoint}`);
  })();
  await Promise.race([ready, failed]);
  failed.catch(error => {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  });
  await startAdapter(motoPort, adapterPort);
  process.stdout.write(
    `${JSON.stringify({
      endpoint: `http://${HOST}:${adapterPort}`,
      motoEndpoint,
    })}\n`,
  );
}

main().catch(error => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
