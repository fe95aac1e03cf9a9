import {
  BatchGetDeploymentTargetsCommand,
  CodeDeployClient,
  GetDeploymentCommand,
  ListDeploymentTargetsCommand,
} from '@aws-sdk/client-codedeploy';
import { mockClient } from 'aws-sdk-client-mock';
import {
  canaryDeploymentInProgress,
  canaryRolledBackAfterHookFailure,
  canaryTargetShiftingTraffic,
  serviceDeploymentTarget,
} from '../services/__fixtures__/ecsCodeDeploy';
import {
  BLUE_TASK_SET,
  GREEN_TASK_SET,
} from '../services/__fixtures__/ecsServices';
import {
  describeCodeDeployDeployment,
  isCodeDeployInProgress,
  mergeTaskSetTraffic,
} from './codeDeploy';

const codeDeployMock = mockClient(CodeDeployClient);
const client = new CodeDeployClient({ region: 'eu-west-1' });
const location = {
  partition: 'aws',
  accountId: '123456789012',
  region: 'eu-west-1',
};

beforeEach(() => {
  codeDeployMock.reset();
  codeDeployMock
    .on(GetDeploymentCommand)
    .resolves(canaryDeploymentInProgress)
    .on(ListDeploymentTargetsCommand)
    .resolves(serviceDeploymentTarget)
    .on(BatchGetDeploymentTargetsCommand)
    .resolves(canaryTargetShiftingTraffic);
});

describe('describeCodeDeployDeployment', () => {
  it('maps a canary that is shifting traffic', async () => {
    const deployment = await describeCodeDeployDeployment(
      client,
      location,
      'd-7Z3KQ9X1B',
    );

    expect(deployment).toMatchObject({
      deploymentId: 'd-7Z3KQ9X1B',
      applicationName: 'AppECS-payments-checkout-web',
      deploymentGroupName: 'DgpECS-payments-checkout-web',
      deploymentConfigName: 'CodeDeployDefault.ECSCanary10Percent5Minutes',
      status: 'InProgress',
      createTime: '2025-06-04T07:59:58.000Z',
      consoleUrl:
        'https://eu-west-1.console.aws.amazon.com/codesuite/codedeploy/deployments/d-7Z3KQ9X1B?region=eu-west-1',
      taskSetTraffic: [
        {
          taskSetId: BLUE_TASK_SET,
          trafficWeight: 90,
          targetGroupRole: 'BLUE',
          targetGroupName: 'checkout-web-blue',
        },
        {
          taskSetId: GREEN_TASK_SET,
          trafficWeight: 10,
          targetGroupRole: 'GREEN',
          targetGroupName: 'checkout-web-green',
        },
      ],
    });
    expect(deployment.lifecycleEvents.map(e => e.name)).toEqual([
      'BeforeInstall',
      'Install',
      'AfterInstall',
      'AllowTestTraffic',
      'AfterAllowTestTraffic',
      'BeforeAllowTraffic',
      'AllowTraffic',
      'AfterAllowTraffic',
    ]);
    expect(deployment.lifecycleEvents[6]).toEqual({
      name: 'AllowTraffic',
      status: 'InProgress',
      startTime: '2025-06-04T08:03:45.000Z',
    });
    expect(codeDeployMock).toHaveReceivedCommandWith(
      BatchGetDeploymentTargetsCommand,
      { deploymentId: 'd-7Z3KQ9X1B', targetIds: ['payments:checkout-web'] },
    );
  });

  it('explains a failed deployment and its rollback', async () => {
    codeDeployMock
      .on(GetDeploymentCommand)
      .resolves(canaryRolledBackAfterHookFailure);

    const deployment = await describeCodeDeployDeployment(
      client,
      location,
      'd-7Z3KQ9X1B',
    );

    expect(deployment.status).toBe('Failed');
    expect(deployment.completeTime).toBe('2025-06-04T08:10:31.000Z');
    expect(deployment.errorMessage).toBe(
      'HOOK_EXECUTION_FAILURE: The deployment failed because one or more of the lifecycle event validation functions failed.',
    );
    expect(deployment.rollbackInfo).toBe(
      'Deployment d-7Z3KQ9X1B has been rolled back by deployment d-9M4PL2V7C.',
    );
    expect(isCodeDeployInProgress(deployment.status)).toBe(false);
  });

  it('returns no lifecycle events before CodeDeploy has a target', async () => {
    codeDeployMock.on(ListDeploymentTargetsCommand).resolves({ targetIds: [] });

    const deployment = await describeCodeDeployDeployment(
      client,
      location,
      'd-7Z3KQ9X1B',
    );

    expect(deployment.lifecycleEvents).toEqual([]);
    expect(codeDeployMock).not.toHaveReceivedCommand(
      BatchGetDeploymentTargetsCommand,
    );
  });
});

describe('mergeTaskSetTraffic', () => {
  it('adds CodeDeploy traffic weights to the live ECS task sets', async () => {
    const deployment = await describeCodeDeployDeployment(
      client,
      location,
      'd-7Z3KQ9X1B',
    );

    const merged = mergeTaskSetTraffic(deployment, [
      {
        id: GREEN_TASK_SET,
        status: 'ACTIVE',
        taskDefinition: 'checkout-web:8',
        runningCount: 2,
      },
    ]);

    expect(merged.taskSets).toEqual([
      {
        id: GREEN_TASK_SET,
        status: 'ACTIVE',
        taskDefinition: 'checkout-web:8',
        runningCount: 2,
        trafficWeight: 10,
        targetGroupRole: 'GREEN',
        targetGroupName: 'checkout-web-green',
      },
    ]);
    expect(merged).not.toHaveProperty('taskSetTraffic');
  });
});
