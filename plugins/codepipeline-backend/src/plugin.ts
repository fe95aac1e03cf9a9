import type { Config } from '@backstage/config';
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { codePipelinePermissions } from '@slipway/plugin-codepipeline-common';
import { registerStatusActions } from './actions/statusActions';
import { AwsClientFactory } from '@slipway/plugin-codepipeline-node';
import { CoalescingCache } from './cache';
import { DatabaseLoadLock } from './loadLock';
import { readPluginSettings } from './config';
import { scheduleDeliveryNotifications } from './notifications/scheduleNotifications';
import { readNotificationSettings } from './notifications/settings';
import { createRouter } from './router';
import { AwsConnectivityService } from './services/AwsConnectivityService';
import { DeliveryInsightsService } from './services/DeliveryInsightsService';
import { EcsStatusService } from './services/EcsStatusService';
import { EntityResourceResolver } from './services/EntityResourceResolver';
import { EntityStatusService } from './services/EntityStatusService';
import { ExecutionHistoryService } from './services/ExecutionHistoryService';
import { PipelineDefinitions } from './services/PipelineDefinitions';
import { PipelineControlService } from './services/PipelineControlService';
import { PipelineHistoryService } from './services/PipelineHistoryService';
import { PipelineStatusService } from './services/PipelineStatusService';

/**
 * Slipway's CodePipeline and ECS backend, served at `/api/codepipeline`.
 *
 * @public
 */
export const codePipelinePlugin = createBackendPlugin({
  pluginId: 'codepipeline',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        cacheService: coreServices.cache,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        catalog: catalogServiceRef,
        actionsRegistry: actionsRegistryServiceRef,
        auth: coreServices.auth,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        notifications: notificationService,
      },
      async init(deps) {
        const { config, logger, httpAuth, httpRouter } = deps;
        deps.permissionsRegistry.addPermissions(codePipelinePermissions);

        const settings = readPluginSettings(config);
        const clients = AwsClientFactory.fromConfig(config, {
          maxAttempts: settings.maxAttempts,
        });
        const cache = new CoalescingCache(
          deps.cacheService,
          logger,
          isSharedCache(config)
            ? await DatabaseLoadLock.create(deps.database)
            : undefined,
        );
        const ttls = settings.cache;
        const definitions = new PipelineDefinitions({ clients, cache, ttls });
        const pipelines = new PipelineStatusService({
          clients,
          cache,
          definitions,
          ttls,
        });
        const history = new ExecutionHistoryService({ clients, cache, ttls });
        const resolver = new EntityResourceResolver({
          clients,
          cache,
          definitions,
          settings,
          logger,
        });
        const ecs = new EcsStatusService({ clients, cache, ttls, logger });
        const status = new EntityStatusService({
          catalog: deps.catalog,
          permissions: deps.permissions,
          resolver,
          pipelines,
          history,
          ecs,
          settings,
        });
        const connectivity = new AwsConnectivityService({
          clients,
          cache,
          logger,
          region: settings.defaultRegion,
        });

        const control = new PipelineControlService({
          clients,
          status,
          definitions,
          pipelines,
          history,
          auditor: deps.auditor,
        });

        const insights = new DeliveryInsightsService({
          status,
          definitions,
          history: new PipelineHistoryService({ clients, cache, ttls }),
          ecs,
        });

        registerStatusActions(deps.actionsRegistry, status);
        httpRouter.use(
          await createRouter({
            httpAuth,
            connectivity,
            status,
            control,
            insights,
          }),
        );
        await scheduleDeliveryNotifications({
          settings: readNotificationSettings(config),
          scheduler: deps.scheduler,
          database: deps.database,
          catalog: deps.catalog,
          auth: deps.auth,
          resolver,
          pipelines,
          ecs,
          notifications: deps.notifications,
          logger,
        });
      },
    });
  },
});

/** Replicas share the cache only with a networked store; memory is per process. */
function isSharedCache(config: Config): boolean {
  const store = config.getOptionalString('backend.cache.store') ?? 'memory';
  return store !== 'memory';
}
