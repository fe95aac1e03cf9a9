import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { codePipelinePermissions } from '@slipway/plugin-codepipeline-common';
import { registerFleetActions } from './actions/fleetActions';
import { registerStatusActions } from './actions/statusActions';
import { CachePolicy } from './cachePolicy';
import { ConsoleLinks, readConsoleSsoSettings } from './consoleLinks';
import { readPluginSettings } from './config';
import { FleetOverviewService } from './fleet/FleetOverviewService';
import { readFleetSettings } from './fleet/fleetSettings';
import { FleetSummaryLoader } from './fleet/FleetSummaryLoader';
import { AwsChangeHandler } from './events/AwsChangeHandler';
import { ChangeWatchIndex } from './events/ChangeWatchIndex';
import {
  readLiveUpdatesSettings,
  startLiveUpdates,
} from './events/liveUpdates';
import { scheduleDeliveryNotifications } from './notifications/scheduleNotifications';
import { readNotificationSettings } from './notifications/settings';
import { createPluginAwsClients, createPluginCache } from './pluginCache';
import { readEnvironmentKnowledge } from './productionEnvironments';
import { createRouter } from './router';
import { AwsConnectivityService } from './services/AwsConnectivityService';
import { DeliveryInsightsService } from './services/DeliveryInsightsService';
import { EcsStatusService } from './services/EcsStatusService';
import { EntityAccessGate } from './services/EntityAccessGate';
import { entityResourceResolverServiceRef } from './services/entityResourceResolverServiceRef';
import { EntityStatusService } from './services/EntityStatusService';
import { ExecutionHistoryService } from './services/ExecutionHistoryService';
import { PipelineDefinitions } from './services/PipelineDefinitions';
import { PipelineControlService } from './services/PipelineControlService';
import { PipelineHistoryService } from './services/PipelineHistoryService';
import { PipelineStatusService } from './services/PipelineStatusService';
import { WriteOwnership } from './services/WriteOwnership';

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
        events: eventsServiceRef,
        signals: signalsServiceRef,
        resolver: entityResourceResolverServiceRef,
      },
      async init(deps) {
        const { config, logger, httpAuth, httpRouter, resolver } = deps;
        deps.permissionsRegistry.addPermissions(codePipelinePermissions);

        const settings = readPluginSettings(config);
        const clients = createPluginAwsClients(config, settings);
        const cache = await createPluginCache({
          config,
          cacheService: deps.cacheService,
          database: deps.database,
          logger,
        });
        const liveUpdates = readLiveUpdatesSettings(config);
        const ttls = liveUpdates.enabled
          ? {
              ...settings.cache,
              liveIdleTtlMs: liveUpdates.idleTtlSeconds * 1000,
            }
          : settings.cache;
        const links = new ConsoleLinks(readConsoleSsoSettings(config));
        const cachePolicy = new CachePolicy(cache, ttls);
        const definitions = new PipelineDefinitions({ clients, cache, ttls });
        const pipelines = new PipelineStatusService({
          clients,
          cache,
          definitions,
          ttls,
          links,
        });
        const history = new ExecutionHistoryService({
          clients,
          cache,
          ttls,
          links,
        });
        const watch = liveUpdates.enabled
          ? new ChangeWatchIndex(cache)
          : undefined;
        const access = new EntityAccessGate({
          catalog: deps.catalog,
          permissions: deps.permissions,
          resolver,
          watch,
        });
        const ecs = new EcsStatusService({
          clients,
          cache,
          ttls,
          logger,
          links,
        });
        const status = new EntityStatusService({
          access,
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
          ttls,
        });

        const control = new PipelineControlService({
          clients,
          access,
          ownership: new WriteOwnership({ cache, settings: settings.writes }),
          definitions,
          pipelines,
          cachePolicy,
          auditor: deps.auditor,
        });

        const environments = readEnvironmentKnowledge(config);
        const insights = new DeliveryInsightsService({
          access,
          definitions,
          history: new PipelineHistoryService({ clients, cache, ttls }),
          ecs,
          environments,
          links,
        });

        const fleet = new FleetOverviewService({
          catalog: deps.catalog,
          permissions: deps.permissions,
          loader: new FleetSummaryLoader({
            cache,
            ttls,
            resolver,
            pipelines,
            ecs,
            insights,
            environments,
            concurrency: readFleetSettings(config).concurrency,
            logger,
          }),
          settings,
        });

        registerStatusActions(deps.actionsRegistry, status);
        registerFleetActions(deps.actionsRegistry, fleet);
        httpRouter.use(
          await createRouter({
            httpAuth,
            connectivity,
            status,
            control,
            insights,
            fleet,
            responseDeadlineMs: settings.responseDeadlineMs,
          }),
        );
        if (watch) {
          await startLiveUpdates({
            settings: liveUpdates,
            events: deps.events,
            signals: deps.signals,
            scheduler: deps.scheduler,
            handler: new AwsChangeHandler({
              cache,
              cachePolicy,
              watch,
              signals: deps.signals,
              logger,
            }),
            logger,
          });
        }
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
