import type {
  EcsDeployment,
  EcsServiceStatus,
} from '@slipway/plugin-codepipeline-common';
import { buildTimeline, TimelinePipelineInput } from './timeline';
import {
  historyOf,
  hoursFromNow,
  NOW,
  ReleaseRun,
  releasePipelineDefinition,
  releaseRun,
} from './__fixtures__/histories';

const ordersArn = 'arn:aws:codepipeline:us-east-1:123456789012:orders-api';

function ordersPipeline(...runs: ReleaseRun[]): TimelinePipelineInput {
  return {
    ...historyOf(...runs),
    arn: ordersArn,
    name: 'orders-api',
    definition: releasePipelineDefinition,
    consoleUrl: id => `https://console.example/orders-api/${id}`,
  };
}

function ecsService(
  clusterName: string,
  deployments: EcsDeployment[],
  extra: Partial<EcsServiceStatus> = {},
): EcsServiceStatus {
  return {
    arn: `arn:aws:ecs:us-east-1:123456789012:service/${clusterName}/orders-api`,
    serviceName: 'orders-api',
    clusterName,
    clusterArn: `arn:aws:ecs:us-east-1:123456789012:cluster/${clusterName}`,
    accountId: '123456789012',
    region: 'us-east-1',
    consoleUrl: 'https://console.example/ecs',
    desiredCount: 2,
    runningCount: 2,
    pendingCount: 0,
    deploymentController: 'ECS',
    deployments,
    events: [],
    tasks: [],
    taskSets: [],
    active: false,
    ...extra,
  };
}

function rollout(
  id: string,
  createdHours: number,
  rolloutState: EcsDeployment['rolloutState'],
  taskDefinition = 'orders-api:7',
): EcsDeployment {
  return {
    id,
    status: rolloutState === 'COMPLETED' ? 'PRIMARY' : 'ACTIVE',
    taskDefinition,
    taskDefinitionArn: `arn:aws:ecs:us-east-1:123456789012:task-definition/${taskDefinition}`,
    desiredCount: 2,
    runningCount: rolloutState === 'COMPLETED' ? 2 : 0,
    pendingCount: 0,
    failedTasks: rolloutState === 'FAILED' ? 3 : 0,
    rolloutState,
    rolloutStateReason:
      rolloutState === 'FAILED'
        ? 'ECS deployment circuit breaker: tasks failed to start.'
        : undefined,
    createdAt: hoursFromNow(createdHours),
    updatedAt: hoursFromNow(createdHours + 0.2),
  };
}

function timeline(
  pipelines: TimelinePipelineInput[],
  services: EcsServiceStatus[] = [],
  limit = 10,
) {
  return buildTimeline({ pipelines, services, limit, now: NOW });
}

describe('buildTimeline', () => {
  it('shows each change from commit through every stage, newest first', () => {
    const [waiting, live] = timeline([
      ordersPipeline(
        releaseRun('deployed', -30, 'deployed', { approvalWaitHours: 2 }),
        releaseRun('waiting', -3, 'awaiting-approval'),
      ),
    ]);
    expect(live).toMatchObject({
      executionId: 'deployed',
      executionStatus: 'Succeeded',
      commit: {
        shortRevisionId: '4f2a9c1',
        revisionSummary: 'Change deployed',
      },
      liveInProduction: true,
      whereNow: 'live in production',
      consoleUrl: 'https://console.example/orders-api/deployed',
      endTime: hoursFromNow(-27.5),
    });
    expect(
      live.stages.map(s => [s.stageName, s.status, s.isProduction]),
    ).toEqual([
      ['Source', 'Succeeded', false],
      ['Build', 'Succeeded', false],
      ['Deploy-staging', 'Succeeded', false],
      ['Approve-prod', 'Succeeded', false],
      ['Deploy-prod', 'Succeeded', true],
    ]);
    expect(live.stages[3]).toMatchObject({
      approvalWaitSeconds: 7200,
      approvalSummary: 'Approved by jane',
      startTime: hoursFromNow(-29.75),
      endTime: hoursFromNow(-27.75),
    });

    expect(waiting).toMatchObject({
      executionId: 'waiting',
      liveInProduction: false,
      whereNow: 'waiting for approval before Deploy-prod',
      endTime: undefined,
    });
    // Waiting since -2.75 h: the wait so far.
    expect(waiting.stages[3]).toMatchObject({
      status: 'InProgress',
      approvalWaitSeconds: 2.75 * 3600,
    });
    expect(waiting.stages[4].status).toBe('NotReached');
  });

  it('says where failed, superseded and replaced changes stopped', () => {
    const changes = timeline([
      ordersPipeline(
        releaseRun('old-release', -50, 'deployed'),
        releaseRun('superseded', -40, 'superseded-at-approval'),
        releaseRun('new-release', -30, 'deployed'),
        releaseRun('tests-failed', -5, 'build-failed'),
      ),
    ]);
    expect(changes.map(c => [c.executionId, c.whereNow])).toEqual([
      ['tests-failed', 'failed in Build'],
      ['new-release', 'live in production'],
      ['superseded', 'superseded by a newer change after Deploy-staging'],
      ['old-release', 'was in production; since replaced by a newer change'],
    ]);
  });

  it('attaches the ECS rollout created while the production deploy ran', () => {
    const prod = ecsService('prod', [
      rollout('ecs-svc/2002', -28.7, 'COMPLETED', 'orders-api:8'),
      rollout('ecs-svc/1001', -48.7, 'COMPLETED', 'orders-api:7'),
    ]);
    const staging = ecsService('staging', [
      rollout('ecs-svc/3003', -29.8, 'COMPLETED', 'orders-api:8'),
    ]);
    const [newer, older] = timeline(
      [
        ordersPipeline(
          releaseRun('older', -50, 'deployed'),
          releaseRun('newer', -30, 'deployed'),
        ),
      ],
      [prod, staging],
    );
    expect(newer.rollouts).toEqual([
      expect.objectContaining({
        serviceArn: staging.arn,
        deploymentId: 'ecs-svc/3003',
      }),
      {
        serviceArn: prod.arn,
        serviceName: 'orders-api',
        deploymentId: 'ecs-svc/2002',
        taskDefinition: 'orders-api:8',
        rolloutState: 'COMPLETED',
        rolloutStateReason: undefined,
        startTime: hoursFromNow(-28.7),
        endTime: hoursFromNow(-28.5),
        rolledBack: false,
      },
    ]);
    expect(older.rollouts.map(r => r.deploymentId)).toEqual(['ecs-svc/1001']);
  });

  it('matches a rollout named by the Deploy action even outside the stage window', () => {
    const prod = ecsService('prod', [
      rollout('ecs-svc/4004', -10, 'IN_PROGRESS'),
    ]);
    const [change] = timeline(
      [
        ordersPipeline(
          releaseRun('named', -30, 'deployed', {
            deploymentId: 'ecs-svc/4004',
          }),
        ),
      ],
      [prod],
    );
    expect(change.rollouts.map(r => r.deploymentId)).toEqual(['ecs-svc/4004']);
  });

  it('marks a circuit-breaker rollback and keeps the previous change live', () => {
    const prod = ecsService('prod', [
      rollout('ecs-svc/6006', -4.5, 'COMPLETED', 'orders-api:7'),
      rollout('ecs-svc/5005', -8.7, 'FAILED', 'orders-api:8'),
    ]);
    const [broken, previous] = timeline(
      [
        ordersPipeline(
          releaseRun('previous', -30, 'deployed'),
          releaseRun('broken', -10, 'production-deploy-failed'),
        ),
      ],
      [prod],
    );
    expect(broken.rollouts).toEqual([
      expect.objectContaining({
        deploymentId: 'ecs-svc/5005',
        rolloutState: 'FAILED',
        rolloutStateReason:
          'ECS deployment circuit breaker: tasks failed to start.',
        rolledBack: true,
      }),
    ]);
    expect(broken.whereNow).toBe(
      'failed in Deploy-prod; the rollout was rolled back',
    );
    expect(broken.liveInProduction).toBe(false);
    expect(previous.liveInProduction).toBe(true);
  });

  it('correlates a CodeDeploy blue/green deployment and its rollback', () => {
    const blueGreen = ecsService('prod', [], {
      deploymentController: 'CODE_DEPLOY',
      codeDeploy: {
        deploymentId: 'd-ABCDEF123',
        applicationName: 'orders-api',
        deploymentGroupName: 'orders-api-prod',
        status: 'Stopped',
        createTime: hoursFromNow(-8.7),
        completeTime: hoursFromNow(-8.2),
        rollbackInfo: 'Rolled back by deployment d-XYZ.',
        lifecycleEvents: [],
        taskSets: [
          {
            id: 'ecs-svc/7007',
            status: 'ACTIVE',
            taskDefinition: 'orders-api:9',
            targetGroupRole: 'GREEN',
          },
        ],
        consoleUrl: 'https://console.example/codedeploy',
      },
    });
    const [change] = timeline(
      [
        ordersPipeline(
          releaseRun('blue-green', -10, 'production-deploy-failed'),
        ),
      ],
      [blueGreen],
    );
    expect(change.rollouts).toEqual([
      expect.objectContaining({
        deploymentId: 'd-ABCDEF123',
        taskDefinition: 'orders-api:9',
        rolloutState: 'FAILED',
        rolloutStateReason: 'Rolled back by deployment d-XYZ.',
        endTime: hoursFromNow(-8.2),
        rolledBack: true,
      }),
    ]);
  });

  it('merges pipelines newest first and keeps the last N', () => {
    const worker: TimelinePipelineInput = {
      ...ordersPipeline(releaseRun('worker-1', -20, 'deployed')),
      arn: 'arn:aws:codepipeline:us-east-1:123456789012:ledger-worker',
      name: 'ledger-worker',
    };
    const changes = timeline(
      [
        ordersPipeline(
          releaseRun('api-1', -30, 'deployed'),
          releaseRun('api-2', -10, 'deployed'),
        ),
        worker,
      ],
      [],
      2,
    );
    expect(
      changes.map(c => [c.pipelineName, c.executionId, c.liveInProduction]),
    ).toEqual([
      ['orders-api', 'api-2', true],
      ['ledger-worker', 'worker-1', true],
    ]);
  });
});
