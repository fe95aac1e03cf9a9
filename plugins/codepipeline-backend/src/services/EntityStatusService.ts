import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  codePipelineEntityReadPermission,
  EcsServiceResult,
  EntityEcsResponse,
  EntityPipelinesResponse,
  PipelineExecutionDetailResponse,
  PipelineExecutionsResponse,
  PipelineResult,
} from '@slipway/plugin-codepipeline-common';
import type { Entity } from '@backstage/catalog-model';
import type {
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import type { LoadOptions } from '../cache';
import type { PluginSettings } from '../config';
import { EcsStatusService } from './EcsStatusService';
import {
  EntityResourceResolver,
  LookupFailure,
  ResolvedEntity,
} from './EntityResourceResolver';
import {
  ExecutionHistoryService,
  validateCursor,
} from './ExecutionHistoryService';
import { PipelineStatusService } from './PipelineStatusService';
import type { PipelineRef } from './resourceRefs';

/**
 * What the routes and the actions registry share: read the entity as the
 * caller (catalog rules apply), check the permission against it, resolve its
 * resources once, then ask the status services — only ever about resources the
 * entity resolves to.
 */
export class EntityStatusService {
  constructor(
    private readonly deps: {
      catalog: CatalogService;
      permissions: PermissionsService;
      resolver: EntityResourceResolver;
      pipelines: PipelineStatusService;
      history: ExecutionHistoryService;
      ecs: EcsStatusService;
      settings: PluginSettings;
    },
  ) {}

  /** Loads the entity as the caller and checks `permission` on it; 404 before any AWS call if invisible. */
  async authorizedEntity(
    entityRef: string,
    credentials: BackstageCredentials,
    permission:
      | ResourcePermission<'catalog-entity'>
      | BasicPermission = codePipelineEntityReadPermission,
  ): Promise<Entity> {
    const entity = await this.deps.catalog.getEntityByRef(entityRef, {
      credentials,
    });
    if (!entity) {
      throw new NotFoundError(`Entity ${entityRef} not found`);
    }
    const [decision] = await this.deps.permissions.authorize(
      [
        {
          permission: permission as ResourcePermission<'catalog-entity'>,
          resourceRef: entityRef,
        },
      ],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `You are not allowed to ${permission.name} on ${entityRef}`,
      );
    }
    return entity;
  }

  async resolve(
    entityRef: string,
    credentials: BackstageCredentials,
    scope: 'pipelines' | 'ecs',
    options: LoadOptions = {},
    permission?: ResourcePermission<'catalog-entity'>,
  ): Promise<ResolvedEntity> {
    const entity = await this.authorizedEntity(
      entityRef,
      credentials,
      permission,
    );
    return this.deps.resolver.resolve(entity, scope, options);
  }

  async pipelines(
    entityRef: string,
    credentials: BackstageCredentials,
    options: LoadOptions = {},
  ): Promise<EntityPipelinesResponse> {
    const resolved = await this.resolve(
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
    const resolved = await this.resolve(entityRef, credentials, 'ecs', options);
    const services: EcsServiceResult[] = [
      ...(await this.deps.ecs.getServices(resolved.ecsServices, options)),
      ...resolved.ecsLookupFailures.map(failureEntry),
    ];
    return {
      entityRef: resolved.entityRef,
      services,
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
    const pipeline = await this.pipelineOf(
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
    const pipeline = await this.pipelineOf(
      entityRef,
      pipelineArn,
      credentials,
      options,
    );
    return this.deps.history.detail(pipeline, executionId, options);
  }

  /** The pipeline, if and only if the entity resolves to it. */
  async pipelineOf(
    entityRef: string,
    pipelineArn: string,
    credentials: BackstageCredentials,
    options: LoadOptions = {},
    permission?: ResourcePermission<'catalog-entity'>,
  ): Promise<PipelineRef> {
    const resolved = await this.resolve(
      entityRef,
      credentials,
      'pipelines',
      options,
      permission,
    );
    const pipeline = resolved.pipelines.find(p => p.arn === pipelineArn);
    if (!pipeline) {
      throw new NotFoundError(
        `Pipeline ${pipelineArn} does not belong to ${entityRef}`,
      );
    }
    return pipeline;
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
