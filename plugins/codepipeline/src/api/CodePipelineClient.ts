import type { CompoundEntityRef } from '@backstage/catalog-model';
import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  EntityEcsResponse,
  EntityPipelinesResponse,
  HealthResponse,
  PipelineExecutionDetailResponse,
  PipelineExecutionsResponse,
} from '@slipway/plugin-codepipeline-common';
import type { CodePipelineApi, ReadOptions } from './CodePipelineApi';

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
    return this.get(
      `${entityPath(entity)}/pipelines/${encodeURIComponent(
        pipelineArn,
      )}/executions`,
      { limit: page.limit, cursor: page.cursor, refresh: page.refresh },
    );
  }

  getExecution(
    entity: CompoundEntityRef,
    pipelineArn: string,
    executionId: string,
    options?: ReadOptions,
  ): Promise<PipelineExecutionDetailResponse> {
    return this.get(
      `${entityPath(entity)}/pipelines/${encodeURIComponent(
        pipelineArn,
      )}/executions/${encodeURIComponent(executionId)}`,
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

function entityPath(entity: CompoundEntityRef): string {
  return `/v1/entities/${[entity.kind, entity.namespace, entity.name]
    .map(part => encodeURIComponent(part.toLocaleLowerCase('en-US')))
    .join('/')}`;
}
