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
 *  - Resource Groups Tagging API GetResources: moto does not index
 *    CodePipeline pipelines; the adapter adds the pipelines whose own tags
 *    (CodePipeline ListTagsForResource) match the request's filters to the
 *    first page, so that tag annotations and teardown find them as on AWS.
 *  - CodePipeline GetPipelineState and ListPipelineExecutions: moto cannot
 *    run pipelines and does not implement them (HTTP 500). The adapter answers
 *    as AWS does for a pipeline that exists but has never run: every stage and
 *    action from the definition, no latest execution, no executions.
 *  - Any other operation moto does not implement (its HTML 500 page) becomes
 *    a JSON error naming the operation, so that clients show a clear message.
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

const TAGGING_GET_RESOURCES = 'ResourceGroupsTaggingAPI_20170126.GetResources';
const MOTO_ACCOUNT = process.env.MOTO_ACCOUNT_ID || '123456789012';

/** One JSON 1.1 call to moto, signed just enough for moto to route it. */
function motoCall(motoPort, region, target, body) {
  return fetch(`http://${HOST}:${motoPort}/`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': target,
      authorization: `AWS4-HMAC-SHA256 Credential=testing/20250101/${region}/codepipeline/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: JSON.stringify(body),
  });
}

async function motoJson(motoPort, region, target, body) {
  const response = await motoCall(motoPort, region, target, body);
  if (!response.ok) throw new Error(`${target}: HTTP ${response.status}`);
  return response.json();
}

function regionOf(headers) {
  return (
    /Credential=[^/]+\/[^/]+\/([^/]+)\//.exec(
      headers.authorization ?? '',
    )?.[1] ?? 'us-east-1'
  );
}

const NEVER_RUN = new Set([
  'CodePipeline_20150709.GetPipelineState',
  'CodePipeline_20150709.ListPipelineExecutions',
]);

/**
 * What AWS answers for a pipeline that has never run, built from moto's
 * GetPipeline; moto's own error when the pipeline does not exist.
 */
async function neverRunAnswer(motoPort, headers, target, requestBody) {
  const request = JSON.parse(requestBody || '{}');
  const name = request.name ?? request.pipelineName;
  const response = await motoCall(
    motoPort,
    regionOf(headers),
    'CodePipeline_20150709.GetPipeline',
    { name },
  );
  const text = await response.text();
  if (!response.ok) return { status: response.status, text };
  const { pipeline, metadata = {} } = JSON.parse(epochTimestamps(text));
  const answer = target.endsWith('.ListPipelineExecutions')
    ? { pipelineExecutionSummaries: [] }
    : {
        pipelineName: pipeline.name,
        pipelineVersion: pipeline.version,
        stageStates: pipeline.stages.map(stage => ({
          stageName: stage.name,
          inboundTransitionState: { enabled: true },
          actionStates: stage.actions.map(action => ({
            actionName: action.name,
          })),
        })),
        created: metadata.created,
        updated: metadata.updated,
      };
  return { status: 200, text: JSON.stringify(answer) };
}

/** GetResources' answer completed with the matching pipelines moto leaves out. */
async function withTaggedPipelines(motoPort, headers, requestBody, answer) {
  const request = JSON.parse(requestBody || '{}');
  const types = request.ResourceTypeFilters ?? [];
  const wantsPipelines =
    !types.length ||
    types.some(t => t === 'codepipeline' || t === 'codepipeline:pipeline');
  if (request.PaginationToken || !wantsPipelines) return answer;
  const region =
    /Credential=[^/]+\/[^/]+\/([^/]+)\//.exec(
      headers.authorization ?? '',
    )?.[1] ?? 'us-east-1';
  const result = JSON.parse(answer);
  const list = result.ResourceTagMappingList ?? [];
  const known = new Set(list.map(m => m.ResourceARN));
  const { pipelines = [] } = await motoJson(
    motoPort,
    region,
    'CodePipeline_20150709.ListPipelines',
    {},
  );
  for (const { name } of pipelines) {
    const arn = `arn:aws:codepipeline:${region}:${MOTO_ACCOUNT}:${name}`;
    if (known.has(arn)) continue;
    const { tags = [] } = await motoJson(
      motoPort,
      region,
      'CodePipeline_20150709.ListTagsForResource',
      { resourceArn: arn },
    );
    const byKey = Object.fromEntries(tags.map(t => [t.key, t.value]));
    const matches = (request.TagFilters ?? []).every(
      f =>
        f.Key in byKey &&
        (!f.Values?.length || f.Values.includes(byKey[f.Key])),
    );
    if (matches) {
      list.push({
        ResourceARN: arn,
        Tags: tags.map(t => ({ Key: t.key, Value: t.value })),
      });
    }
  }
  result.ResourceTagMappingList = list;
  return JSON.stringify(result);
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
          response.on('end', async () => {
            let answer = Buffer.concat(parts);
            let status = response.statusCode ?? 502;
            let headers = response.headers;
            if (status === 500 && NEVER_RUN.has(target)) {
              try {
                const never = await neverRunAnswer(
                  motoPort,
                  req.headers,
                  target,
                  body.toString('utf8'),
                );
                status = never.status;
                answer = Buffer.from(never.text);
                headers = { 'content-type': 'application/x-amz-json-1.1' };
              } catch (error) {
                process.stderr.write(
                  `moto adapter: could not answer ${target}: ${error.message}\n`,
                );
              }
            } else if (
              status === 500 &&
              target &&
              /text\/html/.test(String(response.headers['content-type']))
            ) {
              answer = Buffer.from(
                JSON.stringify({
                  __type: 'NotImplementedException',
                  message: `moto_server does not emulate ${target
                    .split('.')
                    .pop()}`,
                }),
              );
              headers = { 'content-type': 'application/x-amz-json-1.1' };
            }
            if (EPOCH_SERVICES.test(target ?? '')) {
              answer = Buffer.from(epochTimestamps(answer.toString('utf8')));
            }
            if (
              target === TAGGING_GET_RESOURCES &&
              response.statusCode === 200
            ) {
              try {
                answer = Buffer.from(
                  await withTaggedPipelines(
                    motoPort,
                    req.headers,
                    body.toString('utf8'),
                    answer.toString('utf8'),
                  ),
                );
              } catch (error) {
                process.stderr.write(
                  `moto adapter: could not add pipelines to GetResources: ${error.message}\n`,
                );
              }
            }
            const out = { ...headers, 'content-length': answer.length };
            delete out['transfer-encoding'];
            res.writeHead(status, out);
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
  // Wait for moto_server to exit (at most 5 s), so that it is reaped here
  // rather than left behind as a zombie.
  const stopAndExit = () => {
    if (child.exitCode !== null || child.signalCode !== null) process.exit(0);
    child.once('exit', () => process.exit(0));
    setTimeout(() => process.exit(0), 5000).unref();
    stop();
  };
  process.once('SIGINT', stopAndExit);
  process.once('SIGTERM', stopAndExit);
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
