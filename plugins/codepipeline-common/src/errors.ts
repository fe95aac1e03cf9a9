/**
 * Why one resource could not be read, so the UI can explain it beside the
 * resources that could:
 * - `not-found`: the pipeline or service does not exist (any more);
 * - `access-denied`: AWS refused the backend's credentials (the IAM action is named);
 * - `throttled`: AWS kept throttling after retries;
 * - `account-not-configured`: no credentials are configured for that account;
 * - `unreachable`: AWS (or the emulator) could not be reached;
 * - `aws-error`: anything else AWS answered.
 */
export type ResourceErrorKind =
  | 'not-found'
  | 'access-denied'
  | 'throttled'
  | 'account-not-configured'
  | 'unreachable'
  | 'aws-error';

export interface ResourceError {
  kind: ResourceErrorKind;
  message: string;
}

/** The body of a 404 when the entity has none of Slipway's annotations. */
export interface NotAnnotatedErrorBody {
  error: { name: 'NotAnnotatedError'; message: string };
  annotations: string[];
}
