import type { Task } from '@aws-sdk/client-ecs';
import { ACCOUNT, CLUSTER, REGION, taskDefinitionArn } from './ecsServices';

/** DescribeTasks `tasks[]` entries, shaped like the ECS API reference's. */

export function taskArn(taskId: string, cluster = CLUSTER): string {
  return `arn:aws:ecs:${REGION}:${ACCOUNT}:task/${cluster}/${taskId}`;
}

function fargateTask(
  taskId: string,
  serviceName: string,
  familyRevision: string,
  cluster: string,
): Task {
  const arn = taskArn(taskId, cluster);
  return {
    taskArn: arn,
    clusterArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/${cluster}`,
    taskDefinitionArn: taskDefinitionArn(familyRevision),
    group: `service:${serviceName}`,
    startedBy: 'ecs-svc/4017713929181406171',
    launchType: 'FARGATE',
    platformVersion: '1.4.0',
    platformFamily: 'Linux',
    availabilityZone: `${REGION}a`,
    cpu: '256',
    memory: '512',
    connectivity: 'CONNECTED',
    version: 4,
    attachments: [
      {
        id: 'a0b1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d',
        type: 'ElasticNetworkInterface',
        status: 'ATTACHED',
        details: [
          { name: 'subnetId', value: 'subnet-0a1b2c3d4e5f60718' },
          { name: 'privateIPv4Address', value: '10.0.1.27' },
        ],
      },
    ],
    containers: [
      {
        containerArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:container/${cluster}/${taskId}/5f0e7c1a-2b3d-4e5f-8a9b-0c1d2e3f4a5b`,
        taskArn: arn,
        name: 'app',
        image: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/${serviceName}:3f9c2ab`,
        runtimeId: `${taskId}-1527056392`,
        cpu: '0',
      },
    ],
  };
}

export function healthyRunningTask(
  taskId: string,
  options: {
    serviceName?: string;
    revision?: string;
    startedAt?: string;
    cluster?: string;
  } = {},
): Task {
  const { serviceName = 'checkout-api', cluster = CLUSTER } = options;
  const task = fargateTask(
    taskId,
    serviceName,
    `${serviceName}:${options.revision ?? '42'}`,
    cluster,
  );
  return {
    ...task,
    lastStatus: 'RUNNING',
    desiredStatus: 'RUNNING',
    healthStatus: 'HEALTHY',
    createdAt: new Date('2025-06-02T09:03:01.000Z'),
    pullStartedAt: new Date('2025-06-02T09:03:12.000Z'),
    pullStoppedAt: new Date('2025-06-02T09:03:20.000Z'),
    startedAt: new Date(options.startedAt ?? '2025-06-02T09:03:35.000Z'),
    containers: task.containers!.map(container => ({
      ...container,
      lastStatus: 'RUNNING',
      healthStatus: 'HEALTHY',
    })),
  };
}

/** What the circuit breaker counts as a failed task: the app exited with 1 on start-up. */
export function taskStoppedByEssentialContainerExit(
  taskId: string,
  stoppedAt: string,
  serviceName = 'checkout-api',
): Task {
  const task = fargateTask(taskId, serviceName, `${serviceName}:43`, CLUSTER);
  return {
    ...task,
    lastStatus: 'STOPPED',
    desiredStatus: 'STOPPED',
    healthStatus: 'UNKNOWN',
    createdAt: new Date(Date.parse(stoppedAt) - 60_000),
    startedAt: new Date(Date.parse(stoppedAt) - 20_000),
    stoppingAt: new Date(Date.parse(stoppedAt) - 5_000),
    executionStoppedAt: new Date(Date.parse(stoppedAt) - 6_000),
    stoppedAt: new Date(stoppedAt),
    stopCode: 'EssentialContainerExited',
    stoppedReason: 'Essential container in task exited',
    containers: task.containers!.map(container => ({
      ...container,
      lastStatus: 'STOPPED',
      exitCode: 1,
      healthStatus: 'UNKNOWN',
    })),
  };
}
