import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  CodePipelineClient,
  CreatePipelineCommand,
  GetPipelineExecutionCommand,
  GetPipelineStateCommand,
  StartPipelineExecutionCommand,
  type PipelineDeclaration,
} from '@aws-sdk/client-codepipeline';
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  type Service,
} from '@aws-sdk/client-ecs';
import { FakeClock } from '../pipelines/clock';
import type { ActionRunContext, ActionRunner } from '../pipelines/runners';
import type { LocalWorldServer } from '../server/handler';
import { buildStage, ecsDeployAction, sourceStage } from '../testing/fixtures';
import { createPipelineRole, startMotoServer } from '../testing/moto';
import type { EcsDeployment } from './ecsDeployment';
import {
  createService,
  ecrImage,
  eventually,
  PUBLIC_IMAGE,
  pushImage,
  REGION,
  startEcsDeployWorld,
} from './ecsTesting';

jest.setTimeout(60_000);

const STEP = 4000;
const PIPELINE = 'web-pipeline';
const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };

function pipeline(roleArn: string): PipelineDeclaration {
  return {
    name: PIPELINE,
    roleArn,
    pipelineType: 'V2',
    executionMode: 'QUEUED',
    artifactStore: { type: 'S3', location: 'web-artifacts' },
    stages: [
      sourceStage({ repository: 'acme/web', region: 'eu-west-1' }),
      buildStage('web-build'),
      {
        name: 'Deploy-dev',
        actions: [
          ecsDeployAction({
            ClusterName: 'dev',
            ServiceName: 'web',
            FileName: 'imagedefinitions.json',
          }),
        ],
      },
    ],
  };
}

describe('the ECS deploy action', () => {
  let moto: Awaited<ReturnType<typeof startMotoServer>>;
  let world: LocalWorldServer;
  let deployment: EcsDeployment;
  let work: string;
  let pushBuiltImage = true;
  const clock = new FakeClock('2026-03-01T10:00:00Z');
  let ecs: ECSClient;
  let codepipeline: CodePipelineClient;

  /** The build stand-in: the commit's image in ECR (or not), and imagedefinitions.json as BuildOutput. */
  const build: ActionRunner = {
    async run(context) {
      const commit = context.inputRevisions?.SourceOutput?.revisionId ?? '';
      const tag = commit.slice(0, 7);
      const image = pushBuiltImage
        ? await pushImage(moto.url, 'web', tag)
        : ecrImage('web', tag);
      const dir = await fs.mkdtemp(path.join(work, 'build-'));
      await fs.writeFile(
        path.join(dir, 'imagedefinitions.json'),
        JSON.stringify([{ name: 'web', imageUri: image }]),
      );
      return { status: 'Succeeded', artifacts: { BuildOutput: dir } };
    },
  };

  beforeAll(async () => {
    work = await fs.mkdtemp(path.join(os.tmpdir(), 'ecs-runner-test-'));
    moto = await startMotoServer();
    ({ world, deployment } = await startEcsDeployWorld({
      upstream: moto.url,
      clock,
      stepMs: STEP,
      build,
    }));
    ecs = new ECSClient({
      endpoint: world.url,
      region: REGION,
      credentials,
      maxAttempts: 1,
    });
    codepipeline = new CodePipelineClient({
      endpoint: world.url,
      region: REGION,
      credentials,
      maxAttempts: 1,
    });
    await createService(world.url, {
      cluster: 'dev',
      service: 'web',
      family: 'web',
      image: PUBLIC_IMAGE,
      desiredCount: 2,
    });
    await clock.advance(3 * STEP);
    const roleArn = await createPipelineRole(world.url);
    await codepipeline.send(
      new CreatePipelineCommand({ pipeline: pipeline(roleArn) }),
    );
  }, 40_000);

  afterAll(async () => {
    deployment?.rollouts.close();
    await world?.close();
    await moto?.stop();
    await fs.rm(work, { recursive: true, force: true });
  });

  const service = async (): Promise<Service> =>
    (
      await ecs.send(
        new DescribeServicesCommand({ cluster: 'dev', services: ['web'] }),
      )
    ).services![0];

  const deployAction = async () => {
    const state = await codepipeline.send(
      new GetPipelineStateCommand({ name: PIPELINE }),
    );
    return state.stageStates?.find(s => s.stageName === 'Deploy-dev')
      ?.actionStates?.[0]?.latestExecution;
  };

  /** Starts an execution and waits until its Deploy action is rolling out; the commit and the service then. */
  const startAndWaitForRollout = async () => {
    const { pipelineExecutionId } = await codepipeline.send(
      new StartPipelineExecutionCommand({ name: PIPELINE }),
    );
    const rolling = await eventually(async () => {
      await clock.advance(0);
      const s = await service();
      return (
        s.deployments?.length === 2 &&
        s.deployments[0].rolloutState === 'IN_PROGRESS' &&
        s
      );
    }, 'the rollout to start');
    const { pipelineExecution } = await codepipeline.send(
      new GetPipelineExecutionCommand({
        pipelineName: PIPELINE,
        pipelineExecutionId,
      }),
    );
    const commit = pipelineExecution!.artifactRevisions![0].revisionId!;
    return { pipelineExecutionId: pipelineExecutionId!, commit, rolling };
  };

  const executionStatus = async (pipelineExecutionId: string) =>
    (
      await codepipeline.send(
        new GetPipelineExecutionCommand({
          pipelineName: PIPELINE,
          pipelineExecutionId,
        }),
      )
    ).pipelineExecution?.status;

  it("deploys the commit's image: a new task definition revision, IN_PROGRESS, then COMPLETED", async () => {
    const before = await service();
    const { pipelineExecutionId, commit, rolling } =
      await startAndWaitForRollout();

    const [primary, active] = rolling.deployments!;
    expect(active).toMatchObject({
      status: 'ACTIVE',
      taskDefinition: before.taskDefinition,
      runningCount: 2,
    });
    expect(primary).toMatchObject({
      status: 'PRIMARY',
      rolloutState: 'IN_PROGRESS',
      runningCount: 0,
    });
    const { taskDefinition, tags } = await ecs.send(
      new DescribeTaskDefinitionCommand({
        taskDefinition: primary.taskDefinition,
        include: ['TAGS'],
      }),
    );
    expect(taskDefinition).toMatchObject({
      family: 'web',
      revision: 2,
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      cpu: '256',
      memory: '512',
    });
    expect(taskDefinition!.containerDefinitions).toEqual([
      expect.objectContaining({
        name: 'web',
        image: ecrImage('web', commit.slice(0, 7)),
      }),
    ]);
    expect(tags).toEqual([{ key: 'slipway:component', value: 'web' }]);

    const inProgress = await deployAction();
    expect(inProgress).toMatchObject({
      status: 'InProgress',
      externalExecutionId: primary.id,
      externalExecutionUrl:
        'https://eu-west-1.console.aws.amazon.com/ecs/v2/clusters/dev/services/web/deployments?region=eu-west-1',
      summary: 'Deploying web:2 to web: 0 of 2 tasks running (IN_PROGRESS)',
    });

    await clock.advance(STEP);
    expect((await deployAction())?.summary).toBe(
      'Deploying web:2 to web: 1 of 2 tasks running (IN_PROGRESS)',
    );
    await clock.advance(2 * STEP);
    await eventually(
      async () => (await executionStatus(pipelineExecutionId)) === 'Succeeded',
      'the execution to succeed',
    );
    expect(await deployAction()).toMatchObject({
      status: 'Succeeded',
      summary: `ECS deployment ${primary.id} completed: web runs web:2 (2 tasks)`,
    });
    const after = await service();
    expect(after.taskDefinition).toBe(primary.taskDefinition);
    expect(after.deployments).toEqual([
      expect.objectContaining({
        id: primary.id,
        rolloutState: 'COMPLETED',
        runningCount: 2,
      }),
    ]);
  });

  it('fails the action when the image cannot be pulled, and the service rolls back', async () => {
    pushBuiltImage = false;
    const before = await service();
    const { pipelineExecutionId, commit, rolling } =
      await startAndWaitForRollout();
    const failing = rolling.deployments![0];

    await clock.advance(4 * STEP);
    await eventually(
      async () => (await executionStatus(pipelineExecutionId)) === 'Failed',
      'the execution to fail',
    );
    const action = await deployAction();
    expect(action?.status).toBe('Failed');
    expect(action?.errorDetails?.message).toBe(
      [
        `Deployment ${failing.id} of web:3 failed: ECS deployment circuit breaker: tasks failed to start.`,
        `A task stopped: CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref ${ecrImage(
          'web',
          commit.slice(0, 7),
        )}: not found (local world: no such image in the emulated ECR).`,
        `The service rolls back to web:2 (deployment ${rollbackId(
          await service(),
        )}).`,
      ].join(' '),
    );

    await clock.advance(2 * STEP);
    const after = await service();
    expect(after.taskDefinition).toBe(before.taskDefinition);
    expect(after.deployments).toEqual([
      expect.objectContaining({
        taskDefinition: before.taskDefinition,
        rolloutState: 'COMPLETED',
        runningCount: 2,
      }),
    ]);
  });

  describe('errors, with CodePipeline wording', () => {
    const context = (
      configuration: Record<string, string>,
      folder: string | undefined,
    ): ActionRunContext => ({
      region: REGION,
      pipelineName: PIPELINE,
      pipelineExecutionId: 'e',
      stageName: 'Deploy-dev',
      actionExecutionId: 'a',
      action: ecsDeployAction(configuration),
      resolvedConfiguration: configuration,
      variables: {},
      inputArtifacts: folder ? { BuildOutput: folder } : {},
      clock,
      signal: new AbortController().signal,
      report: () => {},
      waitForApproval: () => Promise.reject(new Error('no approvals here')),
    });
    const run = async (
      configuration: Record<string, string>,
      files?: Record<string, string>,
    ) => {
      let folder: string | undefined;
      if (files) {
        folder = await fs.mkdtemp(path.join(work, 'artifact-'));
        for (const [name, text] of Object.entries(files)) {
          await fs.writeFile(path.join(folder, name), text);
        }
      }
      return deployment.runners['Deploy/AWS/ECS'].run(
        context(configuration, folder),
      );
    };
    const definitions = JSON.stringify([
      { name: 'web', imageUri: PUBLIC_IMAGE },
    ]);

    it('names a container the task definition does not have', async () => {
      const result = await run(
        { ClusterName: 'dev', ServiceName: 'web' },
        {
          'imagedefinitions.json': JSON.stringify([
            { name: 'api', imageUri: PUBLIC_IMAGE },
          ]),
        },
      );
      expect(result).toMatchObject({
        status: 'Failed',
        errorDetails: { message: 'The AWS ECS container api does not exist' },
      });
    });

    it('names a missing or invalid image definitions file', async () => {
      expect(
        await run(
          { ClusterName: 'dev', ServiceName: 'web', FileName: 'images.json' },
          { 'imagedefinitions.json': definitions },
        ),
      ).toMatchObject({
        status: 'Failed',
        summary:
          'Exception while trying to read the image artifact file from the artifact: BuildOutput. (no images.json in it)',
      });
      expect(
        await run(
          { ClusterName: 'dev', ServiceName: 'web' },
          { 'imagedefinitions.json': '{"name": "web"' },
        ),
      ).toMatchObject({
        status: 'Failed',
        summary:
          'Exception while trying to parse the image URI file from the artifact: BuildOutput. (imagedefinitions.json is not JSON)',
      });
      expect(
        await run({ ClusterName: 'dev', ServiceName: 'web' }),
      ).toMatchObject({
        status: 'Failed',
        summary: expect.stringMatching(
          /^Exception while trying to read the image artifact file from the artifact: BuildOutput\./,
        ),
      });
    });

    it('names a service or cluster that does not exist', async () => {
      expect(
        await run(
          { ClusterName: 'dev', ServiceName: 'nope' },
          { 'imagedefinitions.json': definitions },
        ),
      ).toMatchObject({
        status: 'Failed',
        summary: 'The AWS ECS service nope does not exist in the cluster dev',
      });
      expect(
        await run(
          { ClusterName: 'nowhere', ServiceName: 'web' },
          { 'imagedefinitions.json': definitions },
        ),
      ).toMatchObject({
        status: 'Failed',
        summary: 'The AWS ECS cluster nowhere does not exist',
      });
    });
  });
});

function rollbackId(service: Service): string | undefined {
  return service.deployments?.find(d => d.status === 'PRIMARY')?.id;
}
