import type { ResourceError } from '@slipway/plugin-codepipeline-common';
import { describeAwsError } from '@slipway/plugin-codepipeline-node';
import { redactForeignArns } from './redaction';

/**
 * Words an AWS failure for the UI, for one resource: what could not be read,
 * and what to check. Classification is the node library's
 * `describeAwsError`; messages never carry a stack trace, and only AWS's own
 * first line.
 */
export function toResourceError(
  error: unknown,
  what: string,
  /** ARNs AWS's own text may keep (the entity's resources); every other ARN is redacted. */
  ownArns: readonly string[] = [],
): ResourceError {
  const aws = describeAwsError(error);
  if (!aws) {
    // integration-aws-node refuses accounts it has no credentials for with a plain Error.
    if (/no AWS integration/i.test((error as Error)?.message ?? '')) {
      return accountNotConfigured(what);
    }
    const name = (error as Error)?.name ?? 'Error';
    return { kind: 'aws-error', message: `Reading ${what} failed (${name}).` };
  }
  switch (aws.kind) {
    case 'not-found':
      return { kind: 'not-found', message: `${what} was not found in AWS.` };
    case 'access-denied':
      return {
        kind: 'access-denied',
        message: aws.deniedAction
          ? `AWS denied ${aws.deniedAction} on ${what}: grant it to the Backstage backend's role.`
          : `AWS denied access to ${what}: check the Backstage backend's IAM permissions.`,
      };
    case 'throttled':
      return {
        kind: 'throttled',
        message: `AWS is throttling requests for ${what}; it will be retried on the next refresh.`,
      };
    case 'bad-credentials':
      return accountNotConfigured(what);
    case 'timeout': {
      const call = aws.timeout
        ? ` (${aws.timeout.service} ${aws.timeout.operation}, ${(
            aws.timeout.elapsedMs / 1000
          ).toFixed(1)} s)`
        : '';
      return {
        kind: 'timeout',
        message: `AWS did not answer in time for ${what}${call}; showing what arrived in time, it will be retried on the next refresh.`,
      };
    }
    case 'unreachable':
      return {
        kind: 'unreachable',
        message: `AWS could not be reached for ${what} (${aws.code}).`,
      };
    default:
      return {
        kind: 'aws-error',
        message: `AWS answered ${aws.code} for ${what}${
          aws.message ? `: ${redactForeignArns(aws.message, ownArns)}` : ''
        }`,
      };
  }
}

function accountNotConfigured(what: string): ResourceError {
  return {
    kind: 'account-not-configured',
    message: `No AWS credentials are configured for ${what}: add its account under aws.accounts.`,
  };
}
