import type { ResourceError } from './errors';

/** CodePipeline's execution statuses (ListPipelineExecutions / GetPipelineExecution). */
export type PipelineExecutionStatus =
  | 'Cancelled'
  | 'InProgress'
  | 'Stopped'
  | 'Stopping'
  | 'Succeeded'
  | 'Superseded'
  | 'Failed';

/** A stage's status in its latest execution. */
export type StageStatus =
  | 'Cancelled'
  | 'InProgress'
  | 'Failed'
  | 'Stopped'
  | 'Stopping'
  | 'Succeeded'
  | 'Skipped';

/** An action's status in its latest execution. */
export type ActionStatus = 'InProgress' | 'Abandoned' | 'Succeeded' | 'Failed';

export type ActionCategory =
  | 'Source'
  | 'Build'
  | 'Deploy'
  | 'Test'
  | 'Invoke'
  | 'Approval'
  | 'Compute';

/** The commit (or other source revision) an execution ran on. */
export interface SourceRevision {
  actionName: string;
  revisionId?: string;
  /** Short commit id for display, when the revision is a git commit. */
  shortRevisionId?: string;
  /** Commit message (or S3 version summary). */
  revisionSummary?: string;
  revisionUrl?: string;
}

/** What started an execution. */
export interface ExecutionTrigger {
  type?: string;
  detail?: string;
}

/** One run of a pipeline, as listed in its history. */
export interface PipelineExecutionSummary {
  executionId: string;
  status: PipelineExecutionStatus;
  statusSummary?: string;
  /** `STANDARD` or `ROLLBACK`. */
  executionType?: string;
  trigger?: ExecutionTrigger;
  startTime?: string;
  lastUpdateTime?: string;
  /** Set once the execution is no longer in progress. */
  endTime?: string;
  durationSeconds?: number;
  sourceRevisions: SourceRevision[];
  consoleUrl: string;
}

export interface ActionErrorDetails {
  code?: string;
  message?: string;
}

/** One action of a stage, with its latest execution. */
export interface PipelineActionState {
  name: string;
  category?: ActionCategory | string;
  owner?: string;
  provider?: string;
  runOrder?: number;
  status?: ActionStatus;
  summary?: string;
  lastStatusChange?: string;
  errorDetails?: ActionErrorDetails;
  /** The pipeline execution this action state belongs to. */
  pipelineExecutionId?: string;
  externalExecutionId?: string;
  /** Deep link to the external run, e.g. the CodeBuild build. */
  externalExecutionUrl?: string;
  /** Link to the action's resource, e.g. the CodeBuild project or repository. */
  entityUrl?: string;
  revision?: { revisionId?: string; revisionUrl?: string; created?: string };
  /** A manual approval waiting for a decision. The approval token never leaves the backend. */
  awaitingApproval: boolean;
}

export interface StageTransitionState {
  enabled: boolean;
  disabledReason?: string;
  lastChangedBy?: string;
  lastChangedAt?: string;
}

export interface PipelineStageState {
  name: string;
  status?: StageStatus;
  /** The pipeline execution the stage's latest run belongs to. */
  pipelineExecutionId?: string;
  inboundTransition: StageTransitionState;
  actions: PipelineActionState[];
  /** The stage's latest run failed or stopped and can be retried now. */
  canRetry: boolean;
  /** The stage can be rolled back (V2 pipelines, a stage that has run and is not running). */
  canRollback: boolean;
}

/** Everything the entity page shows about one pipeline. */
export interface PipelineStatus {
  arn: string;
  name: string;
  accountId: string;
  region: string;
  consoleUrl: string;
  pipelineType?: 'V1' | 'V2' | string;
  executionMode?: string;
  stages: PipelineStageState[];
  latestExecution?: PipelineExecutionSummary;
  /** True while an execution is running or an approval waits. */
  active: boolean;
  /** The latest execution is in progress and can be stopped or abandoned. */
  canStop: boolean;
}

/** One pipeline's status, or why it could not be read. */
export type PipelineResult =
  | { arn: string; name: string; status: PipelineStatus; error?: undefined }
  | { arn: string; name: string; status?: undefined; error: ResourceError };

/** `GET /v1/entities/:kind/:namespace/:name/pipelines` */
export interface EntityPipelinesResponse {
  entityRef: string;
  pipelines: PipelineResult[];
  /**
   * The list was cut at `codepipeline.maxResourcesPerKind`; an entry with
   * `error.kind: 'truncated'` says which lookup matched more.
   */
  truncated?: boolean;
  /** When the slowest part of this answer was read from AWS (ISO 8601). */
  refreshedAt: string;
  /** Seconds until the UI should ask again: short while anything is active. */
  pollIntervalSeconds: number;
}

/** `GET …/pipelines/:pipelineArn/executions` */
export interface PipelineExecutionsResponse {
  pipelineArn: string;
  executions: PipelineExecutionSummary[];
  /** Opaque; pass back as `cursor` for the next page. */
  nextCursor?: string;
}

/** A CodeBuild build phase (BatchGetBuilds). */
export interface BuildPhase {
  phaseType: string;
  phaseStatus?: string;
  startTime?: string;
  endTime?: string;
  durationSeconds?: number;
  contexts?: string[];
}

/** The CodeBuild build behind a Build action. */
export interface BuildDetails {
  id: string;
  buildStatus?: string;
  currentPhase?: string;
  startTime?: string;
  endTime?: string;
  phases: BuildPhase[];
  logsUrl?: string;
  consoleUrl: string;
}

/** One action's run in a given execution (ListActionExecutions). */
export interface ActionExecutionDetail {
  stageName: string;
  actionName: string;
  actionExecutionId?: string;
  category?: string;
  provider?: string;
  status?: ActionStatus;
  startTime?: string;
  lastUpdateTime?: string;
  summary?: string;
  externalExecutionId?: string;
  externalExecutionUrl?: string;
  errorDetails?: ActionErrorDetails;
  build?: BuildDetails;
}

/** `GET …/pipelines/:pipelineArn/executions/:executionId` */
export interface PipelineExecutionDetailResponse {
  pipelineArn: string;
  execution: PipelineExecutionSummary;
  actions: ActionExecutionDetail[];
}
