import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import type { AwsTarget } from './clients';

/** What Slipway was doing when an AWS call failed. */
export interface AwsCallContext {
  /** Completes "Could not …", e.g. `create the ECR repository 'orders'`. */
  doing: string;
  target: AwsTarget;
}

interface AwsSdkErrorLike {
  name: string;
  message: string;
  code?: string;
  $metadata?: { requestId?: string };
}

const ACCESS_DENIED =
  /AccessDenied|UnauthorizedOperation|NotAuthorized|AuthorizationError/;
const BAD_CREDENTIALS = new Set([
  'CredentialsProviderError',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
]);
const THROTTLED = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'SlowDown',
]);
const QUOTA_REACHED = new Set([
  'LimitExceededException',
  'ServiceQuotaExceededException',
]);
const INVALID_REQUEST = new Set([
  'ValidationException',
  'ValidationError',
  'InvalidParameterException',
  'InvalidParameterValueException',
  'InvalidParameterCombination',
  'InvalidInput',
  'InvalidInputException',
  'MalformedPolicyDocument',
  'MalformedPolicyDocumentException',
  'InvalidTagParameterException',
]);
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'TimeoutError',
]);

function asAwsSdkError(error: unknown): AwsSdkErrorLike | undefined {
  if (typeof error !== 'object' || error === null) {
    return undefined;
  }
  const e = error as Partial<AwsSdkErrorLike>;
  const fromSdk =
    '$metadata' in e ||
    '$fault' in e ||
    BAD_CREDENTIALS.has(e.name ?? '') ||
    UNREACHABLE.has(e.code ?? e.name ?? '');
  return fromSdk
    ? { ...e, name: e.name ?? 'Error', message: e.message ?? '' }
    : undefined;
}

/** AWS's own message, without anything that could be a key, and short. */
function safeMessage(message: string): string {
  const firstLine = message.split('\n')[0].trim();
  const redacted = firstLine.replace(/\b(AKIA|ASIA)[A-Z0-9]{16}\b/g, '[key]');
  return redacted.length > 400 ? `${redacted.slice(0, 400)}…` : redacted;
}

/** `ecr:CreateRepository` out of an AccessDenied message, when AWS names it. */
export function deniedIamAction(message: string): string | undefined {
  const match =
    /not authorized to perform:? ([a-z0-9-]+:[A-Za-z0-9*]+)/.exec(message) ??
    /allows the ([a-z0-9-]+:[A-Za-z0-9*]+) action/.exec(message);
  return match?.[1];
}

function explicitDeny(message: string): string | undefined {
  return /with an explicit deny in an? ([a-z -]*policy)/i.exec(message)?.[1];
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
  const aws = asAwsSdkError(error);
  if (!aws) {
    return error;
  }
  const { doing, target } = context;
  const where = `in account ${target.accountId} (${target.region})`;
  const code = aws.code && UNREACHABLE.has(aws.code) ? aws.code : aws.name;
  const detail = safeMessage(aws.message);
  const requestId = aws.$metadata?.requestId
    ? ` [AWS request id ${aws.$metadata.requestId}]`
    : '';

  if (ACCESS_DENIED.test(code)) {
    const action = deniedIamAction(aws.message);
    const deny = explicitDeny(aws.message);
    const missing = action ? `permission for ${action}` : 'a permission';
    const why = deny
      ? `${action ?? 'the call'} is explicitly denied by a ${deny}`
      : `the credentials Backstage uses lack ${missing}`;
    return new NotAllowedError(
      `Could not ${doing} ${where}: ${why}. Check the IAM policy of the role configured for account ${target.accountId} under aws.accounts (or aws.mainAccount) in app-config.${requestId}`,
    );
  }
  if (BAD_CREDENTIALS.has(code)) {
    return new ServiceUnavailableError(
      `Could not ${doing} ${where}: the AWS credentials for this account are missing, invalid or expired (${code}). Check aws.accounts / aws.mainAccount in app-config, or the default credential chain (AWS_PROFILE, SSO session) of the Backstage backend.`,
    );
  }
  if (THROTTLED.has(code)) {
    return new ServiceUnavailableError(
      `Could not ${doing} ${where}: AWS is throttling requests (${code}). Nothing is wrong with the template; retry the task in a minute.${requestId}`,
    );
  }
  if (QUOTA_REACHED.has(code)) {
    return new ServiceUnavailableError(
      `Could not ${doing} ${where}: a service quota was reached (${code}: ${detail}). Remove unused resources or raise the quota in Service Quotas.${requestId}`,
    );
  }
  if (INVALID_REQUEST.has(code)) {
    return new InputError(
      `Could not ${doing} ${where}: AWS rejected the request (${code}: ${detail}). Check the template's inputs and the slipway.environments entry.${requestId}`,
    );
  }
  if (/NotFound|NoSuch/.test(code)) {
    return new NotFoundError(
      `Could not ${doing} ${where}: something it needs does not exist (${code}: ${detail}).${requestId}`,
    );
  }
  if (/AlreadyExists|InUse/.test(code)) {
    return new ConflictError(
      `Could not ${doing} ${where}: it conflicts with an existing resource (${code}: ${detail}).${requestId}`,
    );
  }
  if (UNREACHABLE.has(code)) {
    return new ServiceUnavailableError(
      `Could not ${doing} ${where}: the AWS endpoint could not be reached (${code}). Check the Backstage backend's network access to AWS, or AWS_ENDPOINT_URL when using an emulator.`,
    );
  }
  return new Error(
    `Could not ${doing} ${where}: AWS answered ${code}: ${detail}${requestId}`,
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

/** Whether an AWS SDK error has one of these names (e.g. `NoSuchEntityException`). */
export function isAwsError(error: unknown, ...names: string[]): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return typeof name === 'string' && names.includes(name);
}
