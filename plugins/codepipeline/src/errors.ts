import type { ResourceErrorKind } from '@slipway/plugin-codepipeline-common';

/** How a failed backend call is shown. */
export type BackendErrorKind =
  | 'not-annotated'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'backend-unavailable'
  | 'other';

export interface DescribedError {
  kind: BackendErrorKind;
  title: string;
  /** The backend's own message, safe to show as-is. */
  message: string;
}

interface ResponseErrorLike {
  statusCode?: number;
  body?: { error?: { name?: string; message?: string; reason?: string } };
  message?: string;
}

/** Classifies what `CodePipelineClient` threw (a `ResponseError`, or a network error). */
export function describeError(error: unknown): DescribedError {
  const e = (error ?? {}) as ResponseErrorLike;
  const message = e.body?.error?.message ?? e.message ?? String(error);
  switch (e.statusCode) {
    case 404:
      return e.body?.error?.name === 'NotAnnotatedError'
        ? {
            kind: 'not-annotated',
            title: 'No AWS resources annotated',
            message,
          }
        : { kind: 'not-found', title: 'Not found', message };
    case 403:
      // The caller may act, but the AWS resource's slipway tags name another component or owner.
      if (e.body?.error?.reason === 'not-owned') {
        return {
          kind: 'forbidden',
          title: "Not this entity's resource",
          message,
        };
      }
      return {
        kind: 'forbidden',
        title: 'You are not permitted to see this',
        message: `${message} Ask the entity's owners for the codepipeline permission you need.`,
      };
    case 409:
      return { kind: 'conflict', title: 'AWS refused the change', message };
    case undefined:
      return {
        kind: 'backend-unavailable',
        title: 'Slipway backend unavailable',
        message,
      };
    default:
      if (e.statusCode >= 500) {
        return {
          kind: 'backend-unavailable',
          title: 'Slipway backend error',
          message,
        };
      }
      return { kind: 'other', title: 'Request failed', message };
  }
}

/**
 * How serious a resource's error is: a list cut at
 * codepipeline.maxResourcesPerKind is information, AWS being slow or
 * throttling a warning (the next refresh retries), the rest an error.
 */
export function resourceErrorSeverity(
  kind: ResourceErrorKind,
): 'info' | 'warning' | 'error' {
  if (kind === 'truncated') return 'info';
  return kind === 'throttled' || kind === 'timeout' ? 'warning' : 'error';
}

/** A title and what to do, for each reason a single resource could not be read. */
export const RESOURCE_ERROR_TEXT: Record<
  ResourceErrorKind,
  { title: string; hint: string }
> = {
  'not-found': {
    title: 'Not found in AWS',
    hint: 'Check the ARN in the entity annotation; the resource may have been deleted.',
  },
  'access-denied': {
    title: 'AWS denied access',
    hint: "Grant the named IAM action to the Backstage backend's role.",
  },
  throttled: {
    title: 'AWS is throttling requests',
    hint: 'Slipway will try again at the next refresh.',
  },
  'account-not-configured': {
    title: 'AWS account not configured',
    hint: 'Add credentials for this account under aws.accounts in app-config.yaml.',
  },
  timeout: {
    title: 'AWS did not answer in time',
    hint: 'Everything that answered in time is shown; Slipway asks AWS again at the next refresh. If this persists, check the backend’s network path to AWS.',
  },
  unreachable: {
    title: 'AWS unreachable',
    hint: 'The backend could not reach AWS; check its network and AWS_ENDPOINT_URL.',
  },
  'aws-error': {
    title: 'AWS returned an error',
    hint: 'Try refreshing; if it persists, check the backend logs.',
  },
  truncated: {
    title: 'Only the first resources are shown',
    hint: 'The others are not read, so this page stays fast and within AWS limits.',
  },
};
