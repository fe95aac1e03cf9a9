import { createAlertsCreateAction } from './alerts-create';
import { createCatalogUnregisterAction } from './catalog-unregister';
import { createCodebuildCreateProjectAction } from './codebuild-create-project';
import { createCodedeployCreateBlueGreenAction } from './codedeploy-create-blue-green';
import { createCodepipelineCreatePipelineAction } from './codepipeline-create-pipeline';
import type { SlipwayActionDeps } from './deps';
import { createEcrCreateRepositoryAction } from './ecr-create-repository';
import { createEcsCreateServiceAction } from './ecs-create-service';
import { createIamCreateDeliveryRolesAction } from './iam-create-delivery-roles';
import { createTeardownAction } from './teardown';

/** Every `slipway:*` action, ready to register with the scaffolder. */
export function createSlipwayActions(deps: SlipwayActionDeps) {
  return [
    createEcrCreateRepositoryAction(deps),
    createIamCreateDeliveryRolesAction(deps),
    createCodebuildCreateProjectAction(deps),
    createEcsCreateServiceAction(deps),
    createCodedeployCreateBlueGreenAction(deps),
    createCodepipelineCreatePipelineAction(deps),
    createAlertsCreateAction(deps),
    createTeardownAction(deps),
    createCatalogUnregisterAction(deps),
  ];
}
