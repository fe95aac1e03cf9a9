import { createApiRef } from '@backstage/core-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import type {
  ApprovalRequest,
  ApprovalResponse,
  RetryStageRequest,
  RetryStageResponse,
  RollbackStageRequest,
  RollbackStageResponse,
  RollbackTargetsResponse,
  StartExecutionRequest,
  StartExecutionResponse,
  StopExecutionRequest,
  StopExecutionResponse,
  TransitionRequest,
  EntityDoraResponse,
  EntityEcsResponse,
  EntityPipelinesResponse,
  EntityTimelineResponse,
  FleetEntityStatus,
  FleetOverviewResponse,
  HealthResponse,
  PipelineExecutionDetailResponse,
  PipelineExecutionsResponse,
} from '@slipway/plugin-codepipeline-common';

export interface ReadOptions {
  /** Bypass the backend's cache. */
  refresh?: boolean;
}

/**
 * What the delivery overview asks for: filters (each narrows) and one page.
 * `limit` is 25 by default and at most 100 (the backend's page size cap).
 */
export interface FleetOverviewQuery {
  /** Owner entity ref (`group:default/payments`) or a group's name. */
  owner?: string;
  /** System entity ref or name. */
  system?: string;
  status?: FleetEntityStatus;
  /** Case-insensitive part of the entity ref or title. */
  q?: string;
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
}

/** The windows the DORA metrics can be computed over, in days. */
export type DoraWindowDays = EntityDoraResponse['windowDays'];

/** Talks to the Slipway backend at `/api/codepipeline`; one method per route. */
export interface CodePipelineApi {
  /** Backend health, including whether AWS is configured and reachable. */
  getHealth(): Promise<HealthResponse>;
  getPipelines(
    entity: CompoundEntityRef,
    options?: ReadOptions,
  ): Promise<EntityPipelinesResponse>;
  getExecutions(
    entity: CompoundEntityRef,
    pipelineArn: string,
    page?: { limit?: number; cursor?: string } & ReadOptions,
  ): Promise<PipelineExecutionsResponse>;
  getExecution(
    entity: CompoundEntityRef,
    pipelineArn: string,
    executionId: string,
    options?: ReadOptions,
  ): Promise<PipelineExecutionDetailResponse>;
  getEcsServices(
    entity: CompoundEntityRef,
    options?: ReadOptions,
  ): Promise<EntityEcsResponse>;
  getRollbackTargets(
    entity: CompoundEntityRef,
    pipelineArn: string,
    stageName: string,
  ): Promise<RollbackTargetsResponse>;
  /** The entity's recent changes from commit to production, newest first. */
  getTimeline(
    entity: CompoundEntityRef,
    options?: { limit?: number } & ReadOptions,
  ): Promise<EntityTimelineResponse>;
  /** DORA metrics over the last `windowDays` days. */
  getDoraMetrics(
    entity: CompoundEntityRef,
    windowDays: DoraWindowDays,
    options?: ReadOptions,
  ): Promise<EntityDoraResponse>;
  /**
   * The delivery overview: every entity with Slipway annotations the user may
   * read, one page at a time. Entities not read yet come back `loading`;
   * ask again after `pollIntervalSeconds`.
   */
  getOverview(query?: FleetOverviewQuery): Promise<FleetOverviewResponse>;

  startExecution(
    entity: CompoundEntityRef,
    pipelineArn: string,
    request: StartExecutionRequest,
  ): Promise<StartExecutionResponse>;
  stopExecution(
    entity: CompoundEntityRef,
    pipelineArn: string,
    executionId: string,
    request: StopExecutionRequest,
  ): Promise<StopExecutionResponse>;
  retryStage(
    entity: CompoundEntityRef,
    pipelineArn: string,
    stageName: string,
    request: RetryStageRequest,
  ): Promise<RetryStageResponse>;
  reviewApproval(
    entity: CompoundEntityRef,
    pipelineArn: string,
    stageName: string,
    actionName: string,
    request: ApprovalRequest,
  ): Promise<ApprovalResponse>;
  rollbackStage(
    entity: CompoundEntityRef,
    pipelineArn: string,
    stageName: string,
    request: RollbackStageRequest,
  ): Promise<RollbackStageResponse>;
  setTransition(
    entity: CompoundEntityRef,
    pipelineArn: string,
    stageName: string,
    request: TransitionRequest,
  ): Promise<void>;
}

export const codePipelineApiRef = createApiRef<CodePipelineApi>({
  id: 'plugin.codepipeline.service',
});
