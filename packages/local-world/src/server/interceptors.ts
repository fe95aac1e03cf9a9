import http from 'node:http';
import type { Place } from './accounts';

/**
 * One JSON-protocol AWS call (X-Amz-Target), as the local world sees it.
 * As a {@link Place} it is where the caller acts: an interceptor's own
 * upstream calls for it pass the call as their `where`.
 */
export interface AwsCall extends Place {
  /** The region of the request's SigV4 credential scope. */
  region: string;
  /** The caller's account: `x-moto-account-id`, else its access key's (as moto picks it). */
  accountId: string;
  /** e.g. `AmazonEC2ContainerServiceV20141113.DescribeServices`. */
  target: string;
  input: Record<string, any>;
}

/** An answer to a JSON-protocol call: HTTP status and body. */
export interface AwsAnswer {
  status: number;
  json: any;
}

/**
 * Answers or corrects JSON-protocol calls for what moto lacks: the call is
 * offered to `answer` of every interceptor of its target in order (the first
 * answer wins); otherwise it goes to moto and moto's answer passes through
 * every `rewrite` in order. Calls of other targets are forwarded untouched.
 */
export interface Interceptor {
  /** The X-Amz-Target values it handles. */
  targets: readonly string[];
  /** Answers the call itself; undefined sends it on to moto. */
  answer?(call: AwsCall): Promise<AwsAnswer | undefined>;
  /** Rewrites moto's answer (status and body). */
  rewrite?(call: AwsCall, answer: AwsAnswer): Promise<AwsAnswer>;
}

/** Interceptors by target, in the order given. */
export function interceptorsByTarget(
  interceptors: readonly Interceptor[],
): Map<string, Interceptor[]> {
  const byTarget = new Map<string, Interceptor[]>();
  for (const interceptor of interceptors) {
    for (const target of interceptor.targets) {
      byTarget.set(target, [...(byTarget.get(target) ?? []), interceptor]);
    }
  }
  return byTarget;
}

/** Sends a call to the upstream with the caller's headers; its answer parsed. */
export async function callUpstream(
  upstream: string,
  req: http.IncomingMessage,
  body: Buffer,
): Promise<AwsAnswer & { contentType: string }> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (
      value === undefined ||
      ['host', 'content-length', 'connection'].includes(name)
    )
      continue;
    headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const response = await fetch(new URL(req.url ?? '/', upstream), {
    method: req.method,
    headers,
    body: req.method === 'GET' || req.method === 'HEAD' ? undefined : body,
  });
  const text = await response.text();
  let json: any;
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    json = { message: text };
  }
  return {
    status: response.status,
    json,
    contentType:
      response.headers.get('content-type') ?? 'application/x-amz-json-1.1',
  };
}
