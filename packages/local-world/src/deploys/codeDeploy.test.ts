import {
  BatchGetDeploymentTargetsCommand,
  CodeDeployClient,
  CreateDeploymentCommand,
  CreateDeploymentConfigCommand,
  GetDeploymentCommand,
  GetDeploymentConfigCommand,
  ListDeploymentsCommand,
  ListDeploymentTargetsCommand,
  StopDeploymentCommand,
  type ECSTarget,
} from '@aws-sdk/client-codedeploy';
import {
  CodePipelineClient,
  CreatePipelineCommand,
  StartPipelineExecutionCommand,
} from '@aws-sdk/client-codepipeline';
import { FakeClock } from '../pipelines/clock';
import type { LocalWorldServer } from '../server/handler';
import { createPipelineRole, startMotoServer } from '../testing/moto';
import {
  aws,
  blueGreenBuildOutput,
  blueGreenPipeline,
  blueGreenService,
  deployDevExecution,
  fakeTimeUntil,
  pushImage,
  REGION,
  REPOSITORY_URI,
  startBlueGreenWorld,
} from './codeDeployTestWorld';

/** One AWS minute lasts 6 s of (fake) local time: a 5-minute canary holds for 30 s. */
const MINUTE_MS = 6000;
const AWS_SECOND_MS = MINUTE_MS / 60;

const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };

describe('CodeDeploy ECS blue/green in the local world (moto_server behind it)', () => {
  let moto: Awaited<ReturnType<typeof startMotoServer>>;
  let world: LocalWorldServer;
  let codedeploy: CodeDeployClient;
  let codepipeline: CodePipelineClient;
  const clock = new FakeClock('2026-03-02T09:00:00Z');
  /** The folder the stub Build action hands on as BuildOutput. */
  let buildOutput = '';

  beforeAll(async () => {
    moto = await startMotoServer();
    world = await startBlueGreenWorld({
      upstream: moto.url,
      clock,
      minuteMs: MINUTE_MS,
      buildOutput: () => buildOutput,
    });
    const client = {
      endpoint: world.url,
      region: REGION,
      credentials,
      maxAttempts: 1,
    };
    codedeploy = new CodeDeployClient(client);
    codepipeline = new CodePipelineClient(client);
    await createPipelineRole(world.url);
    await pushImage(world.url, 'initial');
  }, 40_000);

  afterAll(async () => {
    await world?.close();
    await moto?.stop();
  });

  const until = fakeTimeUntil(clock);

  async function target(deploymentId: string): Promise<ECSTarget> {
    const { targetIds } = await codedeploy.send(
      new ListDeploymentTargetsCommand({ deploymentId }),
    );
    const { deploymentTargets } = await codedeploy.send(
      new BatchGetDeploymentTargetsCommand({ deploymentId, targetIds }),
    );
    return deploymentTargets![0].ecsTarget!;
  }

  async function weights(deploymentId: string) {
    const { taskSetsInfo = [] } = await target(deploymentId);
    return Object.fromEntries(
      taskSetsInfo.map(t => [
        t.taskSetLabel!,
        `${t.status} ${t.trafficWeight}`,
      ]),
    );
  }

  async function events(deploymentId: string) {
    const { lifecycleEvents = [] } = await target(deploymentId);
    return Object.fromEntries(
      lifecycleEvents.map(e => [e.lifecycleEventName!, e.status]),
    );
  }

  async function deployment(deploymentId: string) {
    const { deploymentInfo } = await codedeploy.send(
      new GetDeploymentCommand({ deploymentId }),
    );
    return deploymentInfo!;
  }

  async function ecsService(name: string) {
    const { services } = await aws(world.url, 'ecs', 'DescribeServices', {
      cluster: 'dev',
      services: [name],
    });
    return services[0];
  }

  const deployAction = (pipeline: string) =>
    deployDevExecution(codepipeline, pipeline);

  async function runPipeline(
    name: string,
    setup: Awaited<ReturnType<typeof blueGreenService>>,
    imageUri: string,
  ) {
    buildOutput = blueGreenBuildOutput(name, imageUri);
    await codepipeline.send(
      new CreatePipelineCommand({
        pipeline: blueGreenPipeline(
          name,
          setup.application,
          setup.deploymentGroup,
        ),
      }),
    );
    await codepipeline.send(new StartPipelineExecutionCommand({ name }));
    const started = await until(async () => {
      const action = await deployAction(name);
      expect(action?.externalExecutionId).toMatch(/^d-[A-Z0-9]{9}$/);
      return action!;
    });
    return started.externalExecutionId!;
  }

  it('runs a canary deployment from the pipeline: 10/90 for five minutes, then 100/0, and the service runs the new revision', async () => {
    const setup = await blueGreenService(world.url, 'checkout', {
      deploymentConfigName: 'CodeDeployDefault.ECSCanary10Percent5Minutes',
    });
    await pushImage(world.url, 'abc1234');
    const id = await runPipeline(
      'checkout',
      setup,
      `${REPOSITORY_URI}:abc1234`,
    );

    expect(await deployment(id)).toMatchObject({
      applicationName: setup.application,
      deploymentGroupName: setup.deploymentGroup,
      deploymentConfigName: 'CodeDeployDefault.ECSCanary10Percent5Minutes',
      computePlatform: 'ECS',
      creator: 'user',
      revision: {
        revisionType: 'AppSpecContent',
        appSpecContent: { sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
      },
    });
    expect(
      (
        await codedeploy.send(
          new ListDeploymentTargetsCommand({ deploymentId: id }),
        )
      ).targetIds,
    ).toEqual(['dev:checkout']);

    await until(async () =>
      expect((await events(id)).AllowTraffic).toBe('InProgress'),
    );
    expect(await events(id)).toEqual({
      BeforeInstall: 'Succeeded',
      Install: 'Succeeded',
      AfterInstall: 'Succeeded',
      AllowTestTraffic: 'Succeeded',
      AfterAllowTestTraffic: 'Succeeded',
      BeforeAllowTraffic: 'Succeeded',
      AllowTraffic: 'InProgress',
      AfterAllowTraffic: 'Pending',
    });
    expect(await weights(id)).toEqual({
      Blue: 'PRIMARY 90',
      Green: 'ACTIVE 10',
    });
    const { taskSetsInfo } = await target(id);
    expect(taskSetsInfo?.map(t => t.targetGroup?.name)).toEqual([
      'checkout-blue',
      'checkout-green',
    ]);
    const during = await ecsService('checkout');
    const green = during.taskSets.find((t: any) => t.externalId === id);
    expect(green.taskDefinition).toMatch(/task-definition\/checkout-dev:2$/);
    expect(during.taskDefinition).toBe(setup.initialTaskDefinition);

    await clock.advance(5 * MINUTE_MS - 10 * AWS_SECOND_MS);
    expect(await weights(id)).toEqual({
      Blue: 'PRIMARY 90',
      Green: 'ACTIVE 10',
    });
    await until(async () =>
      expect(await weights(id)).toEqual({
        Blue: 'ACTIVE 0',
        Green: 'PRIMARY 100',
      }),
    );
    expect((await ecsService('checkout')).taskDefinition).toBe(
      green.taskDefinition,
    );

    await until(async () =>
      expect((await deployment(id)).instanceTerminationWaitTimeStarted).toBe(
        true,
      ),
    );
    expect((await deployment(id)).status).toBe('InProgress');
    expect((await deployAction('checkout'))?.status).toBe('InProgress');
    await clock.advance(5 * MINUTE_MS - 10 * AWS_SECOND_MS);
    expect((await deployment(id)).status).toBe('InProgress');

    await until(async () =>
      expect((await deployment(id)).status).toBe('Succeeded'),
    );
    expect((await deployment(id)).completeTime).toBeInstanceOf(Date);
    expect(await weights(id)).toEqual({ Green: 'PRIMARY 100' });
    const after = await ecsService('checkout');
    expect(after.taskSets.map((t: any) => [t.status, t.externalId])).toEqual([
      ['PRIMARY', id],
    ]);
    const action = await until(async () => {
      const latest = await deployAction('checkout');
      expect(latest?.status).toBe('Succeeded');
      return latest!;
    });
    expect(action.externalExecutionUrl).toBe(
      `https://${REGION}.console.aws.amazon.com/codesuite/codedeploy/deployments/${id}?region=${REGION}`,
    );
  }, 60_000);

  it('fails and rolls back when the image is not in the emulated ECR, and the action fails with the reason', async () => {
    const setup = await blueGreenService(world.url, 'orders', {
      deploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce',
    });
    const id = await runPipeline(
      'orders',
      setup,
      `${REPOSITORY_URI}:never-pushed`,
    );

    await until(async () =>
      expect((await deployment(id)).status).toBe('Failed'),
    );
    const failed = await deployment(id);
    expect(failed.errorInformation).toEqual({
      code: 'ECS_UPDATE_ERROR',
      message: expect.stringContaining(`${REPOSITORY_URI}:never-pushed`),
    });
    const rollbackId = failed.rollbackInfo?.rollbackDeploymentId;
    expect(failed.rollbackInfo?.rollbackMessage).toBe(
      `Deployment ${id} has been rolled back by deployment ${rollbackId}.`,
    );
    expect(await deployment(rollbackId!)).toMatchObject({
      status: 'Succeeded',
      creator: 'codeDeployRollback',
      rollbackInfo: { rollbackTriggeringDeploymentId: id },
    });
    expect(await events(id)).toMatchObject({
      BeforeInstall: 'Succeeded',
      Install: 'Failed',
      AllowTraffic: 'Pending',
    });
    const { lifecycleEvents } = await target(id);
    expect(lifecycleEvents?.[1].diagnostics?.message).toContain(
      'CannotPullContainerError',
    );

    const service = await ecsService('orders');
    expect(service.taskDefinition).toBe(setup.initialTaskDefinition);
    expect(service.taskSets.map((t: any) => t.status)).toEqual(['PRIMARY']);
    const { deployments } = await codedeploy.send(
      new ListDeploymentsCommand({
        applicationName: setup.application,
        deploymentGroupName: setup.deploymentGroup,
      }),
    );
    expect(new Set(deployments)).toEqual(new Set([id, rollbackId]));

    const action = await until(async () => {
      const latest = await deployAction('orders');
      expect(latest?.status).toBe('Failed');
      return latest!;
    });
    expect(action.externalExecutionId).toBe(id);
    expect(action.errorDetails?.message).toMatch(
      new RegExp(`^Deployment ${id} failed\\. Error code: ECS_UPDATE_ERROR`),
    );
  }, 60_000);

  /** CreateDeployment as `aws deploy create-deployment` would send it, for a revision registered in moto. */
  async function createDeployment(
    name: string,
    setup: Awaited<ReturnType<typeof blueGreenService>>,
  ) {
    const { taskDefinition } = await aws(
      world.url,
      'ecs',
      'RegisterTaskDefinition',
      {
        family: `${name}-dev`,
        containerDefinitions: [
          {
            name,
            image: `${REPOSITORY_URI}:initial`,
            essential: true,
            memory: 512,
          },
        ],
      },
    );
    const content = `version: 0.0\nResources:\n  - TargetService:\n      Type: AWS::ECS::Service\n      Properties:\n        TaskDefinition: ${taskDefinition.taskDefinitionArn}\n`;
    const { deploymentId } = await codedeploy.send(
      new CreateDeploymentCommand({
        applicationName: setup.application,
        deploymentGroupName: setup.deploymentGroup,
        revision: {
          revisionType: 'AppSpecContent',
          appSpecContent: { content },
        },
      }),
    );
    return deploymentId!;
  }

  /** When AllowTraffic started (CodeDeploy's lifecycle event startTime). */
  async function allowTrafficStarted(id: string): Promise<number> {
    return until(async () => {
      const event = (await target(id)).lifecycleEvents?.find(
        e => e.lifecycleEventName === 'AllowTraffic',
      );
      expect(event?.status).toBe('InProgress');
      return event!.startTime!.getTime();
    }, 50);
  }

  async function greenWeight(id: string) {
    return (await target(id)).taskSetsInfo?.find(
      t => t.taskSetLabel === 'Green',
    )?.trafficWeight;
  }

  it('shifts all traffic at once under ECSAllAtOnce, and linearly every minute under ECSLinear10PercentEvery1Minutes', async () => {
    const allAtOnce = await blueGreenService(world.url, 'payments', {
      deploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce',
      terminationWaitMinutes: 0,
    });
    const first = await createDeployment('payments', allAtOnce);
    const shifted = await until(async () => {
      const event = (await target(first)).lifecycleEvents?.find(
        e => e.lifecycleEventName === 'AllowTraffic',
      );
      expect(event?.status).toBe('Succeeded');
      return event!;
    }, 50);
    expect(await greenWeight(first)).toBe(100);
    expect(
      shifted.endTime!.getTime() - shifted.startTime!.getTime(),
    ).toBeLessThan(MINUTE_MS);
    await until(async () =>
      expect((await deployment(first)).status).toBe('Succeeded'),
    );
    const { createTime, completeTime } = await deployment(first);
    // Created → InProgress 3 s, five 2-s hooks around Install's 60 s, AfterAllowTraffic 2 s (AWS seconds).
    expect(
      completeTime!.getTime() - createTime!.getTime(),
    ).toBeGreaterThanOrEqual(75 * AWS_SECOND_MS);
    expect(completeTime!.getTime() - createTime!.getTime()).toBeLessThan(
      75 * AWS_SECOND_MS + 500,
    );

    const linear = await blueGreenService(world.url, 'ledger', {
      deploymentConfigName: 'CodeDeployDefault.ECSLinear10PercentEvery1Minutes',
    });
    const second = await createDeployment('ledger', linear);
    const started = await allowTrafficStarted(second);
    const seen = [await greenWeight(second)];
    for (let minute = 1; minute <= 9; minute++) {
      await clock.advance(
        started + minute * MINUTE_MS - 1 - clock.now().getTime(),
      );
      expect(await greenWeight(second)).toBe(seen[seen.length - 1]);
      await clock.advance(1);
      seen.push(await greenWeight(second));
    }
    expect(seen).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
  }, 60_000);

  it('follows a custom deployment configuration, and StopDeployment rolls back to the original task set', async () => {
    await codedeploy.send(
      new CreateDeploymentConfigCommand({
        deploymentConfigName: 'Slipway.ECSCanary20Percent2Minutes',
        computePlatform: 'ECS',
        trafficRoutingConfig: {
          type: 'TimeBasedCanary',
          timeBasedCanary: { canaryPercentage: 20, canaryInterval: 2 },
        },
      }),
    );
    expect(
      (
        await codedeploy.send(
          new GetDeploymentConfigCommand({
            deploymentConfigName: 'Slipway.ECSCanary20Percent2Minutes',
          }),
        )
      ).deploymentConfigInfo?.trafficRoutingConfig,
    ).toEqual({
      type: 'TimeBasedCanary',
      timeBasedCanary: { canaryPercentage: 20, canaryInterval: 2 },
    });
    const setup = await blueGreenService(world.url, 'search', {
      deploymentConfigName: 'Slipway.ECSCanary20Percent2Minutes',
    });
    const id = await createDeployment('search', setup);
    await until(async () =>
      expect(await weights(id)).toEqual({
        Blue: 'PRIMARY 80',
        Green: 'ACTIVE 20',
      }),
    );
    await expect(
      codedeploy.send(
        new CreateDeploymentCommand({
          applicationName: setup.application,
          deploymentGroupName: setup.deploymentGroup,
        }),
      ),
    ).rejects.toMatchObject({ name: 'DeploymentLimitExceededException' });

    expect(
      await codedeploy.send(
        new StopDeploymentCommand({
          deploymentId: id,
          autoRollbackEnabled: true,
        }),
      ),
    ).toMatchObject({
      status: 'Pending',
    });
    await until(async () =>
      expect((await deployment(id)).status).toBe('Stopped'),
    );
    expect((await deployment(id)).errorInformation?.code).toBe('MANUAL_STOP');
    expect((await deployment(id)).rollbackInfo?.rollbackDeploymentId).toMatch(
      /^d-/,
    );
    expect(await weights(id)).toEqual({
      Blue: 'PRIMARY 100',
      Green: 'DRAINING 0',
    });
    expect(
      (await ecsService('search')).taskSets.map((t: any) => t.status),
    ).toEqual(['PRIMARY']);
    await expect(
      codedeploy.send(new StopDeploymentCommand({ deploymentId: id })),
    ).rejects.toMatchObject({
      name: 'DeploymentAlreadyCompletedException',
    });
    await expect(
      codedeploy.send(
        new GetDeploymentCommand({ deploymentId: 'd-NOTTHERE1' }),
      ),
    ).rejects.toMatchObject({
      name: 'DeploymentDoesNotExistException',
    });
  }, 60_000);
});
