import type { ResourceError } from '@slipway/plugin-codepipeline-common';

interface AwsLikeError {
  name?: string;
  message?: string;
  Code?: string;
  $metadata?: { httpStatusCode?: number };
  $retryable?: { throttling?: boolean };
}

const NOT_FOUND = new Set([
  'PipelineNotFoundException',
  'PipelineExecutionNotFoundException',
  'ServiceNotFoundException',
  'ClusterNotFoundException',
  'DeploymentDoesNotExistException',
  'DeploymentGroupDoesNotExistException',
  'ApplicationDoesNotExistException',
  'ResourceNotFoundException',
]);

const ACCESS_DENIED = new Set([
  'AccessDeniedException',
  'AccessDenied',
  'UnauthorizedOperation',
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'ExpiredTokenException',
]);

const THROTTLED = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'ThrottledException',
]);

const UNREACHABLE = new Set([
  'TimeoutError',
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNRESET',
  'NetworkingError',
  'RequestTimeout',
]);

/**
 * Maps an AWS SDK (or credential) error to what the UI shows for one
 * resource. Messages name the resource and what to check; they never carry a
 * stack trace, and only AWS's own first line of the message.
 */
export function toResourceError(error: unknown, what: string): ResourceError {
  const e = (error ?? {}) as AwsLikeError & { code?: string };
  const name = e.name ?? e.Code ?? 'Error';
  const awsMessage = firstLine(e.message);

  if (NOT_FOUND.has(name) || /not found|does not exist/i.test(awsMessage)) {
    return { kind: 'not-found', message: `${what} was not found in AWS.` };
  }
  if (ACCESS_DENIED.has(name) || e.$metadata?.httpStatusCode === 403) {
    const action = /not authorized to perform: ([\w:-]+)/.exec(awsMessage)?.[1];
    return {
      kind: 'access-denied',
      message: action
        ? `AWS denied ${action} on ${what}: grant it to the Backstage backend's role.`
        : `AWS denied access to ${what}: check the Backstage backend's IAM permissions.`,
    };
  }
  if (THROTTLED.has(name) || e.$retryable?.throttling) {
    return {
      kind: 'throttled',
      message: `AWS is throttling requests for ${what}; it will be retried on the next refresh.`,
    };
  }
  if (
    name === 'CredentialsProviderError' ||
    /no AWS integration|no integration/i.test(awsMessage)
  ) {
    return {
      kind: 'account-not-configured',
      message: `No AWS credentials are configured for ${what}: add its account under aws.accounts.`,
    };
  }
  if (UNREACHABLE.has(name) || UNREACHABLE.has(e.code ?? '')) {
    return {
      kind: 'unreachable',
      message: `AWS could not be reached for ${what} (${name}).`,
    };
  }
  return {
    kind: 'aws-error',
    message: `AWS answered ${name} for ${what}${
      awsMessage ? `: ${awsMessage}` : ''
    }`,
  };
}

function firstLine(message: string | undefined): string {
  return (message ?? '').split('\n')[0].slice(0, 300);
}
