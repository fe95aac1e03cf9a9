import type { AwsTarget } from '../aws/clients';
import { regionalArn } from '../aws/resourceLocations';

/** A CodeDeploy deployment group a role may deploy through. */
export interface BlueGreenTarget {
  target: AwsTarget;
  application: string;
  deploymentGroup: string;
}

/**
 * Slipway's strategies map to CodeDeploy's predefined ECS configurations
 * only (blueGreenDesign.ts DEPLOYMENT_CONFIGS), so no other configuration
 * is readable.
 */
const ECS_DEPLOYMENT_CONFIGS = 'deploymentconfig:CodeDeployDefault.ECS*';

/**
 * What the CodeDeployToECS action needs (with the task definition
 * registration and PassRole statements of the role it runs as): deployments
 * of these groups only, of these applications' revisions, with CodeDeploy's
 * predefined ECS deployment configurations.
 */
export function deployBlueGreenStatement(groups: BlueGreenTarget[]) {
  return {
    Sid: 'DeployBlueGreen',
    Effect: 'Allow' as const,
    Action: [
      'codedeploy:CreateDeployment',
      'codedeploy:GetDeployment',
      'codedeploy:GetApplication',
      'codedeploy:GetApplicationRevision',
      'codedeploy:RegisterApplicationRevision',
      'codedeploy:GetDeploymentConfig',
    ],
    Resource: groups.flatMap(({ target, application, deploymentGroup }) => [
      regionalArn(target, 'codedeploy', `application:${application}`),
      regionalArn(
        target,
        'codedeploy',
        `deploymentgroup:${application}/${deploymentGroup}`,
      ),
      regionalArn(target, 'codedeploy', ECS_DEPLOYMENT_CONFIGS),
    ]),
  };
}
