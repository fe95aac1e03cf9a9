/**
 * Request and response bodies of the write routes under
 * `/v1/entities/:kind/:namespace/:name/pipelines/:pipelineArn/…`.
 */

/** Start an execution, optionally at a given commit of a source action. */
export interface StartExecutionRequest {
  /** Idempotency token: the same token within a few minutes starts one run. 1–128 chars `[A-Za-z0-9-]`. */
  clientRequestToken: string;
  /** Run at this commit instead of the branch head. */
  sourceRevision?: {
    /** The source action's name, e.g. `Source`. */
    actionName: string;
    /** A full 40-character git commit id. */
    commitId: string;
  };
}

export interface StartExecutionResponse {
  pipelineExecutionId: string;
}

/** Stop an execution: finish in-progress actions first, or abandon them. */
export interface StopExecutionRequest {
  abandon: boolean;
  reason?: string;
}

export interface StopExecutionResponse {
  pipelineExecutionId: string;
}

export interface RetryStageRequest {
  /** The execution whose stage failed; must be the stage's latest. */
  pipelineExecutionId: string;
  mode: 'FAILED_ACTIONS' | 'ALL_ACTIONS';
}

export interface RetryStageResponse {
  pipelineExecutionId: string;
}

/** Approve or reject a pending manual approval. The backend fetches the approval token. */
export interface ApprovalRequest {
  decision: 'Approved' | 'Rejected';
  /** Required (non-blank) for a rejection. */
  comment?: string;
}

export interface ApprovalResponse {
  approvedAt?: string;
}

/** Roll a stage back to an earlier execution that succeeded in it. */
export interface RollbackStageRequest {
  targetPipelineExecutionId: string;
}

export interface RollbackStageResponse {
  pipelineExecutionId: string;
}

/** Enable or disable the stage's inbound transition. */
export interface TransitionRequest {
  enabled: boolean;
  /** Required when disabling. */
  reason?: string;
}

/** Executions a stage can be rolled back to (succeeded in that stage, not the current one). */
export interface RollbackTargetsResponse {
  stageName: string;
  targets: Array<{
    pipelineExecutionId: string;
    startTime?: string;
    sourceRevisions: Array<{
      revisionId?: string;
      shortRevisionId?: string;
      revisionSummary?: string;
    }>;
  }>;
}

/**
 * `error.reason` of a 403 NotAllowedError on a write: `not-owned` — the AWS
 * resource's `slipway:*` tags name another component or owner (or it has none
 * and `codepipeline.writes.allowUntaggedResources` is false).
 */
export type WriteRefusalReason = 'not-owned';

/** Error name of a 409 the UI can show as-is. */
export type ConflictReason =
  | 'stage-not-retryable'
  | 'not-latest-execution'
  | 'approval-already-decided'
  | 'no-pending-approval'
  | 'execution-not-stoppable'
  | 'rollback-target-invalid'
  | 'concurrent-execution-limit'
  | 'conflict';
