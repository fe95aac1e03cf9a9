import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  type BasicPermission,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';
import { codePipelineEntityReadPermission } from '@slipway/plugin-codepipeline-common';
import type { LoadOptions } from '../cache';
import type { ChangeWatchIndex } from '../events/ChangeWatchIndex';
import type { ResolvedEntity } from './EntityResourceResolver';
import type { EntityResourceResolverService } from './entityResourceResolverServiceRef';
import type { PipelineRef } from './resourceRefs';

/**
 * The one way in to an entity's AWS resources, for reads and writes alike:
 * read the entity as the caller (catalog rules apply), check the permission
 * against it (404 or 403 before any AWS call), then resolve its resources —
 * so nothing downstream ever touches a resource the entity does not resolve to.
 */
export class EntityAccessGate {
  constructor(
    private readonly deps: {
      catalog: CatalogService;
      permissions: PermissionsService;
      resolver: EntityResourceResolverService;
      /** With live updates: notes which entities resolve to which resources. */
      watch?: ChangeWatchIndex;
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

  /** The entity's resources, once the caller may see the entity. */
  async resolve(
    entityRef: string,
    credentials: BackstageCredentials,
    scope: 'pipelines' | 'ecs',
    options: LoadOptions = {},
    permission?: ResourcePermission<'catalog-entity'>,
  ): Promise<ResolvedEntity & { entity: Entity }> {
    const entity = await this.authorizedEntity(
      entityRef,
      credentials,
      permission,
    );
    const resolved = await this.deps.resolver.resolve(entity, scope, options);
    // Best effort: a missed entry only means no push until the next read.
    this.deps.watch?.record(resolved).catch(() => undefined);
    return { ...resolved, entity };
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
}
