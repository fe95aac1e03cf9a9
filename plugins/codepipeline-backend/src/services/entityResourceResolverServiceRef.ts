import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type { LoadOptions } from '../cache';
import { readPluginSettings } from '../config';
import { createPluginAwsClients, createPluginCache } from '../pluginCache';
import {
  EntityResourceResolver,
  type ResolvedEntity,
} from './EntityResourceResolver';
import { PipelineDefinitions } from './PipelineDefinitions';

/**
 * Maps a catalog entity to the AWS resources it owns. Every read and write of
 * the plugin goes through it (after the entity has been read as the caller
 * and the permission checked), so the resources it returns are the only ones
 * the plugin ever touches.
 *
 * @public
 */
export interface EntityResourceResolverService {
  /**
   * `pipelines` resolves only what pipeline views need; `ecs` also finds the
   * ECS services an entity deploys to.
   */
  resolve(
    entity: Entity,
    scope: 'pipelines' | 'ecs',
    options?: LoadOptions,
  ): Promise<ResolvedEntity>;
}

/**
 * The resolver the `codepipeline` plugin uses. The default reads Slipway's
 * catalog annotations (`aws.amazon.com/aws-codepipeline-arn`,
 * `…-tags`, `aws.amazon.com/amazon-ecs-service-arn`, `…-tags`) and finds ECS
 * services through the pipelines' Deploy actions. An adopter with another
 * convention replaces it by adding their own factory to the backend:
 *
 * ```ts
 * backend.add(
 *   createServiceFactory({
 *     service: entityResourceResolverServiceRef,
 *     deps: {},
 *     factory: () => ({ resolve: async (entity, scope) => … }),
 *   }),
 * );
 * ```
 *
 * @public
 */
export const entityResourceResolverServiceRef =
  createServiceRef<EntityResourceResolverService>({
    id: 'codepipeline.entity-resource-resolver',
    scope: 'plugin',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: {
          config: coreServices.rootConfig,
          logger: coreServices.logger,
          cacheService: coreServices.cache,
          database: coreServices.database,
        },
        async factory({ config, logger, cacheService, database }) {
          const settings = readPluginSettings(config);
          const clients = createPluginAwsClients(config, settings);
          const cache = await createPluginCache({
            config,
            cacheService,
            database,
            logger,
          });
          return new EntityResourceResolver({
            clients,
            cache,
            definitions: new PipelineDefinitions({
              clients,
              cache,
              ttls: settings.cache,
            }),
            settings,
            logger,
          });
        },
      }),
  });
