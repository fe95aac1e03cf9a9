import type { EcsRolloutState } from './ecsTypes';
import type { ResourceError } from './errors';
import type { DoraMetric } from './insightTypes';
import type { PipelineExecutionStatus } from './pipelineTypes';

/**
 * One word for an entity's delivery state, worst first:
 * - `failing`: a pipeline's latest execution failed, or an ECS rollout failed;
 * - `awaiting-approval`: a manual approval waits for a decision;
 * - `rolling-out`: an ECS deployment (or CodeDeploy blue/green) is in progress;
 * - `in-progress`: a pipeline execution runs;
 * - `healthy`: the latest runs and rollouts succeeded;
 * - `unknown`: nothing could be read (every resource answered an error, or none resolved);
 * - `loading`: no summary yet; the backend is reading it (ask again).
 */
export type FleetEntityStatus =
  | 'failing'
  | 'awaiting-approval'
  | 'rolling-out'
  | 'in-progress'
  | 'healthy'
  | 'unknown'
  | 'loading';

/** The statuses, worst first (the order `status` is chosen in). */
export const FLEET_ENTITY_STATUSES: readonly FleetEntityStatus[] = [
  'failing',
  'awaiting-approval',
  'rolling-out',
  'in-progress',
  'healthy',
  'unknown',
  'loading',
];

/** A commit as the overview shows it. */
export interface FleetCommit {
  /** Full commit id (or other source revision id). */
  id: string;
  message?: string;
  url?: string;
}

/** One pipeline of an entity, reduced to what the overview shows. */
export interface FleetPipelineSummary {
  arn: string;
  name: string;
  latestExecution?: {
    id: string;
    status: PipelineExecutionStatus;
    startTime?: string;
    commit?: FleetCommit;
  };
  /** The stage of the latest execution that failed, when one did. */
  failingStage?: string;
  /**
   * Manual approvals waiting for a decision. With the entity's `canApprove`,
   * the page opens the approval dialog of
   * `POST /v1/entities/:kind/:namespace/:name/pipelines/:arn/stages/:stageName/actions/:actionName/approval`.
   */
  awaitingApprovals: Array<{ stageName: string; actionName: string }>;
}

/** An ECS service whose newest deployment is rolling out or failed. */
export interface FleetRollout {
  service: string;
  serviceArn: string;
  /** The service's `slipway:environment` tag. */
  environment?: string;
  state: EcsRolloutState;
}

/** What production runs now. */
export interface FleetProduction {
  /** The production environment's name (`slipway:environment` tag or the `Deploy-<env>` stage). */
  environment?: string;
  /** The image tag running in production, else the task definition (`family:revision`). */
  version?: string;
  /** The task definition (`family:revision`) of the production service. */
  taskDefinition?: string;
  /** The commit of the execution that is live in production. */
  commit?: FleetCommit;
}

/** One catalog entity with Slipway annotations, as the delivery overview lists it. */
export interface FleetEntitySummary {
  entityRef: string;
  title?: string;
  kind: string;
  /** Full entity ref of `spec.owner`, e.g. `group:default/payments`. */
  owner: string;
  /** Full entity ref of `spec.system`, when the entity has one. */
  system?: string;
  status: FleetEntityStatus;
  /** Empty while `loading`. */
  pipelines: FleetPipelineSummary[];
  /** Empty while `loading`. */
  rollouts: FleetRollout[];
  production?: FleetProduction;
  /** Whether the viewer holds `codepipeline.approval.review` on this entity. */
  canApprove: boolean;
  /** Resources (or lookups) that could not be read; the rest of the summary stands. */
  errors?: Array<{ name: string; error: ResourceError }>;
  /** When this summary was read from the backend's caches (ISO 8601); absent while `loading`. */
  refreshedAt?: string;
}

/**
 * The 30-day DORA metrics of one owner group: per-entity metrics
 * (`GET …/dora?windowDays=30`) pooled over `entities` — deployment frequency
 * summed, change failure rate over all attempts, lead time and time to
 * restore as the mean of the entities' medians weighted by their sample sizes.
 */
export interface FleetDoraGroup {
  /** Full entity ref of the owner. */
  owner: string;
  windowDays: 30;
  /** The entities counted: those matching the filters whose DORA is read. */
  entities: string[];
  /** Entities of this owner not counted yet (still loading, or DORA unreadable). */
  pending: number;
  deploymentFrequency: DoraMetric;
  leadTimeForChanges: DoraMetric;
  changeFailureRate: DoraMetric;
  timeToRestore: DoraMetric;
}

/** `GET /v1/overview?owner=&system=&status=&q=&limit=&cursor=` */
export interface FleetOverviewResponse {
  /** One page, ordered by entity ref. */
  items: FleetEntitySummary[];
  /** Entities matching every filter (status included), over all pages. */
  totalItems: number;
  /** Opaque; pass back as `cursor` for the next page. */
  nextCursor?: string;
  /**
   * Of the entities matching owner, system and `q`, how many have a summary
   * (`ready`); the others are `loading` — ask again until `ready === total`.
   */
  progress: { ready: number; total: number };
  /** Values for the filters: every owner and system among the entities the viewer may read. */
  filters: { owners: string[]; systems: string[] };
  /** Per owner group, over the entities matching owner, system and `q`. */
  dora: FleetDoraGroup[];
  refreshedAt: string;
  /** Seconds until the page should ask again: short while loading or while something moves. */
  pollIntervalSeconds: number;
}
