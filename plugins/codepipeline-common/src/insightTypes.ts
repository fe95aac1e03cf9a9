import type { ResourceError } from './errors';
import type { PipelineExecutionStatus, SourceRevision } from './pipelineTypes';

/** One stage's part in a change's journey. */
export interface TimelineStage {
  stageName: string;
  /** Outcome of the stage's actions in this execution. */
  status:
    | 'Succeeded'
    | 'Failed'
    | 'InProgress'
    | 'Stopped'
    | 'Abandoned'
    | 'NotReached';
  startTime?: string;
  endTime?: string;
  /** Time spent waiting for a manual approval in this stage, when there was one. */
  approvalWaitSeconds?: number;
  /** Who/what decided the approval, as AWS recorded it (summary). */
  approvalSummary?: string;
  /** Production stage: the last stage with a Deploy action. */
  isProduction: boolean;
}

/** An ECS rollout correlated with a deploy stage of the change. */
export interface TimelineRollout {
  serviceArn: string;
  serviceName: string;
  deploymentId: string;
  taskDefinition: string;
  rolloutState?: 'COMPLETED' | 'FAILED' | 'IN_PROGRESS';
  rolloutStateReason?: string;
  startTime?: string;
  endTime?: string;
  rolledBack: boolean;
}

/** One change (commit) from push to production. */
export interface TimelineChange {
  pipelineArn: string;
  pipelineName: string;
  executionId: string;
  executionStatus: PipelineExecutionStatus;
  executionType?: string;
  commit?: SourceRevision;
  trigger?: { type?: string; detail?: string };
  startTime?: string;
  endTime?: string;
  stages: TimelineStage[];
  rollouts: TimelineRollout[];
  /** Where the change is now, in words: "live in production", "waiting for approval before Deploy-prod"… */
  whereNow: string;
  /** This change is what production runs now. */
  liveInProduction: boolean;
  consoleUrl: string;
}

/** `GET /v1/entities/:kind/:namespace/:name/timeline` */
export interface EntityTimelineResponse {
  entityRef: string;
  changes: TimelineChange[];
  errors: Array<{ arn: string; name: string; error: ResourceError }>;
  refreshedAt: string;
}

export type DoraBand = 'elite' | 'high' | 'medium' | 'low';

export interface DoraMetric {
  /** The value in the metric's unit; undefined when there is no data. */
  value?: number;
  unit: 'per-day' | 'hours' | 'percent';
  band?: DoraBand;
  /** How many events the value was computed from. */
  sampleSize: number;
}

/** One week (or day, for the 7-day window) of the trend chart. */
export interface DoraTrendPoint {
  periodStart: string;
  deployments: number;
  failures: number;
  /** Median lead time in hours of the deployments in this period. */
  medianLeadTimeHours?: number;
}

/**
 * Why a stage counts (or no stage counts) as a pipeline's production stage:
 * - `annotation`: the entity's `aws.amazon.com/slipway-production-stage`;
 * - `stage-environment`: the stage deploys to an environment marked
 *   production in `slipway.environments` (Slipway names it `Deploy-<env>`);
 * - `environment-tag`: the pipeline's `slipway:environment` tag names a
 *   production environment (its last Deploy stage counts) or one that is not
 *   (none counts);
 * - `last-deploy-stage`: nothing says which environment the pipeline deploys
 *   to, so its last stage with a Deploy action counts.
 */
export type ProductionStageReason =
  | 'annotation'
  | 'stage-environment'
  | 'environment-tag'
  | 'last-deploy-stage';

/** The stage whose deployments DORA counts for one pipeline, and why. */
export interface ProductionStage {
  pipelineArn: string;
  pipeline: string;
  /** Undefined when none of the pipeline's stages deploys to production. */
  stage?: string;
  reason: ProductionStageReason;
  /** One sentence for people, e.g. "deploys to prod, marked production in slipway.environments". */
  explanation: string;
}

/** `GET /v1/entities/:kind/:namespace/:name/dora?windowDays=7|30|90` */
export interface EntityDoraResponse {
  entityRef: string;
  windowDays: 7 | 30 | 90;
  from: string;
  to: string;
  deploymentFrequency: DoraMetric;
  leadTimeForChanges: DoraMetric;
  changeFailureRate: DoraMetric;
  timeToRestore: DoraMetric;
  trend: DoraTrendPoint[];
  /** Pipelines whose history was read, and any that could not be. */
  pipelines: Array<{
    arn: string;
    name: string;
    productionStage?: string;
    error?: ResourceError;
  }>;
  /** Which stage of each readable pipeline counts as production, and why. */
  productionStages: ProductionStage[];
  /** True when history paging stopped at its bound before reaching the window's start. */
  truncated: boolean;
  refreshedAt: string;
}
