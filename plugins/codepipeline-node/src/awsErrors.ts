import { AwsTimeoutError } from './awsDeadline';

/** What kind of failure an AWS SDK (or credential provider) error is. */
export type AwsErrorKind =
  | 'access-denied'
  | 'bad-credentials'
  | 'throttled'
  | 'quota-reached'
  | 'invalid-request'
  | 'not-found'
  | 'conflict'
  | 'unreachable'
  | 'timeout'
  | 'other';

/** An AWS error reduced to what can safely be shown and acted on. */
export interface AwsErrorInfo {
  kind: AwsErrorKind;
  /** The error name, or the network error code (`ECONNREFUSED`…). */
  code: string;
  /** AWS's own first line, with anything that looks like an access key removed, at most 400 characters. */
  message: string;
  /** The IAM action AWS said is missing (`ecr:CreateRepository`), when it names one. */
  deniedAction?: string;
  /** The kind of policy with an explicit deny (`service control policy`), when AWS says so. */
  explicitDeny?: string;
  requestId?: string;
  /** For kind `timeout` raised by the client factory: which call, where, after how long. */
  timeout?: {
    service: string;
    operation: string;
    region: string;
    endpoint: string;
    elapsedMs: number;
  };
}

interface SdkErrorLike {
  name?: string;
  message?: string;
  code?: string;
  $fault?: string;
  $metadata?: { httpStatusCode?: number; requestId?: string };
  $retryable?: { throttling?: boolean };
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
  'ThrottledException',
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
  'EAI_AGAIN',
  'NetworkingError',
]);
/** Calls that got no (complete) answer in time; `AwsTimeoutError` is the client factory's. */
const TIMED_OUT = new Set([
  'AwsTimeoutError',
  'TimeoutError',
  'ETIMEDOUT',
  'RequestTimeout',
  'RequestTimeoutException',
]);

/**
 * Classifies an error thrown by an AWS SDK v3 call or credential provider;
 * undefined for anything else (a bug, an InputError…), which callers let
 * through unchanged. The one place Slipway decides what an AWS failure means;
 * each caller words it for its audience.
 */
export function describeAwsError(error: unknown): AwsErrorInfo | undefined {
  if (typeof error !== 'object' || error === null) {
    return undefined;
  }
  const e = error as SdkErrorLike;
  const name = e.name ?? 'Error';
  const networkCode =
    e.code && (UNREACHABLE.has(e.code) || TIMED_OUT.has(e.code));
  const code = networkCode && !TIMED_OUT.has(name) ? e.code! : name;
  // SDK errors carry $metadata; failures reported in a response body (ECS
  // `failures`, for instance) and hand-built ones only carry an AWS error name.
  const fromAws =
    e.$metadata !== undefined ||
    e.$fault !== undefined ||
    BAD_CREDENTIALS.has(name) ||
    UNREACHABLE.has(code) ||
    TIMED_OUT.has(code) ||
    /Exception$|^AccessDenied$|^Throttling$/.test(name);
  if (!fromAws) {
    return undefined;
  }
  const raw = e.message ?? '';
  return {
    kind: kindOf(code, e),
    code,
    message: safeMessage(raw),
    deniedAction: deniedIamAction(raw),
    explicitDeny: /with an explicit deny in an? ([a-z -]*policy)/i.exec(
      raw,
    )?.[1],
    requestId: e.$metadata?.requestId,
    timeout: timeoutDetails(error),
  };
}

function timeoutDetails(error: object): AwsErrorInfo['timeout'] {
  if (!(error instanceof AwsTimeoutError)) {
    return undefined;
  }
  const { service, operation, region, endpoint, elapsedMs } = error;
  return { service, operation, region, endpoint, elapsedMs };
}

function kindOf(code: string, e: SdkErrorLike): AwsErrorKind {
  if (ACCESS_DENIED.test(code) || e.$metadata?.httpStatusCode === 403) {
    return 'access-denied';
  }
  if (BAD_CREDENTIALS.has(code)) return 'bad-credentials';
  if (THROTTLED.has(code) || e.$retryable?.throttling) return 'throttled';
  if (QUOTA_REACHED.has(code)) return 'quota-reached';
  if (INVALID_REQUEST.has(code)) return 'invalid-request';
  if (/NotFound|NoSuch|DoesNotExist/.test(code)) return 'not-found';
  if (/AlreadyExists|InUse/.test(code)) return 'conflict';
  if (TIMED_OUT.has(code)) return 'timeout';
  if (UNREACHABLE.has(code)) return 'unreachable';
  return 'other';
}

/** `ecr:CreateRepository` out of an AccessDenied message, when AWS names it. */
export function deniedIamAction(message: string): string | undefined {
  const match =
    /not authorized to perform:? ([a-z0-9-]+:[A-Za-z0-9*]+)/.exec(message) ??
    /allows the ([a-z0-9-]+:[A-Za-z0-9*]+) action/.exec(message);
  return match?.[1];
}

/** Whether an AWS SDK error has one of these names (e.g. `NoSuchEntityException`). */
export function isAwsError(error: unknown, ...names: string[]): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return typeof name === 'string' && names.includes(name);
}

function safeMessage(message: string): string {
  const firstLine = message.split('\n')[0].trim();
  const redacted = firstLine.replace(/\b(AKIA|ASIA)[A-Z0-9]{16}\b/g, '[key]');
  return redacted.length > 400 ? `${redacted.slice(0, 400)}…` : redacted;
}
