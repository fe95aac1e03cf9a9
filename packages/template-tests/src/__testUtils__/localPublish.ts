import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  createTemplateAction,
  scaffolderActionsExtensionPoint,
} from '@backstage/plugin-scaffolder-node';
import fs from 'node:fs/promises';
import { pathToFileURL } from 'node:url';

export const LOCAL_PUBLISH_ACTION_ID = 'slipway-test:publish:local';

/**
 * Test-only stand-in for publish:github: "publishes" the task workspace by
 * copying it to a local directory, with outputs of the same names.
 */
export function localPublishModule(targetDir: string) {
  const action = createTemplateAction({
    id: LOCAL_PUBLISH_ACTION_ID,
    description: 'Copies the workspace to a local directory (tests only)',
    schema: {
      input: z => z.object({ repoUrl: z.string() }),
      output: z =>
        z.object({ remoteUrl: z.string(), repoContentsUrl: z.string() }),
    },
    async handler(ctx) {
      await fs.cp(ctx.workspacePath, targetDir, { recursive: true });
      const url = pathToFileURL(targetDir).toString();
      ctx.output('remoteUrl', url);
      ctx.output('repoContentsUrl', url);
    },
  });
  return createBackendModule({
    pluginId: 'scaffolder',
    moduleId: 'slipway-test-local-publish',
    register(env) {
      env.registerInit({
        deps: { scaffolder: scaffolderActionsExtensionPoint },
        async init({ scaffolder }) {
          scaffolder.addActions(action);
        },
      });
    },
  });
}
