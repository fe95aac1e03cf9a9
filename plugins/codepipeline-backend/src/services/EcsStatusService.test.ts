import {
  BatchGetDeploymentTargetsCommand,
  CodeDeployClient,
  GetDeploymentCommand,
  ListDeploymentTargetsCommand,
} from '@aws-sdk/client-codedeploy';
import {
  AccessDeniedException,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ECSClient,
  ListTasksCommand,
  Service,
  Task,
} from '@aws-sdk/client-ecs';
import { mockServices } from '@backstage/backend-test-utils';
import { mockClient } from 'aws-sdk-client-mock';
import { CoalescingCache } from '../cache';
import { EcsStatusService } from './EcsStatusService';
import {
  canaryDeploymentInProgress,
  canaryTargetShiftingTraffic,
  serviceDeploymentTarget,
} from './__fixtures__/ecsCodeDeploy';
import {
  clientFactoryWithStaticCredentials,
  MemoryCacheService,
} from '../__testUtils__/testDoubles';
import { ecsServiceRef, serveEcsFrom } from './__fixtures__/ecsFakeAws';
import {
  BLUE_TASK_SET,
  blueGreenShiftingTraffic,
  GREEN_TASK_SET,
  serviceRollingBackAfterCircuitBreaker,
  serviceRollingOutNewRevision,
  steadyRollingService,
} from './__fixtures__/ecsServices';
import {
  healthyRunningTask,
  taskStoppedByEssentialContainerExit,
} from './__fixtures__/ecsTasks';

const ecsMock = mockClient(ECSClient);
const codeDeployMock = mockClient(CodeDeployClient);
const ttls = {
  activeTtlMs: 5_000,
  idleTtlMs: 60_000,
  definitionTtlMs: 300_000,
};
const checkoutApi = ecsServiceRef('checkout-api');

let cacheStore: MemoryCacheService;
let logger: ReturnType<typeof mockServices.logger.mock>;
let service: EcsStatusService;

function serve(services: Service[], tasks: Task[] = []) {
  serveEcsFrom(ecsMock, { services, tasks });
}

const awsCallCount = () =>
  ecsMock.calls().length + codeDeployMock.calls().length;

beforeEach(() => {
  ecsMock.reset();
  codeDeployMock.reset();
  cacheStore = new MemoryCacheService();
  logger = mockServices.logger.mock();
  service = new EcsStatusService({
    clients: clientFactoryWithStaticCredentials(),
    cache: new CoalescingCache(cacheStore),
    ttls,
    logger,
  });
});

describe('EcsStatusService', () => {
  it('reports a steady rolling service as idle, cached for the idle window', async () => {
    serve(
      [steadyRollingService()],
      [healthyRunningTask('1a2b'), healthyRunningTask('3c4d')],
    );

    const [result] = await service.getServices([checkoutApi]);

    expect(result.error).toBeUndefined();
    expect(result.status).toMatchObject({
      serviceName: 'checkout-api',
      deploymentController: 'ECS',
      active: false,
      tasks: [{ id: '1a2b', lastStatus: 'RUNNING' }, { id: '3c4d' }],
    });
    expect(cacheStore.ttls.get(`ecs:service:${checkoutApi.arn}`)).toBe(60_000);
  });

  it('reports a rollout with two deployments as active, cached for the active window', async () => {
    serve([serviceRollingOutNewRevision()]);

    const [result] = await service.getServices([checkoutApi]);

    expect(result.status?.active).toBe(true);
    expect(result.status?.deployments.map(d => d.status)).toEqual([
      'PRIMARY',
      'ACTIVE',
    ]);
    expect(cacheStore.ttls.get(`ecs:service:${checkoutApi.arn}`)).toBe(5_000);
  });

  it('shows a circuit-breaker rollback with the crashed tasks after the running ones', async () => {
    serve(
      [serviceRollingBackAfterCircuitBreaker()],
      [
        taskStoppedByEssentialContainerExit('old0', '2025-06-03T11:24:00Z'),
        healthyRunningTask('live'),
        taskStoppedByEssentialContainerExit('new0', '2025-06-03T11:30:40Z'),
      ],
    );

    const [{ status }] = await service.getServices([checkoutApi]);

    expect(status?.deployments[1]).toMatchObject({
      rolloutState: 'FAILED',
      failedTasks: 3,
    });
    expect(status?.tasks.map(t => t.id)).toEqual(['live', 'new0', 'old0']);
    expect(status?.tasks[1]).toMatchObject({
      stoppedReason: 'Essential container in task exited',
      containers: [{ exitCode: 1 }],
    });
    expect(status?.events[0].message).toContain('deployment failed');
  });

  it('adds the CodeDeploy deployment and traffic weights to a blue/green service', async () => {
    serve([blueGreenShiftingTraffic()]);
    codeDeployMock
      .on(GetDeploymentCommand)
      .resolves(canaryDeploymentInProgress)
      .on(ListDeploymentTargetsCommand)
      .resolves(serviceDeploymentTarget)
      .on(BatchGetDeploymentTargetsCommand)
      .resolves(canaryTargetShiftingTraffic);

    const [{ status }] = await service.getServices([
      ecsServiceRef('checkout-web'),
    ]);

    expect(codeDeployMock).toHaveReceivedCommandWith(GetDeploymentCommand, {
      deploymentId: 'd-7Z3KQ9X1B',
    });
    expect(status?.active).toBe(true);
    expect(status?.codeDeploy).toMatchObject({
      status: 'InProgress',
      deploymentConfigName: 'CodeDeployDefault.ECSCanary10Percent5Minutes',
      taskSets: [
        {
          id: GREEN_TASK_SET,
          taskDefinition: 'checkout-web:8',
          runningCount: 2,
          trafficWeight: 10,
          targetGroupRole: 'GREEN',
        },
        {
          id: BLUE_TASK_SET,
          taskDefinition: 'checkout-web:7',
          runningCount: 2,
          trafficWeight: 90,
          targetGroupRole: 'BLUE',
        },
      ],
    });
    expect(status?.codeDeploy?.lifecycleEvents).toHaveLength(8);
  });

  it('keeps the ECS data when CodeDeploy cannot be read', async () => {
    serve([blueGreenShiftingTraffic()]);
    codeDeployMock
      .on(GetDeploymentCommand)
      .rejects(
        Object.assign(
          new Error(
            'User: arn:aws:sts::123456789012:assumed-role/backstage/x is not authorized to perform: codedeploy:GetDeployment',
          ),
          { name: 'AccessDeniedException' },
        ),
      );
    codeDeployMock
      .on(ListDeploymentTargetsCommand)
      .resolves(serviceDeploymentTarget);

    const [{ status }] = await service.getServices([
      ecsServiceRef('checkout-web'),
    ]);

    expect(status?.taskSets).toHaveLength(2);
    expect(status?.codeDeploy).toBeUndefined();
    expect(status?.codeDeployError).toMatchObject({ kind: 'access-denied' });
    expect(status?.codeDeployError?.message).toContain(
      'codedeploy:GetDeployment',
    );
    expect(logger.warn).toHaveBeenCalled();
  });

  it('returns a not-found entry for a missing service and data for the others, in order', async () => {
    serve([steadyRollingService()]);

    const results = await service.getServices([
      ecsServiceRef('ghost-worker'),
      checkoutApi,
    ]);

    expect(results.map(r => r.name)).toEqual(['ghost-worker', 'checkout-api']);
    expect(results[0].error).toMatchObject({ kind: 'not-found' });
    expect(results[1].status?.serviceName).toBe('checkout-api');
    expect(ecsMock).toHaveReceivedCommandTimes(DescribeServicesCommand, 1);
  });

  it('describes 11 services of one cluster in 2 calls and 150 tasks in 2 calls', async () => {
    const names = Array.from({ length: 11 }, (_, i) => `svc-${i}`);
    const tasks = [0, 1].flatMap(s =>
      Array.from({ length: 75 }, (_, i) =>
        healthyRunningTask(`t${s}x${i}`, { serviceName: `svc-${s}` }),
      ),
    );
    serve(
      names.map(name => steadyRollingService(name)),
      tasks,
    );

    const results = await service.getServices(
      names.map(name => ecsServiceRef(name)),
    );

    expect(results.every(r => r.status)).toBe(true);
    expect(results[0].status?.tasks).toHaveLength(75);
    expect(ecsMock).toHaveReceivedCommandTimes(DescribeServicesCommand, 2);
    expect(
      ecsMock.commandCalls(DescribeServicesCommand)[0].args[0].input.services,
    ).toHaveLength(10);
    expect(ecsMock).toHaveReceivedCommandTimes(DescribeTasksCommand, 2);
    expect(ecsMock).toHaveReceivedCommandTimes(ListTasksCommand, 22);
  });

  it('calls ECS for different clusters in parallel, and lists tasks without waiting for DescribeServices', async () => {
    const events: string[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    ecsMock.on(DescribeServicesCommand).callsFake(async input => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise(resolve => setTimeout(resolve, 20));
      inFlight--;
      events.push(`described:${input.cluster}`);
      const name = input.cluster === 'payments' ? 'api' : 'ledger';
      return {
        services: [steadyRollingService(name, input.cluster)],
        failures: [],
      };
    });
    ecsMock.on(ListTasksCommand).callsFake(async input => {
      events.push(`listed:${input.cluster}`);
      return { taskArns: [] };
    });

    const results = await service.getServices([
      ecsServiceRef('api', 'payments'),
      ecsServiceRef('ledger', 'ledger'),
    ]);

    expect(results.map(r => r.status?.clusterName)).toEqual([
      'payments',
      'ledger',
    ]);
    expect(maxInFlight).toBe(2);
    expect(events.slice(0, 4).sort()).toEqual([
      'listed:ledger',
      'listed:ledger',
      'listed:payments',
      'listed:payments',
    ]);
  });

  it('returns errors for the services of a denied cluster while serving the other cluster', async () => {
    serve([steadyRollingService('api', 'payments')]);
    ecsMock.on(DescribeServicesCommand, { cluster: 'ledger' }).rejects(
      new AccessDeniedException({
        message:
          'User: arn:aws:sts::123456789012:assumed-role/backstage/i-0abc is not authorized to perform: ecs:DescribeServices on resource: arn:aws:ecs:eu-west-1:123456789012:service/ledger/ledger',
        $metadata: { httpStatusCode: 400 },
      }),
    );

    const [api, ledger] = await service.getServices([
      ecsServiceRef('api', 'payments'),
      ecsServiceRef('ledger', 'ledger'),
    ]);

    expect(api.status?.serviceName).toBe('api');
    expect(ledger.error?.kind).toBe('access-denied');
    expect(ledger.error?.message).toContain('ecs:DescribeServices');
    expect(JSON.stringify(ledger)).not.toMatch(/AKIDEXAMPLE|secret|\n\s+at /);
  });

  it('answers a second request from the cache without calling AWS', async () => {
    serve([steadyRollingService()]);
    const first = await service.getServices([checkoutApi]);
    const callsAfterFirst = awsCallCount();

    const second = await service.getServices([checkoutApi]);

    expect(awsCallCount()).toBe(callsAfterFirst);
    expect(second).toEqual(first);
  });

  it('bypasses the cache on refresh', async () => {
    serve([steadyRollingService()]);
    await service.getServices([checkoutApi]);

    await service.getServices([checkoutApi], { refresh: true });
    expect(ecsMock).toHaveReceivedCommandTimes(DescribeServicesCommand, 2);
  });

  it('shares one set of AWS calls between concurrent identical requests', async () => {
    serve([steadyRollingService()], [healthyRunningTask('1a2b')]);

    const [a, b] = await Promise.all([
      service.getServices([checkoutApi]),
      service.getServices([checkoutApi]),
    ]);

    expect(a).toEqual(b);
    expect(ecsMock).toHaveReceivedCommandTimes(DescribeServicesCommand, 1);
    expect(ecsMock).toHaveReceivedCommandTimes(ListTasksCommand, 2);
    expect(ecsMock).toHaveReceivedCommandTimes(DescribeTasksCommand, 1);
  });
});
