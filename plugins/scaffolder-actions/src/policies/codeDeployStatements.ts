import type { AwsTarget } from '../aws/clients';
import { regionalArn } from '../aws/resourceLocations';

/** A CodeDeploy deployment group a role may deploy through. */
export interface BlueGreenTarget {
  target: AwsTarget;
  application: string;
  deploymentGroup: string;
}

/** What the CodeDeployToECS action needs: deployments of these groups only. */
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
      regionalArn(target, 'codedeploy', 'deploymentconfig:*'),
    ]),
  };
}
