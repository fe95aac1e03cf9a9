import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  scaffolderActionsExtensionPoint,
  TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import { slipwayScaffolderModule } from './module';

describe('slipwayScaffolderModule', () => {
  it('registers the Slipway actions with the scaffolder', async () => {
    const registered: TemplateAction<any, any, any>[] = [];
    await startTestBackend({
      extensionPoints: [
        [
          scaffolderActionsExtensionPoint,
          { addActions: (...actions) => registered.push(...actions) },
        ],
      ],
      features: [
        slipwayScaffolderModule,
        mockServices.rootConfig.factory({ data: {} }),
        catalogServiceMock.factory(),
      ],
    });

    expect(registered.map(action => action.id)).toEqual([
      'slipway:ecr:create-repository',
      'slipway:iam:create-delivery-roles',
      'slipway:codebuild:create-project',
      'slipway:ecs:create-service',
      'slipway:codedeploy:create-blue-green',
      'slipway:codepipeline:create-pipeline',
      'slipway:alerts:create',
      'slipway:teardown',
      'slipway:catalog:unregister',
    ]);
    expect(registered.every(action => action.supportsDryRun)).toBe(true);
  });
});
