import {
  DescribeServicesCommand,
  DescribeTasksCommand,
  ECSClient,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  type Service,
} from '@aws-sdk/client-ecs';
import { FakeClock } from '../pipelines/clock';
import {
  startLocalWorldServer,
  type LocalWorldServer,
} from '../server/handler';
import { startMotoServer } from '../testing/moto';
import { ecsCall } from './ecsApi';
import { ecsRolloutInterceptors } from './ecsInterceptors';
import { EcsRollouts } from './ecsRollouts';
import {
  createService,
  ecrImage,
  PUBLIC_IMAGE,
  pushImage,
  REGION,
} from './ecsTesting';

jest.setTimeout(60_000);

const STEP = 5000;

describe('ECS rollouts over moto', () => {
  let moto: Awaited<ReturnType<typeof startMotoServer>>;
  let world: LocalWorldServer;
  let rollouts: EcsRollouts;
  let ecs: ECSClient;
  const clock = new FakeClock('2026-03-01T10:00:00Z');

  beforeAll(async () => {
    moto = await startMotoServer();
    rollouts = new EcsRollouts({ upstream: moto.url, clock, stepMs: STEP });
    world = await startLocalWorldServer({
      upstream: moto.url,
      clock,
      interceptors: ecsRolloutInterceptors(rollouts),
    });
    ecs = new ECSClient({
      endpoint: world.url,
      region: REGION,
      credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
      maxAttempts: 1,
    });
  }, 40_000);

  afterAll(async () => {
    rollouts?.close();
    await world?.close();
    await moto?.stop();
  });

  const describe1 = async (
    cluster: string,
    service: string,
  ): Promise<Service> => {
    const { services } = await ecs.send(
      new DescribeServicesCommand({ cluster, services: [service] }),
    );
    return services![0];
  };

  const tasks = async (
    cluster: string,
    service: string,
    desiredStatus: 'RUNNING' | 'STOPPED',
  ) => {
    const { taskArns = [] } = await ecs.send(
      new ListTasksCommand({ cluster, serviceName: service, desiredStatus }),
    );
    if (taskArns.length === 0) return [];
    const described = await ecs.send(
      new DescribeTasksCommand({ cluster, tasks: taskArns }),
    );
    return described.tasks ?? [];
  };

  /** Moves the clock one step at a time until the service is stable (as the services-stable waiter sees it). */
  const untilStable = async (cluster: string, service: string) => {
    for (let i = 0; i < 20; i++) {
      const s = await describe1(cluster, service);
      if (
        s.deployments?.length === 1 &&
        s.runningCount === s.desiredCount &&
        s.events?.[0]?.message?.endsWith('has reached a steady state.')
      ) {
        return s;
      }
      await clock.advance(STEP);
    }
    throw new Error(`${service} never became stable`);
  };

  it('ramps the tasks of a service scaled from 0 and reaches a steady state', async () => {
    await createService(world.url, {
      cluster: 'dev',
      service: 'scaled',
      family: 'scaled',
      image: PUBLIC_IMAGE,
      desiredCount: 0,
    });
    const created = await untilStable('dev', 'scaled');
    expect(created.deployments?.[0]).toMatchObject({
      status: 'PRIMARY',
      rolloutState: 'COMPLETED',
      runningCount: 0,
    });
    expect(created.deploymentConfiguration?.deploymentCircuitBreaker).toEqual({
      enable: true,
      rollback: true,
    });

    const { service } = await ecs.send(
      new UpdateServiceCommand({
        cluster: 'dev',
        service: 'scaled',
        desiredCount: 2,
      }),
    );
    expect(service).toMatchObject({
      desiredCount: 2,
      runningCount: 0,
      pendingCount: 2,
    });
    const starting = await tasks('dev', 'scaled', 'RUNNING');
    expect(starting.map(t => t.lastStatus)).toEqual([
      'PROVISIONING',
      'PROVISIONING',
    ]);
    expect(starting[0]).toMatchObject({
      group: 'service:scaled',
      taskDefinitionArn: created.taskDefinition,
      containers: [
        expect.objectContaining({ name: 'web', image: PUBLIC_IMAGE }),
      ],
    });

    await clock.advance(STEP);
    expect(await describe1('dev', 'scaled')).toMatchObject({
      runningCount: 1,
      pendingCount: 1,
    });
    await clock.advance(STEP);
    const ramped = await describe1('dev', 'scaled');
    expect(ramped).toMatchObject({ runningCount: 2, pendingCount: 0 });
    // One deployment and runningCount == desiredCount: services-stable settles.
    expect(ramped.deployments).toHaveLength(1);

    await clock.advance(STEP);
    const steady = await describe1('dev', 'scaled');
    expect(steady.events?.map(e => e.message)).toEqual([
      '(service scaled) has reached a steady state.',
      expect.stringMatching(
        /^\(service scaled\) has started 2 tasks: \(task [0-9a-f]{32}\) \(task [0-9a-f]{32}\)\.$/,
      ),
      '(service scaled) has reached a steady state.',
    ]);
    expect(
      (await tasks('dev', 'scaled', 'RUNNING')).map(t => t.lastStatus),
    ).toEqual(['RUNNING', 'RUNNING']);
  });

  it('rolls a new task definition out beside the old one, then completes it', async () => {
    await createService(world.url, {
      cluster: 'dev',
      service: 'web',
      family: 'web',
      image: PUBLIC_IMAGE,
      desiredCount: 2,
    });
    const before = await untilStable('dev', 'web');
    const oldTasks = await tasks('dev', 'web', 'RUNNING');
    expect(oldTasks).toHaveLength(2);

    const image = await pushImage(moto.url, 'web', 'abc1234');
    const { taskDefinition } = await ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'web',
        containerDefinitions: [
          { name: 'web', image, essential: true, memory: 512 },
        ],
      }),
    );
    await ecs.send(
      new UpdateServiceCommand({
        cluster: 'dev',
        service: 'web',
        taskDefinition: 'web:2',
      }),
    );
    const rolling = await describe1('dev', 'web');
    expect(rolling.taskDefinition).toBe(taskDefinition!.taskDefinitionArn);
    expect(rolling.deployments).toEqual([
      expect.objectContaining({
        status: 'PRIMARY',
        taskDefinition: taskDefinition!.taskDefinitionArn,
        rolloutState: 'IN_PROGRESS',
        desiredCount: 2,
        pendingCount: 2,
        runningCount: 0,
        createdAt: expect.any(Date),
      }),
      expect.objectContaining({
        status: 'ACTIVE',
        taskDefinition: before.taskDefinition,
        rolloutState: 'COMPLETED',
        runningCount: 2,
      }),
    ]);

    await clock.advance(STEP);
    const half = await describe1('dev', 'web');
    expect(half.deployments?.map(d => [d.status, d.runningCount])).toEqual([
      ['PRIMARY', 1],
      ['ACTIVE', 1],
    ]);
    await clock.advance(STEP);
    await clock.advance(STEP);
    const done = await describe1('dev', 'web');
    expect(done.deployments).toEqual([
      expect.objectContaining({
        status: 'PRIMARY',
        rolloutState: 'COMPLETED',
        rolloutStateReason: `ECS deployment ${
          done.deployments![0].id
        } completed.`,
        runningCount: 2,
      }),
    ]);
    expect(done.events?.slice(0, 2).map(e => e.message)).toEqual([
      '(service web) has reached a steady state.',
      `(service web) (deployment ${
        done.deployments![0].id
      }) deployment completed.`,
    ]);
    const stopped = await tasks('dev', 'web', 'STOPPED');
    expect(stopped.map(t => t.taskArn).sort()).toEqual(
      oldTasks.map(t => t.taskArn).sort(),
    );
    expect(stopped[0]).toMatchObject({
      lastStatus: 'STOPPED',
      stopCode: 'ServiceSchedulerInitiated',
      stoppedReason: `Scaling activity initiated by (deployment ${
        done.deployments![0].id
      })`,
    });
    expect(
      (await tasks('dev', 'web', 'RUNNING')).map(t => t.containers?.[0]?.image),
    ).toEqual([image, image]);
  });

  it('fails a deployment whose image is not in the emulated ECR and rolls the service back', async () => {
    await createService(world.url, {
      cluster: 'prod',
      service: 'api',
      family: 'api',
      image: PUBLIC_IMAGE,
      desiredCount: 2,
    });
    const before = await untilStable('prod', 'api');
    const missing = ecrImage('api', 'deadbee');
    const { taskDefinition } = await ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'api',
        containerDefinitions: [
          { name: 'web', image: missing, essential: true, memory: 512 },
        ],
      }),
    );
    await ecs.send(
      new UpdateServiceCommand({
        cluster: 'prod',
        service: 'api',
        taskDefinition: taskDefinition!.taskDefinitionArn,
      }),
    );
    await clock.advance(STEP);
    const failing = await describe1('prod', 'api');
    expect(failing.deployments?.[0]).toMatchObject({
      rolloutState: 'IN_PROGRESS',
      failedTasks: 1,
    });
    expect(failing.runningCount).toBe(2); // the old tasks keep serving

    // Failed tasks reach the circuit breaker's threshold (3): FAILED, rollback.
    await clock.advance(3 * STEP);
    const rolledBack = await describe1('prod', 'api');
    const [rollback, failed] = rolledBack.deployments!;
    expect(failed).toMatchObject({
      status: 'ACTIVE',
      taskDefinition: taskDefinition!.taskDefinitionArn,
      rolloutState: 'FAILED',
      rolloutStateReason:
        'ECS deployment circuit breaker: tasks failed to start.',
      failedTasks: 3,
    });
    expect(rollback).toMatchObject({
      status: 'PRIMARY',
      taskDefinition: before.taskDefinition,
    });
    expect(rolledBack.taskDefinition).toBe(before.taskDefinition);
    expect(rolledBack.events?.map(e => e.message)).toEqual(
      expect.arrayContaining([
        `(service api) (deployment ${failed.id}) deployment failed: tasks failed to start.`,
        `(service api) rolling back to deployment ${
          before.deployments![0].id
        }.`,
      ]),
    );
    const stopped = await tasks('prod', 'api', 'STOPPED');
    expect(stopped.length).toBeGreaterThanOrEqual(3);
    expect(stopped[0]).toMatchObject({
      stopCode: 'TaskFailedToStart',
      stoppedReason: expect.stringContaining(`CannotPullContainerError`),
    });
    expect(stopped[0].stoppedReason).toContain(missing);

    const settled = await untilStable('prod', 'api');
    expect(settled.deployments).toEqual([
      expect.objectContaining({ rolloutState: 'COMPLETED', runningCount: 2 }),
    ]);
    // moto names the old revision again.
    const { services } = await ecsCall(moto.url, REGION, 'DescribeServices', {
      cluster: 'prod',
      services: ['api'],
    });
    expect(services[0].taskDefinition).toBe(before.taskDefinition);
  });

  it('leaves services of the CODE_DEPLOY controller as moto has them', async () => {
    const { taskDefinitionArn } = await createService(world.url, {
      cluster: 'bg',
      service: 'other',
      family: 'other',
      image: PUBLIC_IMAGE,
      desiredCount: 0,
    });
    await ecsCall(world.url, REGION, 'CreateService', {
      cluster: 'bg',
      serviceName: 'blue-green',
      taskDefinition: taskDefinitionArn,
      desiredCount: 1,
      deploymentController: { type: 'CODE_DEPLOY' },
    });
    const service = await describe1('bg', 'blue-green');
    expect(service.deploymentController?.type).toBe('CODE_DEPLOY');
    expect(service.deployments ?? []).toEqual([]);
    expect(rollouts.get(REGION, 'bg', 'blue-green')).toBeUndefined();
  });
});
