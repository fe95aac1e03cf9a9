import type {
  EcsServiceResult,
  EcsServiceStatus,
  EcsTask,
  EntityEcsResponse,
} from '@slipway/plugin-codepipeline-common';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const ecsConsole = `https://${REGION}.console.aws.amazon.com/ecs/v2/clusters/payments/services`;

function task(id: string, rest: Partial<EcsTask>): EcsTask {
  return {
    arn: `arn:aws:ecs:${REGION}:${ACCOUNT}:task/payments/${id}`,
    id,
    lastStatus: 'RUNNING',
    desiredStatus: 'RUNNING',
    taskDefinition: 'checkout-web:42',
    healthStatus: 'HEALTHY',
    launchType: 'FARGATE',
    availabilityZone: 'us-east-1a',
    startedAt: '2026-11-22T09:40:00.000Z',
    containers: [
      { name: 'web', lastStatus: 'RUNNING', healthStatus: 'HEALTHY' },
    ],
    consoleUrl: `${ecsConsole}/checkout-web/tasks/${id}`,
    ...rest,
  };
}

function service(
  name: string,
  rest: Partial<EcsServiceStatus>,
): EcsServiceStatus {
  return {
    arn: `arn:aws:ecs:${REGION}:${ACCOUNT}:service/payments/${name}`,
    serviceName: name,
    clusterName: 'payments',
    clusterArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/payments`,
    accountId: ACCOUNT,
    region: REGION,
    consoleUrl: `${ecsConsole}/${name}/health`,
    status: 'ACTIVE',
    launchType: 'FARGATE',
    desiredCount: 3,
    runningCount: 3,
    pendingCount: 0,
    deploymentController: 'ECS',
    circuitBreaker: { enable: true, rollback: true },
    taskDefinition: `${name}:42`,
    deployments: [],
    events: [],
    tasks: [],
    taskSets: [],
    active: false,
    ...rest,
  };
}

/** A rolling deployment of revision 43 failed its health checks; the circuit breaker rolls back to 42. */
export const serviceRollingBackAfterCircuitBreaker = service('checkout-web', {
  active: true,
  runningCount: 3,
  pendingCount: 1,
  deployments: [
    {
      id: 'ecs-svc/2222',
      status: 'PRIMARY',
      taskDefinition: 'checkout-web:42',
      taskDefinitionArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/checkout-web:42`,
      desiredCount: 3,
      runningCount: 2,
      pendingCount: 1,
      failedTasks: 0,
      rolloutState: 'IN_PROGRESS',
      rolloutStateReason:
        'ECS deployment circuit breaker: rolling back to deploymentId ecs-svc/2222.',
      createdAt: '2026-11-22T09:55:00.000Z',
    },
    {
      id: 'ecs-svc/3333',
      status: 'ACTIVE',
      taskDefinition: 'checkout-web:43',
      taskDefinitionArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/checkout-web:43`,
      desiredCount: 0,
      runningCount: 1,
      pendingCount: 0,
      failedTasks: 3,
      rolloutState: 'FAILED',
      rolloutStateReason:
        'ECS deployment circuit breaker: tasks failed to start.',
      createdAt: '2026-11-22T09:45:00.000Z',
    },
  ],
  events: [
    {
      id: 'ev-3',
      createdAt: '2026-11-22T09:55:00.000Z',
      message:
        '(service checkout-web) rolling back to deployment ecs-svc/2222.',
    },
    {
      id: 'ev-2',
      createdAt: '2026-11-22T09:54:00.000Z',
      message:
        '(service checkout-web) deployment ecs-svc/3333 deployment failed: tasks failed to start.',
    },
  ],
  tasks: [
    task('a1b2c3', {}),
    task('d4e5f6', {
      lastStatus: 'STOPPED',
      desiredStatus: 'STOPPED',
      taskDefinition: 'checkout-web:43',
      healthStatus: 'UNHEALTHY',
      stoppedAt: '2026-11-22T09:53:00.000Z',
      stopCode: 'TaskFailedToStart',
      stoppedReason: 'Essential container in task exited',
      containers: [
        {
          name: 'web',
          lastStatus: 'STOPPED',
          exitCode: 3,
          reason: 'gunicorn: worker failed to boot',
        },
      ],
    }),
  ],
});

/** A CodeDeploy canary has moved 10 % of production traffic to the green task set. */
export const serviceBlueGreenShiftingTraffic = service('checkout-web', {
  active: true,
  deploymentController: 'CODE_DEPLOY',
  circuitBreaker: undefined,
  taskSets: [
    {
      id: 'ecs-svc/blue',
      status: 'PRIMARY',
      taskDefinition: 'checkout-web:42',
      runningCount: 3,
      computedDesiredCount: 3,
      stabilityStatus: 'STEADY_STATE',
      trafficWeight: 90,
      targetGroupRole: 'BLUE',
      targetGroupName: 'checkout-web-blue',
    },
    {
      id: 'ecs-svc/green',
      status: 'ACTIVE',
      taskDefinition: 'checkout-web:43',
      runningCount: 3,
      computedDesiredCount: 3,
      stabilityStatus: 'STEADY_STATE',
      trafficWeight: 10,
      targetGroupRole: 'GREEN',
      targetGroupName: 'checkout-web-green',
    },
  ],
  codeDeploy: {
    deploymentId: 'd-7Q2EXAMPLE',
    applicationName: 'checkout-web',
    deploymentGroupName: 'checkout-web-production',
    deploymentConfigName: 'CodeDeployDefault.ECSCanary10Percent5Minutes',
    status: 'InProgress',
    createTime: '2026-11-22T09:56:00.000Z',
    lifecycleEvents: [
      { name: 'BeforeInstall', status: 'Succeeded' },
      { name: 'Install', status: 'Succeeded' },
      { name: 'AfterInstall', status: 'Succeeded' },
      { name: 'BeforeAllowTraffic', status: 'Succeeded' },
      { name: 'AllowTraffic', status: 'InProgress' },
      { name: 'AfterAllowTraffic', status: 'Pending' },
    ],
    taskSets: [],
    consoleUrl:
      'https://us-east-1.console.aws.amazon.com/codesuite/codedeploy/deployments/d-7Q2EXAMPLE?region=us-east-1',
  },
});

/** A steady web service Slipway put behind the dev load balancer (tagged `slipway:url` and `slipway:environment`). */
export const ordersWebBehindLoadBalancer = service('orders-web', {
  url: 'https://orders.dev.example.com',
  environment: 'dev',
  desiredCount: 2,
  runningCount: 2,
  deployments: [
    {
      id: 'ecs-svc/5555',
      status: 'PRIMARY',
      taskDefinition: 'orders-web-dev:3',
      taskDefinitionArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/orders-web-dev:3`,
      desiredCount: 2,
      runningCount: 2,
      pendingCount: 0,
      failedTasks: 0,
      rolloutState: 'COMPLETED',
    },
  ],
  taskDefinition: 'orders-web-dev:3',
});

/** A steady worker service. */
export const ledgerWorkerSteady = service('ledger-worker', {
  desiredCount: 2,
  runningCount: 2,
  deployments: [
    {
      id: 'ecs-svc/9999',
      status: 'PRIMARY',
      taskDefinition: 'ledger-worker:7',
      taskDefinitionArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/ledger-worker:7`,
      desiredCount: 2,
      runningCount: 2,
      pendingCount: 0,
      failedTasks: 0,
      rolloutState: 'COMPLETED',
    },
  ],
  tasks: [task('w1', { taskDefinition: 'ledger-worker:7' })],
});

/** The same service in dev and in prod, as the scaffolder creates it (tagged `slipway:environment`). */
export const ordersApiInDev = service('orders-api-dev', {
  environment: 'dev',
  clusterName: 'slipway-dev',
  taskDefinition: 'orders-api-dev:5',
});
export const ordersApiInProd = service('orders-api-prod', {
  environment: 'prod',
  clusterName: 'slipway-prod',
  taskDefinition: 'orders-api-prod:4',
});

/** Promoted across accounts: prod runs in the workloads account, in another region. */
export const ordersApiInWorkloadsAccount = service('orders-api-prod', {
  ...ordersApiInProd,
  arn: 'arn:aws:ecs:eu-west-1:222222222222:service/slipway-prod/orders-api-prod',
  clusterArn: 'arn:aws:ecs:eu-west-1:222222222222:cluster/slipway-prod',
  accountId: '222222222222',
  region: 'eu-west-1',
  consoleUrl:
    'https://acme.awsapps.com/start/#/console?account_id=222222222222&role_name=ProdReadOnly&destination=https%3A%2F%2Feu-west-1.console.aws.amazon.com%2Fecs%2Fv2%2Fclusters%2Fslipway-prod%2Fservices%2Forders-api-prod%2Fhealth%3Fregion%3Deu-west-1',
});

export function serviceResultOf(status: EcsServiceStatus): EcsServiceResult {
  return { arn: status.arn, name: status.serviceName, status };
}

export function ecsResponse(
  services: EcsServiceResult[],
  pollIntervalSeconds = services.some(s => s.status?.active) ? 10 : 60,
): EntityEcsResponse {
  return {
    entityRef: 'component:default/checkout-web',
    services,
    refreshedAt: '2026-11-22T10:00:00.000Z',
    pollIntervalSeconds,
  };
}

export const ecsCircuitBreakerRollback = ecsResponse([
  serviceResultOf(serviceRollingBackAfterCircuitBreaker),
]);
export const ecsServiceWithUrl = ecsResponse([
  serviceResultOf(ordersWebBehindLoadBalancer),
]);
export const ecsServiceInDevAndProd = ecsResponse([
  serviceResultOf(ordersApiInDev),
  serviceResultOf(ordersApiInProd),
]);
export const ecsServiceAcrossAccounts = ecsResponse([
  serviceResultOf(ordersApiInDev),
  serviceResultOf(ordersApiInWorkloadsAccount),
]);
export const ecsBlueGreenShiftingTraffic = ecsResponse([
  serviceResultOf(serviceBlueGreenShiftingTraffic),
]);
/** One service reads fine; AWS denied reading the other. */
export const ecsPartialAccessDenied = ecsResponse([
  serviceResultOf(ledgerWorkerSteady),
  {
    arn: `arn:aws:ecs:${REGION}:${ACCOUNT}:service/payments/ledger-audit`,
    name: 'ledger-audit',
    error: {
      kind: 'access-denied',
      message:
        'AWS denied ecs:DescribeServices on service/payments/ledger-audit.',
    },
  },
]);
