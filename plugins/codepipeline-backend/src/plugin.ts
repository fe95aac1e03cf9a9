import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { codePipelinePermissions } from '@slipway/plugin-codepipeline-common';
import { AwsClientFactory } from './aws/AwsClientFactory';
import { CoalescingCache } from './cache';
import { createRouter } from './router';
import { AwsConnectivityService } from './services/AwsConnectivityService';

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
        cache: coreServices.cache,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissionsRegistry: coreServices.permissionsRegistry,
      },
      async init({
        config,
        logger,
        cache,
        httpAuth,
        httpRouter,
        permissionsRegistry,
      }) {
        permissionsRegistry.addPermissions(codePipelinePermissions);
        const clients = AwsClientFactory.fromConfig(config);
        const connectivity = new AwsConnectivityService({
          clients,
          cache: new CoalescingCache(cache),
          logger,
          region:
            config.getOptionalString('codepipeline.defaultRegion') ??
            process.env.AWS_REGION ??
            'us-east-1',
        });
        httpRouter.use(await createRouter({ httpAuth, connectivity }));
      },
    });
  },
});
