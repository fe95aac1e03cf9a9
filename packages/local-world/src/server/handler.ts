import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { PipelineEngine } from '../pipelines/engine';
import { CodePipelineError } from '../pipelines/errors';
import { pipelineOperations } from '../pipelines/operations';
import type { Clock } from '../pipelines/clock';
import type { ActionRunners } from '../pipelines/runners';
import { forward, regionOf, upstreamDefinitions } from './upstream';

const PREFIX = 'CodePipeline_20150709.';

export interface LocalWorldHandlerOptions {
  /** Where everything the executor does not answer goes (moto_server's URL). */
  upstream: string;
  clock?: Clock;
  /** Runners for every region's engine; defaults to {@link defaultRunners}. */
  runners?: ActionRunners;
}

export interface LocalWorldHandler {
  (req: http.IncomingMessage, res: http.ServerResponse): void;
  /** The executor of one region (created on first use). */
  engineFor(region: string): PipelineEngine;
}

/** JSON with Dates as epoch seconds, as JSON 1.1 services send timestamps. */
export function awsJson(value: unknown): string {
  return JSON.stringify(value, function replace(key, item) {
    const raw = (this as Record<string, unknown>)[key];
    return raw instanceof Date ? raw.getTime() / 1000 : item;
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

/**
 * Answers the CodePipeline execution operations (X-Amz-Target
 * `CodePipeline_20150709.<Op>`) from the executor and forwards every other
 * request to the upstream unchanged.
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
      });
      engines.set(region, engine);
    }
    return engine;
  };

  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const target = String(req.headers['x-amz-target'] ?? '');
    const operation = target.startsWith(PREFIX)
      ? pipelineOperations[target.slice(PREFIX.length)]
      : undefined;
    if (!operation) {
      forward(options.upstream, req, res);
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      try {
        const text = Buffer.concat(chunks).toString('utf8');
        let input: Record<string, unknown>;
        try {
          input = text ? JSON.parse(text) : {};
        } catch {
          throw new CodePipelineError(
            'ValidationException',
            'The request body is not JSON',
          );
        }
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
    });
  };
  return Object.assign(handler, { engineFor });
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
