/**
 * Why one resource could not be read, so the UI can explain it beside the
 * resources that could:
 * - `not-found`: the pipeline or service does not exist (any more);
 * - `access-denied`: AWS refused the backend's credentials (the IAM action is named);
 * - `throttled`: AWS kept throttling after retries;
 * - `account-not-configured`: no credentials are configured for that account;
 * - `unreachable`: AWS (or the emulator) could not be reached;
 * - `timeout`: AWS did not answer before the call's timeout or the route's
 *   deadline (`codepipeline.responseDeadlineSeconds`); the rest of the answer
 *   is what arrived in time;
 * - `aws-error`: anything else AWS answered;
 * - `truncated`: not a failure — a lookup (tag annotation, Deploy-action
 *   discovery) matched more resources than `codepipeline.maxResourcesPerKind`,
 *   and only the first ones are shown; the message says how many.
 */
export type ResourceErrorKind =
  | 'not-found'
  | 'access-denied'
  | 'throttled'
  | 'account-not-configured'
  | 'unreachable'
  | 'timeout'
  | 'aws-error'
  | 'truncated';

export interface ResourceError {
  kind: ResourceErrorKind;
  message: string;
}
