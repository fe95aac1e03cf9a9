import type {
  ActionDeclaration,
  ActionExecutionStatus,
  ErrorDetails,
  ExecutionTrigger,
  PipelineDeclaration,
  PipelineExecutionStatus,
  StageExecutionStatus,
  StopExecutionTrigger,
  TransitionState,
} from '@aws-sdk/client-codepipeline';
import type { SourceRevisionResult } from './runners';

/** What GetPipeline answers: the definition and its metadata. */
export interface PipelineDefinition {
  pipeline: PipelineDeclaration;
  metadata?: { pipelineArn?: string; created?: Date; updated?: Date };
}

/** Reads a pipeline's definition (from moto's GetPipeline); undefined when there is none. */
export type DefinitionSource = (
  name: string,
) => Promise<PipelineDefinition | undefined>;

/** One run of one action (a retry is a new run). */
export interface ActionRun {
  actionExecutionId: string;
  pipelineExecutionId: string;
  pipelineVersion: number;
  stageName: string;
  actionName: string;
  action: ActionDeclaration;
  status: ActionExecutionStatus;
  startTime: Date;
  lastUpdateTime: Date;
  resolvedConfiguration: Record<string, string>;
  summary?: string;
  externalExecutionId?: string;
  externalExecutionUrl?: string;
  percentComplete?: number;
  errorDetails?: ErrorDetails;
  outputVariables?: Record<string, string>;
  revision?: SourceRevisionResult;
  updatedBy?: string;
  /** The manual approval's token while it waits. */
  token?: string;
  approve?: (answer: {
    status: 'Approved' | 'Rejected';
    summary: string;
  }) => void;
  abort: AbortController;
}

/** One execution's pass through one stage. */
export interface StageRun {
  status: StageExecutionStatus;
  /** The runs of this pass, latest per action last. */
  runs: ActionRun[];
  /** Actions that succeeded before a FAILED_ACTIONS retry: not run again. */
  keep: Set<string>;
  runOrder: number;
  manualRetries: number;
}

export interface Execution {
  id: string;
  sequence: number;
  pipelineName: string;
  pipelineVersion: number;
  definition: PipelineDeclaration;
  status: PipelineExecutionStatus;
  statusSummary?: string;
  startTime: Date;
  lastUpdateTime: Date;
  trigger: ExecutionTrigger;
  stopTrigger?: StopExecutionTrigger;
  executionType: 'STANDARD' | 'ROLLBACK';
  rollbackTargetId?: string;
  /** Only this stage runs (a rollback). */
  onlyStage?: string;
  variables: Record<string, string>;
  sourceOverrides: Record<string, string>;
  /** Output variables by action namespace. */
  namespaces: Record<string, Record<string, string>>;
  /** Source revisions by action name (copied from the target in a rollback). */
  sources: Record<string, SourceRevisionResult & { created: Date }>;
  /** Output artifacts produced so far: artifact name → a local folder with its files. */
  artifacts: Record<string, string>;
  stages: Map<string, StageRun>;
  /** Index of the stage it runs in or waits before. */
  position: number;
  waiting: boolean;
}

export interface PipelineRecord {
  name: string;
  /** Oldest first. */
  executions: Execution[];
  actionRuns: ActionRun[];
  transitions: Map<string, TransitionState>;
  /** The execution that last entered each stage. */
  stageLatest: Map<string, string>;
  requestTokens: Map<string, string>;
}

export const ACTIVE: ReadonlySet<PipelineExecutionStatus> = new Set([
  'InProgress',
  'Stopping',
]);
