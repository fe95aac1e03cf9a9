import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { PipelineEngine } from '../pipelines/engine';
import { CodePipelineError } from '../pipelines/errors';
import { pipelineOperations } from '../pipelines/operations';
import type { Clock } from '../pipelines/clock';
import type { ActionRunners } from '../pipelines/runners';
import { BuildStore } from '../builds/store';
import type { PipelineObserver } from '../events/pipelineEvents';
import { accessKeyOf, accountOfKey } from './accounts';
import { forward, regionOf, upstreamDefinitions } from './upstream';
import {
  callUpstream,
  interceptorsByTarget,
  type AwsAnswer,
  type AwsCall,
  type Interceptor,
} from './interceptors';

const PREFIX = 'CodePipeline_20150709.';
const BATCH_GET_BUILDS = 'CodeBuild_20161006.BatchGetBuilds';

export interface LocalWorldHandlerOptions {
  /** Where everything the executor does not answer goes (moto_server's URL). */
  upstream: string;
  clock?: Clock;
  /** Runners for every region's engine; defaults to {@link defaultRunners}. */
  runners?: ActionRunners;
  /**
   * The builds BatchGetBuilds answers for (give the same store to
   * `codeBuildRunner`); a new, empty one by default.
   */
  builds?: BuildStore;
  /**
   * Answer or correct JSON-protocol calls moto gets wrong or lacks (ECS
   * rollouts, CodeDeploy deployments, moto's gaps); see {@link Interceptor}.
   */
  interceptors?: readonly Interceptor[];
  /**
   * Plain HTTP routes served beside the AWS APIs (e.g. the local git server
   * under `/git/`): a request whose path starts with `prefix` goes to `handle`.
   */
  routes?: readonly LocalWorldRoute[];
  /** Told of every pipeline execution change (see ../events: EventBridge events). */
  events?: PipelineObserver;
}

export interface LocalWorldRoute {
  prefix: string;
  handle(req: http.IncomingMessage, res: http.ServerResponse): void;
}

export interface LocalWorldHandler {
  (req: http.IncomingMessage, res: http.ServerResponse): void;
  /** The executor of one region (created on first use). */
  engineFor(region: string): PipelineEngine;
  /** The builds BatchGetBuilds answers for. */
  builds: BuildStore;
}

/** A Date of any realm (structuredClone's, under Jest, is not `instanceof Date`). */
const isDate = (value: unknown): value is Date =>
  Object.prototype.toString.call(value) === '[object Date]';

/** JSON with Dates as epoch seconds, as JSON 1.1 services send timestamps. */
export function awsJson(value: unknown): string {
  return JSON.stringify(value, function replace(key, item) {
    const raw = (this as Record<string, unknown>)[key];
    return isDate(raw) ? raw.getTime() / 1000 : item;
  });
}

function send(res: http.ServerResponse, status: number, body: string) {
  res.writeHead(status, {
    'content-type': 'application/x-amz-json-1.1',
    'content-length': Buffer.byteLength(body),
    'x-amzn-requestid': randomUUID(),
  });
  res.end(body);
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('error', reject);
    req.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

/** Reads a JSON request body (`{}` when empty). */
async function readJson(
  req: http.IncomingMessage,
): Promise<Record<string, unknown>> {
  const text = (await readBody(req)).toString('utf8');
  try {
    return text ? JSON.parse(text) : {};
  } catch {
    throw new CodePipelineError(
      'ValidationException',
      'The request body is not JSON',
    );
  }
}

/** CodeBuild's BatchGetBuilds, for the builds in `builds`. */
async function batchGetBuilds(
  builds: BuildStore,
  req: http.IncomingMessage,
  res: http.ServerResponse,
) {
  const input = await readJson(req).catch(
    () => ({} as Record<string, unknown>),
  );
  const ids = input.ids;
  if (
    !Array.isArray(ids) ||
    ids.length < 1 ||
    ids.length > 100 ||
    ids.some(id => typeof id !== 'string' || !id)
  ) {
    send(
      res,
      400,
      awsJson({
        __type: 'InvalidInputException',
        message: 'ids must hold 1 to 100 build ids',
      }),
    );
    return;
  }
  send(res, 200, awsJson(builds.batchGet(ids as string[])));
}

/** The account moto acts in for a request (see ./accounts). */
function callerAccount(
  upstream: string,
  req: http.IncomingMessage,
): Promise<string> {
  const named = req.headers['x-moto-account-id'];
  if (typeof named === 'string' && named) return Promise.resolve(named);
  return accountOfKey(upstream, accessKeyOf(req.headers.authorization));
}

/** A call of an intercepted target: answered here, or moto's answer rewritten. */
async function intercept(
  upstream: string,
  interceptors: Interceptor[],
  req: http.IncomingMessage,
  res: http.ServerResponse,
  target: string,
) {
  const body = await readBody(req);
  let input: Record<string, any> = {};
  try {
    input = body.length ? JSON.parse(body.toString('utf8')) : {};
  } catch {
    forward(upstream, req, res, body);
    return;
  }
  try {
    const call: AwsCall = {
      region: regionOf(req.headers.authorization),
      accountId: await callerAccount(upstream, req),
      target,
      input,
    };
    for (const interceptor of interceptors) {
      const answer = await interceptor.answer?.(call);
      if (answer) {
        send(res, answer.status, awsJson(answer.json));
        return;
      }
    }
    const upstreamAnswer = await callUpstream(upstream, req, body);
    let answer: AwsAnswer = upstreamAnswer;
    for (const interceptor of interceptors) {
      if (interceptor.rewrite) answer = await interceptor.rewrite(call, answer);
    }
    send(res, answer.status, awsJson(answer.json));
  } catch (error) {
    send(
      res,
      500,
      awsJson({
        __type: 'InternalFailure',
        message: `local world: ${target}: ${(error as Error).message}`,
      }),
    );
  }
}

/**
 * Answers the CodePipeline execution operations (X-Amz-Target
 * `CodePipeline_20150709.<Op>`) from the executor and CodeBuild's
 * BatchGetBuilds from the builds the local world ran, and forwards every
 * other request to the upstream unchanged.
 */
export function createLocalWorldHandler(
  options: LocalWorldHandlerOptions,
): LocalWorldHandler {
  const engines = new Map<string, PipelineEngine>();
  const engineFor = (region: string) => {
    let engine = engines.get(region);
    if (!engine) {
      engine = new PipelineEngine({
        definitions: upstreamDefinitions(options.upstream, region),
        clock: options.clock,
        runners: options.runners,
        region,
        events: options.events,
      });
      engines.set(region, engine);
    }
    return engine;
  };

  const builds = options.builds ?? new BuildStore();
  const intercepted = interceptorsByTarget(options.interceptors ?? []);

  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const route = options.routes?.find(r => req.url?.startsWith(r.prefix));
    if (route) {
      route.handle(req, res);
      return;
    }
    const target = String(req.headers['x-amz-target'] ?? '');
    if (target === BATCH_GET_BUILDS) {
      void batchGetBuilds(builds, req, res);
      return;
    }
    const operation = target.startsWith(PREFIX)
      ? pipelineOperations[target.slice(PREFIX.length)]
      : undefined;
    if (!operation) {
      const interceptors = intercepted.get(target);
      if (interceptors) {
        void intercept(options.upstream, interceptors, req, res, target);
      } else {
        forward(options.upstream, req, res);
      }
      return;
    }
    void (async () => {
      try {
        const input = await readJson(req);
        const engine = engineFor(regionOf(req.headers.authorization));
        send(res, 200, awsJson(await operation(engine, input)));
      } catch (error) {
        if (error instanceof CodePipelineError) {
          send(
            res,
            400,
            awsJson({ __type: error.type, message: error.message }),
          );
        } else {
          send(
            res,
            500,
            awsJson({
              __type: 'InternalFailure',
              message: `local world: ${(error as Error).message}`,
            }),
          );
        }
      }
    })();
  };
  return Object.assign(handler, { engineFor, builds });
}

export interface LocalWorldServer {
  /** The endpoint to give AWS clients (AWS_ENDPOINT_URL). */
  url: string;
  port: number;
  handler: LocalWorldHandler;
  close(): Promise<void>;
}

/** Serves the handler on 127.0.0.1 (never any other interface); port 0 picks a free one. */
export async function startLocalWorldServer(
  options: LocalWorldHandlerOptions & { port?: number },
): Promise<LocalWorldServer> {
  const handler = createLocalWorldHandler(options);
  const server = http.createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    handler,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close(error => (error ? reject(error) : resolve()));
      }),
  };
}
