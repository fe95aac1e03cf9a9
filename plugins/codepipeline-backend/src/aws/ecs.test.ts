/* eslint-disable no-script-url -- hostile `javascript:` tag values are the input these tests feed in */
import {
  DescribeServicesCommand,
  ECSClient,
  ListTasksCommand,
} from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import {
  blueGreenShiftingTraffic,
  CLUSTER,
  missingServiceFailure,
  serviceRollingBackAfterCircuitBreaker,
  steadyRollingService,
  steadyServiceInEnvironment,
  steadyServiceTaggedWithUrl,
} from '../services/__fixtures__/ecsServices';
import {
  healthyRunningTask,
  taskArn,
  taskStoppedByEssentialContainerExit,
} from '../services/__fixtures__/ecsTasks';
import { serveEcsFrom } from '../services/__fixtures__/ecsFakeAws';
import {
  DescribedEcsService,
  describeEcsServices,
  describeEcsTasks,
  ecsConsoleUrl,
  listEcsServiceTasks,
  orderTasks,
} from './ecs';

const ecsMock = mockClient(ECSClient);
const client = new ECSClient({ region: 'eu-west-1' });
const location = {
  partition: 'aws',
  accountId: '123456789012',
  region: 'eu-west-1',
  clusterName: CLUSTER,
};

beforeEach(() => ecsMock.reset());

async function describeOne(serviceName: string): Promise<DescribedEcsService> {
  const [answer] = await describeEcsServices(client, location, [serviceName]);
  if (!('snapshot' in answer)) {
    throw new Error(`ECS did not return ${serviceName}: ${answer.reason}`);
  }
  return answer;
}

describe('describeEcsServices', () => {
  it('maps a steady rolling service to Slipway types with ISO timestamps', async () => {
    serveEcsFrom(ecsMock, { services: [steadyRollingService()], tasks: [] });

    const described = await describeOne('checkout-api');

    expect(described.codeDeployDeploymentId).toBeUndefined();
    expect(described.snapshot).toMatchObject({
      serviceName: 'checkout-api',
      clusterName: 'payments',
      consoleUrl:
        'https://eu-west-1.console.aws.amazon.com/ecs/v2/clusters/payments/services/checkout-api/health?region=eu-west-1',
      launchType: 'FARGATE',
      status: 'ACTIVE',
      desiredCount: 2,
      runningCount: 2,
      pendingCount: 0,
      deploymentController: 'ECS',
      circuitBreaker: { enable: true, rollback: true },
      taskDefinition: 'checkout-api:42',
      deployments: [
        {
          id: 'ecs-svc/4017713929181406171',
          status: 'PRIMARY',
          taskDefinition: 'checkout-api:42',
          rolloutState: 'COMPLETED',
          createdAt: '2025-06-02T09:02:11.871Z',
          updatedAt: '2025-06-02T09:06:40.124Z',
        },
      ],
    });
    expect(described.snapshot.events[0]).toEqual({
      id: '0f8a54e9-7d7a-4c2e-9a43-5b1f0c2d8e11',
      createdAt: '2025-06-02T09:06:40.130Z',
      message: '(service checkout-api) has reached a steady state.',
    });
  });

  it("asks for tags and shows the service's slipway:url as its URL", async () => {
    serveEcsFrom(ecsMock, {
      services: [steadyServiceTaggedWithUrl('https://orders.dev.example.com')],
      tasks: [],
    });

    const described = await describeOne('checkout-api');

    expect(ecsMock).toHaveReceivedCommandWith(DescribeServicesCommand, {
      cluster: 'payments',
      services: ['checkout-api'],
      include: ['TAGS'],
    });
    expect(described.snapshot.url).toBe('https://orders.dev.example.com');
  });

  it.each([
    ['a script', 'javascript:alert(document.cookie)'],
    ['a data URL', 'data:text/html,<script>alert(1)</script>'],
    ['credentials', 'https://bank.example.com@evil.example.com'],
    ['no scheme', 'orders.dev.example.com'],
  ])('drops a slipway:url tag holding %s', async (_situation, value) => {
    serveEcsFrom(ecsMock, {
      services: [steadyServiceTaggedWithUrl(value)],
      tasks: [],
    });

    const described = await describeOne('checkout-api');

    expect(described.snapshot.url).toBeUndefined();
  });

  it('has no URL for a service without the tag', async () => {
    serveEcsFrom(ecsMock, { services: [steadyRollingService()], tasks: [] });

    const described = await describeOne('checkout-api');

    expect(described.snapshot.url).toBeUndefined();
  });

  it("names the service's environment from its slipway:environment tag", async () => {
    serveEcsFrom(ecsMock, {
      services: [steadyServiceInEnvironment('prod')],
      tasks: [],
    });

    const described = await describeOne('checkout-api');

    expect(described.snapshot.environment).toBe('prod');
  });

  it.each([
    ['markup', '<b>prod</b>'],
    ['a space', 'dev prod'],
    ['an empty value', ''],
  ])(
    'drops a slipway:environment tag holding %s',
    async (_situation, value) => {
      serveEcsFrom(ecsMock, {
        services: [steadyServiceInEnvironment(value)],
        tasks: [],
      });

      const described = await describeOne('checkout-api');

      expect(described.snapshot.environment).toBeUndefined();
    },
  );

  it('keeps the failed deployment and the circuit-breaker reason of a rollback', async () => {
    serveEcsFrom(ecsMock, {
      services: [serviceRollingBackAfterCircuitBreaker()],
      tasks: [],
    });

    const described = await describeOne('checkout-api');

    expect(described.snapshot.deployments[1]).toMatchObject({
      status: 'ACTIVE',
      taskDefinition: 'checkout-api:43',
      failedTasks: 3,
      rolloutState: 'FAILED',
      rolloutStateReason:
        'ECS deployment circuit breaker: tasks failed to start.',
    });
  });

  it('takes the CodeDeploy deployment id from the newest task set', async () => {
    serveEcsFrom(ecsMock, {
      services: [blueGreenShiftingTraffic()],
      tasks: [],
    });

    const described = await describeOne('checkout-web');

    expect(described.codeDeployDeploymentId).toBe('d-7Z3KQ9X1B');
    expect(described.snapshot.launchType).toBe('FARGATE');
    expect(described.snapshot.taskSets.map(t => t.taskDefinition)).toEqual([
      'checkout-web:8',
      'checkout-web:7',
    ]);
  });

  it('reports MISSING services as failures by name', async () => {
    ecsMock.on(DescribeServicesCommand).resolves({
      services: [],
      failures: [missingServiceFailure('ghost-worker')],
    });

    const answers = await describeEcsServices(client, location, [
      'ghost-worker',
    ]);

    expect(answers).toEqual([
      { serviceName: 'ghost-worker', reason: 'MISSING', detail: undefined },
    ]);
  });

  it('describes a capacity provider strategy when there is no launch type', async () => {
    const service = steadyRollingService();
    delete service.launchType;
    service.capacityProviderStrategy = [
      { capacityProvider: 'FARGATE_SPOT', weight: 3 },
      { capacityProvider: 'FARGATE', base: 1, weight: 1 },
    ];
    serveEcsFrom(ecsMock, { services: [service], tasks: [] });

    const described = await describeOne('checkout-api');

    expect(described.snapshot.launchType).toBe(
      'FARGATE_SPOT (weight 3), FARGATE (base 1, weight 1)',
    );
  });
});

describe('listEcsServiceTasks', () => {
  it('follows pages but stops at the limit', async () => {
    const tasks = Array.from({ length: 250 }, (_, i) =>
      healthyRunningTask(`running${String(i).padStart(26, '0')}`),
    );
    serveEcsFrom(ecsMock, { services: [], tasks });

    const { running, stopped } = await listEcsServiceTasks(
      client,
      location,
      'checkout-api',
      { running: 100, stopped: 20 },
    );

    expect(running).toHaveLength(100);
    expect(stopped).toEqual([]);
    expect(ecsMock).toHaveReceivedCommandWith(ListTasksCommand, {
      desiredStatus: 'RUNNING',
      maxResults: 100,
    });
    expect(ecsMock).toHaveReceivedCommandWith(ListTasksCommand, {
      desiredStatus: 'STOPPED',
      maxResults: 20,
    });
    expect(ecsMock).toHaveReceivedCommandTimes(ListTasksCommand, 2);
  });
});

describe('describeEcsTasks', () => {
  it('maps stop reason, stop code, exit codes and a console link', async () => {
    const id = '0c2f7e9a1b3d4f5e6a7b8c9d0e1f2a3b';
    serveEcsFrom(ecsMock, {
      services: [],
      tasks: [taskStoppedByEssentialContainerExit(id, '2025-06-03T11:30:40Z')],
    });

    const [task] = await describeEcsTasks(client, location, [taskArn(id)]);

    expect(task).toMatchObject({
      arn: taskArn(id),
      id,
      lastStatus: 'STOPPED',
      taskDefinition: 'checkout-api:43',
      stoppedAt: '2025-06-03T11:30:40.000Z',
      stoppedReason: 'Essential container in task exited',
      stopCode: 'EssentialContainerExited',
      containers: [{ name: 'app', lastStatus: 'STOPPED', exitCode: 1 }],
      consoleUrl: `https://eu-west-1.console.aws.amazon.com/ecs/v2/clusters/payments/tasks/${id}/configuration?region=eu-west-1`,
    });
  });
});

describe('orderTasks', () => {
  it('puts running tasks first, then stopped ones newest first', () => {
    const old = { arn: 'a', id: 'a', containers: [], consoleUrl: '' };
    const ordered = orderTasks(
      [{ ...old, arn: 'run', startedAt: '2025-06-03T10:00:00.000Z' }],
      [
        { ...old, arn: 'older', stoppedAt: '2025-06-03T11:00:00.000Z' },
        { ...old, arn: 'newer', stoppedAt: '2025-06-03T11:30:00.000Z' },
        { ...old, arn: 'stopping' },
      ],
    );
    expect(ordered.map(t => t.arn)).toEqual([
      'run',
      'stopping',
      'newer',
      'older',
    ]);
  });
});

describe('ecsConsoleUrl', () => {
  it('uses the partition console host', () => {
    expect(
      ecsConsoleUrl(
        { ...location, partition: 'aws-cn', region: 'cn-north-1' },
        'services/api/health',
      ),
    ).toBe(
      'https://cn-north-1.console.amazonaws.cn/ecs/v2/clusters/payments/services/api/health?region=cn-north-1',
    );
  });
});
