import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { describeAwsError } from '@slipway/plugin-codepipeline-node';
import type { AwsTarget } from './clients';

export { deniedIamAction, isAwsError } from '@slipway/plugin-codepipeline-node';

/** What Slipway was doing when an AWS call failed. */
export interface AwsCallContext {
  /** Completes "Could not …", e.g. `create the ECR repository 'orders'`. */
  doing: string;
  target: AwsTarget;
}

/**
 * Turns an AWS SDK error into one a developer can act on: what Slipway was
 * doing, in which account and region, why AWS refused and what to check.
 * Never includes a stack trace or credentials. Errors that do not come from
 * AWS are returned unchanged.
 */
export function toDeveloperError(
  error: unknown,
  context: AwsCallContext,
): unknown {
  const aws = describeAwsError(error);
  if (!aws) {
    return error;
  }
  const { doing, target } = context;
  const where = `in account ${target.accountId} (${target.region})`;
  const { code, message: detail } = aws;
  const requestId = aws.requestId ? ` [AWS request id ${aws.requestId}]` : '';
  const cannot = `Could not ${doing} ${where}`;

  switch (aws.kind) {
    case 'access-denied': {
      const action = aws.deniedAction;
      const missing = action ? `permission for ${action}` : 'a permission';
      const why = aws.explicitDeny
        ? `${action ?? 'the call'} is explicitly denied by a ${
            aws.explicitDeny
          }`
        : `the credentials Backstage uses lack ${missing}`;
      return new NotAllowedError(
        `${cannot}: ${why}. Check the IAM policy of the role configured for account ${target.accountId} under aws.accounts (or aws.mainAccount) in app-config.${requestId}`,
      );
    }
    case 'bad-credentials':
      return new ServiceUnavailableError(
        `${cannot}: the AWS credentials for this account are missing, invalid or expired (${code}). Check aws.accounts / aws.mainAccount in app-config, or the default credential chain (AWS_PROFILE, SSO session) of the Backstage backend.`,
      );
    case 'throttled':
      return new ServiceUnavailableError(
        `${cannot}: AWS is throttling requests (${code}). Nothing is wrong with the template; retry the task in a minute.${requestId}`,
      );
    case 'quota-reached':
      return new ServiceUnavailableError(
        `${cannot}: a service quota was reached (${code}: ${detail}). Remove unused resources or raise the quota in Service Quotas.${requestId}`,
      );
    case 'invalid-request':
      return new InputError(
        `${cannot}: AWS rejected the request (${code}: ${detail}). Check the template's inputs and the slipway.environments entry.${requestId}`,
      );
    case 'not-found':
      return new NotFoundError(
        `${cannot}: something it needs does not exist (${code}: ${detail}).${requestId}`,
      );
    case 'conflict':
      return new ConflictError(
        `${cannot}: it conflicts with an existing resource (${code}: ${detail}).${requestId}`,
      );
    case 'timeout': {
      const t = aws.timeout;
      const call = t
        ? `${t.service} ${t.operation} sent to ${t.endpoint} (${
            t.region
          }) got no answer within ${(t.elapsedMs / 1000).toFixed(1)} s`
        : `AWS did not answer in time (${code})`;
      return new ServiceUnavailableError(
        `${cannot}: ${call}. AWS, or the endpoint in AWS_ENDPOINT_URL, is slow or not answering. The call may or may not have taken effect; re-running the task is safe, since every action looks before it creates.`,
      );
    }
    case 'unreachable':
      return new ServiceUnavailableError(
        `${cannot}: the AWS endpoint could not be reached (${code}). Check the Backstage backend's network access to AWS, or AWS_ENDPOINT_URL when using an emulator.`,
      );
    default:
      return new Error(
        `${cannot}: AWS answered ${code}: ${detail}${requestId}`,
      );
  }
}

/** True for "it does not exist" from any service, raw or already turned into a NotFoundError. */
export function isGone(error: unknown): boolean {
  return (
    (error as Error)?.name === 'NotFoundError' ||
    describeAwsError(error)?.kind === 'not-found'
  );
}

/** Runs an AWS call and rethrows its failure through {@link toDeveloperError}. */
export async function withAwsErrors<T>(
  context: AwsCallContext,
  call: () => Promise<T>,
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toDeveloperError(error, context);
  }
}
