import {
  CustomErrorBase,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import type {
  ConflictReason,
  WriteRefusalReason,
} from '@slipway/plugin-codepipeline-common';
import { toResourceError } from './errors';

/** A 409 whose message the UI shows as-is; `reason` lets it react. */
export class PipelineConflictError extends CustomErrorBase {
  name = 'ConflictError' as const;
  statusCode = 409;
  constructor(message: string, readonly reason: ConflictReason) {
    super(message);
  }
}

/**
 * A 403 for a write to an AWS resource that is not the entity's by its
 * `slipway:*` tags (`reason: 'not-owned'`); the message names whose it is.
 */
export class ResourceNotOwnedError extends CustomErrorBase {
  name = 'NotAllowedError' as const;
  statusCode = 403;
  readonly reason: WriteRefusalReason = 'not-owned';
}

/** What a write was about, so that a 404 names what is missing. */
export interface ControlContext {
  pipeline: string;
  executionId?: string;
  stageName?: string;
  actionName?: string;
}

/** The AWS not-found errors of CodePipeline writes, each worded for what it says is missing. */
const NOT_FOUND: Record<string, (c: ControlContext) => string> = {
  PipelineNotFoundException: c =>
    `Pipeline ${c.pipeline} was not found in AWS.`,
  PipelineExecutionNotFoundException: c =>
    c.executionId
      ? `Execution ${c.executionId} of pipeline ${c.pipeline} was not found in AWS.`
      : `The execution of pipeline ${c.pipeline} was not found in AWS.`,
  StageNotFoundException: c =>
    c.stageName
      ? `Stage ${c.stageName} of pipeline ${c.pipeline} was not found in AWS.`
      : `The stage of pipeline ${c.pipeline} was not found in AWS.`,
  ActionNotFoundException: c =>
    c.actionName
      ? `Action ${c.stageName}/${c.actionName} of pipeline ${c.pipeline} was not found in AWS.`
      : `The action of pipeline ${c.pipeline} was not found in AWS.`,
};

/** A rollback whose target is not an execution of this pipeline (e.g. another pipeline's). */
export function invalidRollbackTarget(
  context: Required<Pick<ControlContext, 'executionId' | 'stageName'>> &
    ControlContext,
): PipelineConflictError {
  return new PipelineConflictError(
    `Execution ${context.executionId} is not an execution of pipeline ${context.pipeline}: roll stage ${context.stageName} back to one of this pipeline's own executions that succeeded in it.`,
    'rollback-target-invalid',
  );
}

const CONFLICTS: Record<string, { reason: ConflictReason; message: string }> = {
  StageNotRetryableException: {
    reason: 'stage-not-retryable',
    message:
      'This stage cannot be retried now: only a failed stage of the latest execution through it can be.',
  },
  NotLatestPipelineExecutionException: {
    reason: 'not-latest-execution',
    message:
      'This is no longer the latest execution of the stage; refresh and try again on the latest one.',
  },
  ApprovalAlreadyCompletedException: {
    reason: 'approval-already-decided',
    message: 'This approval has already been decided.',
  },
  InvalidApprovalTokenException: {
    reason: 'approval-already-decided',
    message: 'This approval is no longer waiting: it was decided or timed out.',
  },
  PipelineExecutionNotStoppableException: {
    reason: 'execution-not-stoppable',
    message:
      'This execution cannot be stopped: it has already finished or is stopping.',
  },
  DuplicatedStopRequestException: {
    reason: 'execution-not-stoppable',
    message: 'This execution is already being stopped.',
  },
  UnableToRollbackStageException: {
    reason: 'rollback-target-invalid',
    message:
      'The stage cannot be rolled back to that execution: pick an execution that succeeded in this stage.',
  },
  ConcurrentPipelineExecutionsLimitExceededException: {
    reason: 'concurrent-execution-limit',
    message:
      'The pipeline already runs as many executions as it may; wait for one to finish.',
  },
  ConflictException: {
    reason: 'conflict',
    message:
      'AWS refused the change because of a conflicting operation; refresh and try again.',
  },
  ConcurrentModificationException: {
    reason: 'conflict',
    message: 'The pipeline changed meanwhile; refresh and try again.',
  },
};

/**
 * Maps a failed CodePipeline write to a 409 / 404 / 503 with an actionable
 * message: a 404 names what is missing (pipeline, execution, stage, action),
 * and AWS's own text keeps only the ARNs in `ownArns` (the entity's resources).
 */
export function toControlError(
  error: unknown,
  context: ControlContext,
  ownArns: readonly string[] = [],
): Error {
  const name = (error as { name?: string })?.name ?? '';
  const conflict = CONFLICTS[name];
  if (conflict) {
    return new PipelineConflictError(conflict.message, conflict.reason);
  }
  const mapped = toResourceError(
    error,
    `pipeline ${context.pipeline}`,
    ownArns,
  );
  if (mapped.kind === 'not-found') {
    return new NotFoundError(NOT_FOUND[name]?.(context) ?? mapped.message);
  }
  return new ServiceUnavailableError(mapped.message);
}

/** Refusals the caller can act on: the names `@backstage/errors` answers with a 4xx. */
const EXPECTED_REFUSALS = new Set([
  'InputError',
  'AuthenticationError',
  'NotAllowedError',
  'NotFoundError',
  'ConflictError',
  'NotModifiedError',
]);

/**
 * The error as the audit log should carry it: an expected refusal (a 409
 * conflict, bad input, not permitted, not found) without its stack trace, as
 * it is no fault of the backend's; anything else (5xx) unchanged, stack and all.
 */
export function forAuditLog(error: unknown): Error {
  if (!(error instanceof Error)) {
    return new Error(String(error));
  }
  const statusCode = (error as { statusCode?: unknown }).statusCode;
  const expected =
    typeof statusCode === 'number'
      ? statusCode < 500
      : EXPECTED_REFUSALS.has(error.name);
  if (!expected) {
    return error;
  }
  const summary = new Error(error.message);
  summary.name = error.name;
  delete summary.stack;
  return summary;
}
