import type {
  BatchGetDeploymentTargetsCommandOutput,
  GetDeploymentCommandOutput,
  LifecycleEvent,
  ListDeploymentTargetsCommandOutput,
} from '@aws-sdk/client-codedeploy';
import {
  BLUE_GREEN_DEPLOYMENT_ID,
  BLUE_TASK_SET,
  CLUSTER,
  GREEN_TASK_SET,
  serviceArn,
} from './ecsServices';

/** CodeDeploy answers for `blueGreenShiftingTraffic`, shaped like the CodeDeploy API reference's. */

const metadata = { httpStatusCode: 200, attempts: 1, totalRetryDelay: 0 };

export const canaryDeploymentInProgress: GetDeploymentCommandOutput = {
  $metadata: metadata,
  deploymentInfo: {
    applicationName: 'AppECS-payments-checkout-web',
    deploymentGroupName: 'DgpECS-payments-checkout-web',
    deploymentConfigName: 'CodeDeployDefault.ECSCanary10Percent5Minutes',
    deploymentId: BLUE_GREEN_DEPLOYMENT_ID,
    revision: {
      revisionType: 'AppSpecContent',
      appSpecContent: {
        sha256:
          'b3c5e8f0a1d2c4e6f8a0b2c4d6e8f0a1b3c5d7e9f1a3b5c7d9e1f3a5b7c9d1e3',
      },
    },
    status: 'InProgress',
    createTime: new Date('2025-06-04T07:59:58.000Z'),
    startTime: new Date('2025-06-04T08:00:05.000Z'),
    creator: 'user',
    computePlatform: 'ECS',
    deploymentStyle: {
      deploymentType: 'BLUE_GREEN',
      deploymentOption: 'WITH_TRAFFIC_CONTROL',
    },
    autoRollbackConfiguration: {
      enabled: true,
      events: ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_REQUEST'],
    },
  },
};

export const serviceDeploymentTarget: ListDeploymentTargetsCommandOutput = {
  $metadata: metadata,
  targetIds: [`${CLUSTER}:checkout-web`],
};

function event(
  lifecycleEventName: string,
  status: LifecycleEvent['status'],
  startTime?: string,
  endTime?: string,
): LifecycleEvent {
  return {
    lifecycleEventName,
    status,
    startTime: startTime ? new Date(startTime) : undefined,
    endTime: endTime ? new Date(endTime) : undefined,
  };
}

export const canaryTargetShiftingTraffic: BatchGetDeploymentTargetsCommandOutput =
  {
    $metadata: metadata,
    deploymentTargets: [
      {
        deploymentTargetType: 'ECSTarget',
        ecsTarget: {
          deploymentId: BLUE_GREEN_DEPLOYMENT_ID,
          targetId: `${CLUSTER}:checkout-web`,
          targetArn: serviceArn('checkout-web'),
          lastUpdatedAt: new Date('2025-06-04T08:04:02.000Z'),
          status: 'InProgress',
          lifecycleEvents: [
            event(
              'BeforeInstall',
              'Succeeded',
              '2025-06-04T08:00:06.000Z',
              '2025-06-04T08:00:07.000Z',
            ),
            event(
              'Install',
              'Succeeded',
              '2025-06-04T08:00:07.000Z',
              '2025-06-04T08:03:41.000Z',
            ),
            event(
              'AfterInstall',
              'Succeeded',
              '2025-06-04T08:03:41.000Z',
              '2025-06-04T08:03:42.000Z',
            ),
            event(
              'AllowTestTraffic',
              'Succeeded',
              '2025-06-04T08:03:42.000Z',
              '2025-06-04T08:03:43.000Z',
            ),
            event(
              'AfterAllowTestTraffic',
              'Succeeded',
              '2025-06-04T08:03:43.000Z',
              '2025-06-04T08:03:44.000Z',
            ),
            event(
              'BeforeAllowTraffic',
              'Succeeded',
              '2025-06-04T08:03:44.000Z',
              '2025-06-04T08:03:45.000Z',
            ),
            event('AllowTraffic', 'InProgress', '2025-06-04T08:03:45.000Z'),
            event('AfterAllowTraffic', 'Pending'),
          ],
          taskSetsInfo: [
            {
              identifer: BLUE_TASK_SET,
              desiredCount: 2,
              pendingCount: 0,
              runningCount: 2,
              status: 'PRIMARY',
              trafficWeight: 90,
              targetGroup: { name: 'checkout-web-blue' },
              taskSetLabel: 'Blue',
            },
            {
              identifer: GREEN_TASK_SET,
              desiredCount: 2,
              pendingCount: 0,
              runningCount: 2,
              status: 'ACTIVE',
              trafficWeight: 10,
              targetGroup: { name: 'checkout-web-green' },
              taskSetLabel: 'Green',
            },
          ],
        },
      },
    ],
  };

/** The same deployment after the AfterAllowTraffic hook failed and CodeDeploy rolled back. */
export const canaryRolledBackAfterHookFailure: GetDeploymentCommandOutput = {
  $metadata: metadata,
  deploymentInfo: {
    ...canaryDeploymentInProgress.deploymentInfo,
    status: 'Failed',
    completeTime: new Date('2025-06-04T08:10:31.000Z'),
    errorInformation: {
      code: 'HOOK_EXECUTION_FAILURE',
      message:
        'The deployment failed because one or more of the lifecycle event validation functions failed.',
    },
    rollbackInfo: {
      rollbackDeploymentId: 'd-9M4PL2V7C',
      rollbackMessage:
        'Deployment d-7Z3KQ9X1B has been rolled back by deployment d-9M4PL2V7C.',
    },
  },
};
