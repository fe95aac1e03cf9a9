import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import notificationsPlugin from '@backstage/plugin-notifications/alpha';
import orgPlugin from '@backstage/plugin-org/alpha';
import scaffolderPlugin from '@backstage/plugin-scaffolder/alpha';
import signalsPlugin from '@backstage/plugin-signals/alpha';
import userSettingsPlugin from '@backstage/plugin-user-settings/alpha';
import codePipelinePlugin from '@slipway/plugin-codepipeline/alpha';
import { appModule } from './modules/app';
import { entityPageModule } from './modules/entityPage';

/**
 * The example portal, on the new frontend system. Features are listed rather
 * than discovered so that the tests render exactly what `npm start` serves.
 */
export default createApp({
  features: [
    catalogPlugin,
    scaffolderPlugin,
    orgPlugin,
    notificationsPlugin,
    signalsPlugin,
    userSettingsPlugin,
    codePipelinePlugin,
    appModule,
    entityPageModule,
  ],
});
