import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type {
  EcsServiceResult,
  EntityEcsResponse,
  EntityPipelinesResponse,
  PipelineExecutionDetailResponse,
  PipelineExecutionsResponse,
  PipelineResult,
} from '@slipway/plugin-codepipeline-common';
import type { LoadOptions } from '../cache';
import type { PluginSettings } from '../config';
import { EcsStatusService } from './EcsStatusService';
import { EntityAccessGate } from './EntityAccessGate';
import type { LookupFailure } from './EntityResourceResolver';
import {
  ExecutionHistoryService,
  validateCursor,
} from './ExecutionHistoryService';
import { PipelineStatusService } from './PipelineStatusService';

/**
 * The status reads the routes and the actions registry share: through the
 * {@link EntityAccessGate} (entity read as the caller, permission checked,
 * resources resolved once), then the status services — only ever about
 * resources the entity resolves to.
 */
export class EntityStatusService {
  constructor(
    private readonly deps: {
      access: EntityAccessGate;
      pipelines: PipelineStatusService;
      history: ExecutionHistoryService;
      ecs: EcsStatusService;
      settings: PluginSettings;
    },
  ) {}

  async pipelines(
    entityRef: string,
    credentials: BackstageCredentials,
    options: LoadOptions = {},
  ): Promise<EntityPipelinesResponse> {
    const resolved = await this.deps.access.resolve(
      entityRef,
      credentials,
      'pipelines',
      options,
    );
    const pipelines = [
      ...(await this.deps.pipelines.getPipelines(resolved.pipelines, options)),
      ...resolved.pipelineLookupFailures.map(failureEntry),
    ];
    return {
      entityRef: resolved.entityRef,
      pipelines,
      truncated: resolved.truncated?.pipelines ?? false,
      refreshedAt: new Date().toISOString(),
      pollIntervalSeconds: this.pollInterval(
        pipelines.some(p => p.status?.active),
      ),
    };
  }

  async ecsServices(
    entityRef: string,
    credentials: BackstageCredentials,
    options: LoadOptions = {},
  ): Promise<EntityEcsResponse> {
    const resolved = await this.deps.access.resolve(
      entityRef,
      credentials,
      'ecs',
      options,
    );
    const services: EcsServiceResult[] = [
      ...(await this.deps.ecs.getServices(resolved.ecsServices, options)),
      ...resolved.ecsLookupFailures.map(failureEntry),
    ];
    return {
      entityRef: resolved.entityRef,
      services,
      truncated: resolved.truncated?.ecsServices ?? false,
      refreshedAt: new Date().toISOString(),
      pollIntervalSeconds: this.pollInterval(
        services.some(s => s.status?.active),
      ),
    };
  }

  async executions(
    entityRef: string,
    pipelineArn: string,
    credentials: BackstageCredentials,
    page: { limit: number; cursor?: string },
    options: LoadOptions = {},
  ): Promise<PipelineExecutionsResponse> {
    validateCursor(page.cursor);
    const pipeline = await this.deps.access.pipelineOf(
      entityRef,
      pipelineArn,
      credentials,
      options,
    );
    return this.deps.history.list(pipeline, page, options);
  }

  async execution(
    entityRef: string,
    pipelineArn: string,
    executionId: string,
    credentials: BackstageCredentials,
    options: LoadOptions = {},
  ): Promise<PipelineExecutionDetailResponse> {
    const pipeline = await this.deps.access.pipelineOf(
      entityRef,
      pipelineArn,
      credentials,
      options,
    );
    return this.deps.history.detail(pipeline, executionId, options);
  }

  private pollInterval(active: boolean): number {
    const { polling } = this.deps.settings;
    return active ? polling.activeIntervalSeconds : polling.idleIntervalSeconds;
  }
}

function failureEntry(
  failure: LookupFailure,
): PipelineResult & EcsServiceResult {
  return { arn: '', name: failure.description, error: failure.error };
}
