import type { Service } from '@aws-sdk/client-ecs';

/** DescribeServices `services[]` entries, shaped like the ECS API reference's. */

export const ACCOUNT = '123456789012';
export const REGION = 'eu-west-1';
export const CLUSTER = 'payments';
const CLUSTER_ARN = `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/${CLUSTER}`;

export function serviceArn(serviceName: string, cluster = CLUSTER): string {
  return `arn:aws:ecs:${REGION}:${ACCOUNT}:service/${cluster}/${serviceName}`;
}

export function taskDefinitionArn(familyRevision: string): string {
  return `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/${familyRevision}`;
}

const rollingWithCircuitBreaker = {
  deploymentCircuitBreaker: { enable: true, rollback: true },
  maximumPercent: 200,
  minimumHealthyPercent: 100,
};

const fargateNetwork = {
  awsvpcConfiguration: {
    subnets: ['subnet-0a1b2c3d4e5f60718', 'subnet-0f1e2d3c4b5a69788'],
    securityGroups: ['sg-0123456789abcdef0'],
    assignPublicIp: 'DISABLED' as const,
  },
};

/** One COMPLETED deployment, desired = running. */
export function steadyRollingService(
  serviceName = 'checkout-api',
  cluster = CLUSTER,
): Service {
  return {
    serviceArn: serviceArn(serviceName, cluster),
    serviceName,
    clusterArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/${cluster}`,
    status: 'ACTIVE',
    desiredCount: 2,
    runningCount: 2,
    pendingCount: 0,
    launchType: 'FARGATE',
    platformVersion: 'LATEST',
    platformFamily: 'Linux',
    taskDefinition: taskDefinitionArn(`${serviceName}:42`),
    deploymentConfiguration: rollingWithCircuitBreaker,
    deployments: [
      {
        id: 'ecs-svc/4017713929181406171',
        status: 'PRIMARY',
        taskDefinition: taskDefinitionArn(`${serviceName}:42`),
        desiredCount: 2,
        pendingCount: 0,
        runningCount: 2,
        failedTasks: 0,
        createdAt: new Date('2025-06-02T09:02:11.871Z'),
        updatedAt: new Date('2025-06-02T09:06:40.124Z'),
        launchType: 'FARGATE',
        platformVersion: '1.4.0',
        networkConfiguration: fargateNetwork,
        rolloutState: 'COMPLETED',
        rolloutStateReason:
          'ECS deployment ecs-svc/4017713929181406171 completed.',
      },
    ],
    events: [
      {
        id: '0f8a54e9-7d7a-4c2e-9a43-5b1f0c2d8e11',
        createdAt: new Date('2025-06-02T09:06:40.130Z'),
        message: `(service ${serviceName}) has reached a steady state.`,
      },
      {
        id: '5d3c1a2b-9e8f-4a7b-8c6d-1e2f3a4b5c6d',
        createdAt: new Date('2025-06-02T09:06:39.002Z'),
        message: `(service ${serviceName}) (deployment ecs-svc/4017713929181406171) deployment completed.`,
      },
    ],
    createdAt: new Date('2025-05-20T14:31:05.440Z'),
    networkConfiguration: fargateNetwork,
    schedulingStrategy: 'REPLICA',
    deploymentController: { type: 'ECS' },
    enableECSManagedTags: true,
    propagateTags: 'SERVICE',
  };
}

/**
 * A steady service that Slipway's scaffolder put behind its environment's load
 * balancer: DescribeServices with `include: ['TAGS']` returns its tags.
 */
export function steadyServiceTaggedWithUrl(
  url: string,
  serviceName = 'checkout-api',
): Service {
  return {
    ...steadyRollingService(serviceName),
    tags: [
      { key: 'slipway:component', value: `default/${serviceName}` },
      { key: 'slipway:managed-by', value: 'slipway' },
      { key: 'slipway:url', value: url },
    ],
  };
}
/** A steady service the scaffolder tagged with its environment, as every Slipway service is. */
export function steadyServiceInEnvironment(
  environment: string,
  serviceName = 'checkout-api',
): Service {
  return {
    ...steadyRollingService(serviceName),
    tags: [
      { key: 'slipway:component', value: `default/${serviceName}` },
      { key: 'slipway:managed-by', value: 'slipway' },
      { key: 'slipway:environment', value: environment },
    ],
  };
}
/** A new task definition rolling out: PRIMARY IN_PROGRESS beside the ACTIVE one it replaces. */
export function serviceRollingOutNewRevision(
  serviceName = 'checkout-api',
): Service {
  const steady = steadyRollingService(serviceName);
  return {
    ...steady,
    runningCount: 3,
    pendingCount: 1,
    taskDefinition: taskDefinitionArn(`${serviceName}:43`),
    deployments: [
      {
        ...steady.deployments![0],
        id: 'ecs-svc/9120045838215527003',
        taskDefinition: taskDefinitionArn(`${serviceName}:43`),
        runningCount: 1,
        pendingCount: 1,
        createdAt: new Date('2025-06-03T11:20:00.000Z'),
        updatedAt: new Date('2025-06-03T11:21:12.000Z'),
        rolloutState: 'IN_PROGRESS',
        rolloutStateReason:
          'ECS deployment ecs-svc/9120045838215527003 in progress.',
      },
      { ...steady.deployments![0], status: 'ACTIVE' },
    ],
    events: [
      {
        id: 'b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e',
        createdAt: new Date('2025-06-03T11:20:31.000Z'),
        message: `(service ${serviceName}) has started 1 tasks: (task 6b2e0a8c1f3d4e5a9b7c2d1e0f3a4b5c).`,
      },
      ...steady.events!,
    ],
  };
}

/**
 * Revision 43 kept crashing: the circuit breaker marked its deployment FAILED
 * and ECS is rolling back to revision 42.
 */
export function serviceRollingBackAfterCircuitBreaker(
  serviceName = 'checkout-api',
): Service {
  const steady = steadyRollingService(serviceName);
  const failedDeployment = 'ecs-svc/9120045838215527003';
  return {
    ...steady,
    runningCount: 2,
    pendingCount: 0,
    deployments: [
      {
        ...steady.deployments![0],
        id: 'ecs-svc/2279044385106938617',
        createdAt: new Date('2025-06-03T11:31:02.000Z'),
        updatedAt: new Date('2025-06-03T11:31:02.000Z'),
        rolloutState: 'IN_PROGRESS',
        rolloutStateReason: `ECS deployment circuit breaker: rolling back to deploymentId ${
          steady.deployments![0].id
        }.`,
      },
      {
        ...steady.deployments![0],
        id: failedDeployment,
        status: 'ACTIVE',
        taskDefinition: taskDefinitionArn(`${serviceName}:43`),
        desiredCount: 0,
        runningCount: 0,
        failedTasks: 3,
        createdAt: new Date('2025-06-03T11:20:00.000Z'),
        updatedAt: new Date('2025-06-03T11:31:01.000Z'),
        rolloutState: 'FAILED',
        rolloutStateReason:
          'ECS deployment circuit breaker: tasks failed to start.',
      },
    ],
    events: [
      {
        id: 'c4d5e6f7-a8b9-4c0d-9e1f-2a3b4c5d6e7f',
        createdAt: new Date('2025-06-03T11:31:02.500Z'),
        message: `(service ${serviceName}) (deployment ${failedDeployment}) deployment failed: tasks failed to start.`,
      },
      {
        id: 'd5e6f7a8-b9c0-4d1e-8f2a-3b4c5d6e7f8a',
        createdAt: new Date('2025-06-03T11:30:41.000Z'),
        message: `(service ${serviceName}) (task 0c2f7e9a1b3d4f5e6a7b8c9d0e1f2a3b) failed container health checks.`,
      },
      ...steady.events!,
    ],
  };
}

export const BLUE_TASK_SET = 'ecs-svc/1151204925390137001';
export const GREEN_TASK_SET = 'ecs-svc/7740116092385534012';
export const BLUE_GREEN_DEPLOYMENT_ID = 'd-7Z3KQ9X1B';

/** CODE_DEPLOY controller mid-canary: green task set created by CodeDeploy, 10% of traffic. */
export function blueGreenShiftingTraffic(
  serviceName = 'checkout-web',
): Service {
  const taskSet = {
    serviceArn: serviceArn(serviceName),
    clusterArn: CLUSTER_ARN,
    startedBy: 'CODE_DEPLOY',
    launchType: 'FARGATE' as const,
    platformVersion: '1.4.0',
    platformFamily: 'Linux',
    networkConfiguration: fargateNetwork,
    scale: { value: 100, unit: 'PERCENT' as const },
    stabilityStatus: 'STEADY_STATE' as const,
  };
  return {
    serviceArn: serviceArn(serviceName),
    serviceName,
    clusterArn: CLUSTER_ARN,
    status: 'ACTIVE',
    desiredCount: 2,
    runningCount: 4,
    pendingCount: 0,
    taskDefinition: taskDefinitionArn(`${serviceName}:7`),
    deploymentConfiguration: {
      maximumPercent: 200,
      minimumHealthyPercent: 100,
    },
    taskSets: [
      {
        ...taskSet,
        id: GREEN_TASK_SET,
        taskSetArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:task-set/${CLUSTER}/${serviceName}/${GREEN_TASK_SET}`,
        externalId: BLUE_GREEN_DEPLOYMENT_ID,
        status: 'ACTIVE',
        taskDefinition: taskDefinitionArn(`${serviceName}:8`),
        computedDesiredCount: 2,
        pendingCount: 0,
        runningCount: 2,
        createdAt: new Date('2025-06-04T08:00:12.000Z'),
        updatedAt: new Date('2025-06-04T08:03:40.000Z'),
      },
      {
        ...taskSet,
        id: BLUE_TASK_SET,
        taskSetArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:task-set/${CLUSTER}/${serviceName}/${BLUE_TASK_SET}`,
        externalId: 'd-2QW8E4R6T',
        status: 'PRIMARY',
        taskDefinition: taskDefinitionArn(`${serviceName}:7`),
        computedDesiredCount: 2,
        pendingCount: 0,
        runningCount: 2,
        createdAt: new Date('2025-05-28T16:45:00.000Z'),
        updatedAt: new Date('2025-06-04T08:03:40.000Z'),
      },
    ],
    deployments: [],
    events: [
      {
        id: 'e6f7a8b9-c0d1-4e2f-8a3b-4c5d6e7f8a9b',
        createdAt: new Date('2025-06-04T08:03:40.000Z'),
        message: `(service ${serviceName}, taskSet ${GREEN_TASK_SET}) registered 2 targets in (target-group arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/${serviceName}-green/6d0ecf831eec9f09)`,
      },
    ],
    createdAt: new Date('2025-05-28T16:44:51.000Z'),
    schedulingStrategy: 'REPLICA',
    deploymentController: { type: 'CODE_DEPLOY' },
  };
}

/** DescribeServices `failures[]` entry for a service that does not exist. */
export function missingServiceFailure(serviceName: string, cluster = CLUSTER) {
  return { arn: serviceArn(serviceName, cluster), reason: 'MISSING' };
}
