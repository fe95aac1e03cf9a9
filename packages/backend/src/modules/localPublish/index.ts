import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createLocalWorldPublishAction } from './action';

export {
  createLocalWorldPublishAction,
  LOCAL_WORLD_PUBLISH_ACTION_ID,
  LOCAL_WORLD_URL_VARIABLE,
} from './action';

/**
 * Demo only: registers `publish:local-world`, which publishes a template's
 * repository to the local world's git server. The example backend adds it;
 * Slipway's shipped scaffolder module does not.
 */
export const localWorldPublishModule = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'local-world-publish',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        scaffolder: scaffolderActionsExtensionPoint,
      },
      async init({ config, scaffolder }) {
        scaffolder.addActions(
          createLocalWorldPublishAction({
            config,
            integrations: ScmIntegrations.fromConfig(config),
          }),
        );
      },
    });
  },
});
