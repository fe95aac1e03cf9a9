import type { CompoundEntityRef } from '@backstage/catalog-model';
import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
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
  FleetOverviewResponse,
  HealthResponse,
  PipelineExecutionDetailResponse,
  PipelineExecutionsResponse,
} from '@slipway/plugin-codepipeline-common';
import type {
  CodePipelineApi,
  DoraWindowDays,
  FleetOverviewQuery,
  ReadOptions,
} from './CodePipelineApi';

/** The default {@link CodePipelineApi}: fetchApi (adds the user's token) + discoveryApi. */
export class CodePipelineClient implements CodePipelineApi {
  constructor(
    private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ) {}

  getHealth(): Promise<HealthResponse> {
    return this.get<HealthResponse>('/v1/health');
  }

  getPipelines(
    entity: CompoundEntityRef,
    options?: ReadOptions,
  ): Promise<EntityPipelinesResponse> {
    return this.get(`${entityPath(entity)}/pipelines`, {
      refresh: options?.refresh,
    });
  }

  getExecutions(
    entity: CompoundEntityRef,
    pipelineArn: string,
    page: { limit?: number; cursor?: string } & ReadOptions = {},
  ): Promise<PipelineExecutionsResponse> {
    return this.get(`${pipelinePath(entity, pipelineArn)}/executions`, {
      limit: page.limit,
      cursor: page.cursor,
      refresh: page.refresh,
    });
  }

  getExecution(
    entity: CompoundEntityRef,
    pipelineArn: string,
    executionId: string,
    options?: ReadOptions,
  ): Promise<PipelineExecutionDetailResponse> {
    return this.get(
      `${pipelinePath(entity, pipelineArn)}/executions/${encodeURIComponent(
        executionId,
      )}`,
      { refresh: options?.refresh },
    );
  }

  getEcsServices(
    entity: CompoundEntityRef,
    options?: ReadOptions,
  ): Promise<EntityEcsResponse> {
    return this.get(`${entityPath(entity)}/ecs`, {
      refresh: options?.refresh,
    });
  }

  getRollbackTargets(
    entity: CompoundEntityRef,
    pipelineArn: string,
    stageName: string,
  ): Promise<RollbackTargetsResponse> {
    return this.get(
      `${stagePath(entity, pipelineArn, stageName)}/rollback-targets`,
    );
  }

  getTimeline(
    entity: CompoundEntityRef,
    options: { limit?: number } & ReadOptions = {},
  ): Promise<EntityTimelineResponse> {
    return this.get(`${entityPath(entity)}/timeline`, {
      limit: options.limit,
      refresh: options.refresh,
    });
  }

  getDoraMetrics(
    entity: CompoundEntityRef,
    windowDays: DoraWindowDays,
    options?: ReadOptions,
  ): Promise<EntityDoraResponse> {
    return this.get(`${entityPath(entity)}/dora`, {
      windowDays,
      refresh: options?.refresh,
    });
  }

  getOverview(query: FleetOverviewQuery = {}): Promise<FleetOverviewResponse> {
    // The overview has no `refresh`: it reads the per-entity caches, which
    // the backend keeps fresh on its own.
    return this.get('/v1/overview', {
      owner: query.owner,
      system: query.system,
      status: query.status,
      q: query.q?.trim() || undefined,
      limit: query.limit,
      cursor: query.cursor,
    });
  }

  startExecution(
    entity: CompoundEntityRef,
    pipelineArn: string,
    request: StartExecutionRequest,
  ): Promise<StartExecutionResponse> {
    return this.send(
      'POST',
      `${pipelinePath(entity, pipelineArn)}/executions`,
      request,
    );
  }

  stopExecution(
    entity: CompoundEntityRef,
    pipelineArn: string,
    executionId: string,
    request: StopExecutionRequest,
  ): Promise<StopExecutionResponse> {
    return this.send(
      'POST',
      `${pipelinePath(entity, pipelineArn)}/executions/${encodeURIComponent(
        executionId,
      )}/stop`,
      request,
    );
  }

  retryStage(
    entity: CompoundEntityRef,
    pipelineArn: string,
    stageName: string,
    request: RetryStageRequest,
  ): Promise<RetryStageResponse> {
    return this.send(
      'POST',
      `${stagePath(entity, pipelineArn, stageName)}/retry`,
      request,
    );
  }

  reviewApproval(
    entity: CompoundEntityRef,
    pipelineArn: string,
    stageName: string,
    actionName: string,
    request: ApprovalRequest,
  ): Promise<ApprovalResponse> {
    return this.send(
      'POST',
      `${stagePath(
        entity,
        pipelineArn,
        stageName,
      )}/actions/${encodeURIComponent(actionName)}/approval`,
      request,
    );
  }

  rollbackStage(
    entity: CompoundEntityRef,
    pipelineArn: string,
    stageName: string,
    request: RollbackStageRequest,
  ): Promise<RollbackStageResponse> {
    return this.send(
      'POST',
      `${stagePath(entity, pipelineArn, stageName)}/rollback`,
      request,
    );
  }

  async setTransition(
    entity: CompoundEntityRef,
    pipelineArn: string,
    stageName: string,
    request: TransitionRequest,
  ): Promise<void> {
    await this.send(
      'PUT',
      `${stagePath(entity, pipelineArn, stageName)}/transition`,
      request,
    );
  }

  private async send<T>(
    method: 'POST' | 'PUT',
    path: string,
    body: unknown,
  ): Promise<T> {
    const baseUrl = await this.deps.discoveryApi.getBaseUrl('codepipeline');
    const response = await this.deps.fetchApi.fetch(`${baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response.status === 204
      ? (undefined as T)
      : ((await response.json()) as T);
  }

  private async get<T>(
    path: string,
    query: Record<string, string | number | boolean | undefined> = {},
  ): Promise<T> {
    const baseUrl = await this.deps.discoveryApi.getBaseUrl('codepipeline');
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== false) {
        params.set(key, String(value));
      }
    }
    const search = params.toString();
    const response = await this.deps.fetchApi.fetch(
      `${baseUrl}${path}${search ? `?${search}` : ''}`,
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}

function pipelinePath(entity: CompoundEntityRef, pipelineArn: string): string {
  return `${entityPath(entity)}/pipelines/${encodeURIComponent(pipelineArn)}`;
}

function stagePath(
  entity: CompoundEntityRef,
  pipelineArn: string,
  stageName: string,
): string {
  return `${pipelinePath(entity, pipelineArn)}/stages/${encodeURIComponent(
    stageName,
  )}`;
}

function entityPath(entity: CompoundEntityRef): string {
  return `/v1/entities/${[entity.kind, entity.namespace, entity.name]
    .map(part => encodeURIComponent(part.toLocaleLowerCase('en-US')))
    .join('/')}`;
}
