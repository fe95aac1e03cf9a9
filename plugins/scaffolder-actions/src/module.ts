import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createSlipwayActions } from './actions';
import { AwsClientFactory } from './aws/clients';

/**
 * Registers Slipway's `slipway:*` scaffolder actions.
 *
 * @public
 */
export const slipwayScaffolderModule = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'slipway-aws',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        catalog: catalogServiceRef,
        scaffolder: scaffolderActionsExtensionPoint,
      },
      async init({ config, catalog, scaffolder }) {
        const clients = AwsClientFactory.fromConfig(config);
        scaffolder.addActions(
          ...createSlipwayActions({ config, clients, catalog }),
        );
      },
    });
  },
});
