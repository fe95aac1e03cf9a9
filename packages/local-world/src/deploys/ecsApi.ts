/**
 * A tiny client of the upstream's (moto's) JSON APIs — ECS, ECR, CodeDeploy —
 * for the local world's own calls: they go straight to moto, past the
 * interceptors.
 */
import type { Where } from '../server/accounts';
import { upstreamCall } from '../server/upstream';

/** An AWS error answer of a call the local world made itself. */
export class UpstreamAwsError extends Error {
  constructor(
    /** The error's short name, e.g. `ServiceNotFoundException`. */
    readonly type: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = type;
  }
}

const ECS = 'AmazonEC2ContainerServiceV20141113.';
const ECR = 'AmazonEC2ContainerRegistry_V20150921.';

/** One JSON 1.1 call; an error answer throws an {@link UpstreamAwsError}. */
export async function upstreamJson(
  upstream: string,
  where: Where,
  target: string,
  body: object,
  service: string,
): Promise<any> {
  const { status, json } = await upstreamCall(
    upstream,
    where,
    target,
    body,
    service,
  );
  if (status !== 200) {
    const type = String(json.__type ?? `HTTP${status}`)
      .split('#')
      .pop()!;
    throw new UpstreamAwsError(
      type,
      String(json.message ?? json.Message ?? ''),
      status,
    );
  }
  return json;
}

/**
 * One ECS call, e.g. `ecsCall(moto, 'eu-west-1', 'DescribeServices', {…})`
 * (the default account) or `ecsCall(moto, { accountId, region }, …)`.
 */
export function ecsCall(
  upstream: string,
  where: Where,
  operation: string,
  body: object,
): Promise<any> {
  return upstreamJson(upstream, where, ECS + operation, body, 'ecs');
}

/** One ECR call. */
export function ecrCall(
  upstream: string,
  where: Where,
  operation: string,
  body: object,
): Promise<any> {
  return upstreamJson(upstream, where, ECR + operation, body, 'ecr');
}

/** One CodeDeploy call. */
export function codeDeployCall(
  upstream: string,
  where: Where,
  operation: string,
  body: object,
): Promise<any> {
  return upstreamJson(
    upstream,
    where,
    `CodeDeploy_20141006.${operation}`,
    body,
    'codedeploy',
  );
}

export const ECS_TARGET = ECS;

/** The last segment of an ARN or name: `…:service/dev/web` → `web`. */
export function nameOf(arnOrName: string): string {
  return arnOrName.slice(arnOrName.lastIndexOf('/') + 1);
}
