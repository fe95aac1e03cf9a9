import http from 'node:http';
import type { PipelineDeclaration } from '@aws-sdk/client-codepipeline';
import type { PipelineDefinition } from '../pipelines/model';
import type { Where } from './accounts';

/** The region a SigV4 request is signed for (moto routes by it). */
export function regionOf(authorization: string | undefined): string {
  return (
    /Credential=[^/]+\/[^/]+\/([^/]+)\//.exec(authorization ?? '')?.[1] ??
    'us-east-1'
  );
}

/** A timestamp as AWS (epoch seconds) or moto (ISO-8601) sends it. */
function toDate(value: unknown): Date | undefined {
  if (typeof value === 'number') return new Date(value * 1000);
  if (typeof value === 'string') return new Date(value);
  return undefined;
}

/**
 * Headers that make moto route a call to `service` in `where`'s region and
 * act in its account (a bare region: the default account, as `testing`).
 */
export function upstreamHeaders(
  where: Where,
  service: string,
): Record<string, string> {
  const region = typeof where === 'string' ? where : where.region;
  return {
    authorization: `AWS4-HMAC-SHA256 Credential=testing/20250101/${region}/${service}/aws4_request, SignedHeaders=host, Signature=0`,
    ...(typeof where !== 'string' && { 'x-moto-account-id': where.accountId }),
  };
}

/** One JSON 1.1 call to the upstream, signed just enough for moto to route it. */
export async function upstreamCall(
  upstream: string,
  where: Where,
  target: string,
  body: object,
  /** The credential scope's service: moto routes JSON 1.1 calls by it. */
  service = 'codepipeline',
): Promise<{ status: number; json: any }> {
  const response = await fetch(upstream, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': target,
      ...upstreamHeaders(where, service),
    },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = { message: text };
  }
  return { status: response.status, json };
}

/** One query-protocol call (IAM, STS) to the upstream; its XML answer as text. */
export async function upstreamQuery(
  upstream: string,
  where: Where,
  service: string,
  params: Record<string, string>,
): Promise<{ status: number; text: string }> {
  const response = await fetch(upstream, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...upstreamHeaders(where, service),
    },
    body: new URLSearchParams(params).toString(),
  });
  return { status: response.status, text: await response.text() };
}

/** Reads pipeline definitions from the upstream's GetPipeline (undefined when it has none). */
export function upstreamDefinitions(upstream: string, region: string) {
  return async (name: string): Promise<PipelineDefinition | undefined> => {
    const { status, json } = await upstreamCall(
      upstream,
      region,
      'CodePipeline_20150709.GetPipeline',
      { name },
    );
    if (status === 400 && /PipelineNotFound/.test(String(json.__type))) {
      return undefined;
    }
    if (status !== 200) {
      throw new Error(
        `GetPipeline ${name} upstream: HTTP ${status} ${json.message ?? ''}`,
      );
    }
    const metadata = json.metadata ?? {};
    return {
      pipeline: json.pipeline as PipelineDeclaration,
      metadata: {
        pipelineArn: metadata.pipelineArn,
        created: toDate(metadata.created),
        updated: toDate(metadata.updated),
      },
    };
  };
}

/**
 * The JSON error for moto's answer to a JSON-protocol call it could not
 * handle: 501 (the launcher's moto_server, for an operation moto does not
 * implement) or an HTML 500 page (moto failed, or plain moto_server on an
 * unimplemented operation); undefined for every other answer.
 */
export function motoFailure(
  target: string,
  status: number,
  contentType: string,
): { __type: string; message: string } | undefined {
  if (!target || /json/.test(contentType)) return undefined;
  const [service, operation] = target.split('.');
  if (status === 501) {
    return {
      __type: 'NotImplementedException',
      message: `local world: moto_server does not emulate ${operation} (${service})`,
    };
  }
  if (status === 500 && /text\/html/.test(contentType)) {
    return {
      __type: 'InternalFailure',
      message: `local world: moto_server failed on ${operation} (${service}): it does not emulate it, or it failed (HTTP 500 with an HTML page; moto's log has the traceback)`,
    };
  }
  return undefined;
}

/**
 * Sends a request on to the upstream unchanged and its answer back
 * unchanged, except moto's HTML or plain-text failures of JSON-protocol
 * calls, which become a JSON error naming the operation (see {@link motoFailure}).
 */
export function forward(
  upstream: string,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  body?: Buffer,
): void {
  const url = new URL(upstream);
  const target = String(req.headers['x-amz-target'] ?? '');
  const request = http.request(
    {
      host: url.hostname,
      port: url.port,
      method: req.method,
      path: req.url,
      headers: req.headers,
    },
    response => {
      const status = response.statusCode ?? 502;
      const failure = motoFailure(
        target,
        status,
        String(response.headers['content-type'] ?? ''),
      );
      if (failure) {
        response.resume();
        const json = JSON.stringify(failure);
        res.writeHead(status, {
          'content-type': 'application/x-amz-json-1.1',
          'content-length': Buffer.byteLength(json),
          'x-amzn-errortype': failure.__type,
        });
        res.end(json);
        return;
      }
      res.writeHead(status, response.headers);
      response.pipe(res);
    },
  );
  request.on('error', error => {
    if (!res.headersSent) {
      res.writeHead(502, { 'content-type': 'text/plain' });
    }
    res.end(`local world: upstream ${upstream} failed: ${error.message}`);
  });
  if (body) request.end(body);
  else req.pipe(request);
}
