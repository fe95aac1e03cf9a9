import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  CodePipelineClient,
  CreatePipelineCommand,
  GetPipelineExecutionCommand,
  GetPipelineStateCommand,
  StartPipelineExecutionCommand,
  type ActionDeclaration,
  type PipelineDeclaration,
} from '@aws-sdk/client-codepipeline';
import { BuildStore } from '../builds/store';
import { FakeClock } from '../pipelines/clock';
import type { ActionRunContext, ActionRunner } from '../pipelines/runners';
import type { Place } from '../server/accounts';
import type { LocalWorldServer } from '../server/handler';
import { buildStage, ecsDeployAction, sourceStage } from '../testing/fixtures';
import {
  createPipelineRole,
  createRole,
  startMotoServer,
} from '../testing/moto';
import { ecsCall } from './ecsApi';
import type { EcsDeployment } from './ecsDeployment';
import {
  createService,
  eventually,
  PUBLIC_IMAGE,
  pushImage,
  REGION,
  startEcsDeployWorld,
} from './ecsTesting';

jest.setTimeout(90_000);

const STEP = 4000;
const PIPELINE = 'web-pipeline';
const HOME: Place = { accountId: '123456789012', region: REGION };
const PROD: Place = { accountId: '210987654321', region: REGION };
const DEPLOY_ROLE = `arn:aws:iam::${PROD.accountId}:role/slipway/web-deploy-prod`;

const ecsAction = (roleArn: string): ActionDeclaration =>
  ecsDeployAction({ ClusterName: 'prod', ServiceName: 'web' }, { roleArn });

/** A home-account pipeline whose prod stage deploys into the prod account. */
function crossAccountPipeline(roleArn: string): PipelineDeclaration {
  return {
    name: PIPELINE,
    roleArn,
    pipelineType: 'V2',
    artifactStore: { type: 'S3', location: 'web-artifacts' },
    stages: [
      sourceStage({ repository: 'acme/web', region: REGION }),
      buildStage('web-build'),
      { name: 'Deploy-prod', actions: [ecsAction(DEPLOY_ROLE)] },
    ],
  };
}

describe('a pipeline that deploys into another account (roleArn on its actions)', () => {
  let moto: Awaited<ReturnType<typeof startMotoServer>>;
  let world: LocalWorldServer;
  let deployment: EcsDeployment;
  let work: string;
  const clock = new FakeClock('2026-03-01T10:00:00Z');
  const builds = new BuildStore();
  const workRoot = path.join(os.tmpdir(), `cross-account-runs-${process.pid}`);

  /** The build stand-in: the commit's image in the HOME account's ECR. */
  const build: ActionRunner = {
    async run(context) {
      const commit = context.inputRevisions?.SourceOutput?.revisionId ?? '';
      const image = await pushImage(moto.url, 'web', commit.slice(0, 7));
      const dir = await fs.mkdtemp(path.join(work, 'build-'));
      await fs.writeFile(
        path.join(dir, 'imagedefinitions.json'),
        JSON.stringify([{ name: 'web', imageUri: image }]),
      );
      return { status: 'Succeeded', artifacts: { BuildOutput: dir } };
    },
  };

  const describeWeb = async (where: Place) =>
    (
      await ecsCall(world.url, where, 'DescribeServices', {
        cluster: 'prod',
        services: ['web'],
      })
    ).services[0];

  const context = (action: ActionDeclaration): ActionRunContext => ({
    region: REGION,
    pipelineName: PIPELINE,
    pipelineExecutionId: 'e',
    stageName: 'Deploy-prod',
    actionExecutionId: 'a',
    action,
    resolvedConfiguration: (action.configuration ?? {}) as Record<
      string,
      string
    >,
    variables: {},
    inputArtifacts: {},
    clock,
    signal: new AbortController().signal,
    report: () => {},
    waitForApproval: () => Promise.reject(new Error('no approvals here')),
  });

  beforeAll(async () => {
    work = await fs.mkdtemp(path.join(os.tmpdir(), 'cross-account-test-'));
    moto = await startMotoServer();
    ({ world, deployment } = await startEcsDeployWorld({
      upstream: moto.url,
      clock,
      stepMs: STEP,
      build,
      builds,
      buildOptions: { workRoot },
    }));
    // The same service in both accounts: the deploy must pick the prod one.
    for (const where of [HOME, PROD]) {
      await createService(
        world.url,
        {
          cluster: 'prod',
          service: 'web',
          family: 'web',
          image: PUBLIC_IMAGE,
          desiredCount: 1,
        },
        where,
      );
    }
    await createRole(world.url, DEPLOY_ROLE);
    await clock.advance(2 * STEP);
  }, 60_000);

  afterAll(async () => {
    deployment?.rollouts.close();
    await world?.close();
    await moto?.stop();
    await fs.rm(work, { recursive: true, force: true });
    await fs.rm(workRoot, { recursive: true, force: true });
  });

  it("rolls out the prod account's service with the home account's image; the home account's same-named service is untouched", async () => {
    const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };
    const codepipeline = new CodePipelineClient({
      endpoint: world.url,
      region: REGION,
      credentials,
      maxAttempts: 1,
    });
    const pipelineRole = await createPipelineRole(world.url);
    await codepipeline.send(
      new CreatePipelineCommand({
        pipeline: crossAccountPipeline(pipelineRole),
      }),
    );
    const homeBefore = await describeWeb(HOME);

    const { pipelineExecutionId } = await codepipeline.send(
      new StartPipelineExecutionCommand({ name: PIPELINE }),
    );
    const rolling = await eventually(async () => {
      await clock.advance(0);
      const web = await describeWeb(PROD);
      return web.deployments?.length === 2 && web;
    }, 'the rollout in the prod account to start');
    await clock.advance(3 * STEP);
    const execution = await eventually(async () => {
      const { pipelineExecution } = await codepipeline.send(
        new GetPipelineExecutionCommand({
          pipelineName: PIPELINE,
          pipelineExecutionId,
        }),
      );
      return pipelineExecution?.status === 'Succeeded' && pipelineExecution;
    }, 'the execution to succeed');

    const commit = execution.artifactRevisions![0].revisionId!;
    const newRevision = rolling.deployments[0].taskDefinition;
    expect(newRevision).toBe(
      `arn:aws:ecs:${REGION}:${PROD.accountId}:task-definition/web:2`,
    );
    const { taskDefinition } = await ecsCall(
      world.url,
      PROD,
      'DescribeTaskDefinition',
      { taskDefinition: newRevision },
    );
    expect(taskDefinition.containerDefinitions[0].image).toBe(
      `${HOME.accountId}.dkr.ecr.${REGION}.amazonaws.com/web:${commit.slice(
        0,
        7,
      )}`,
    );
    const prodAfter = await describeWeb(PROD);
    expect(prodAfter.taskDefinition).toBe(newRevision);
    expect(prodAfter.deployments).toEqual([
      expect.objectContaining({ rolloutState: 'COMPLETED', runningCount: 1 }),
    ]);
    const homeAfter = await describeWeb(HOME);
    expect(homeAfter.taskDefinition).toBe(homeBefore.taskDefinition);
    expect(homeAfter.deployments).toHaveLength(1);

    const state = await codepipeline.send(
      new GetPipelineStateCommand({ name: PIPELINE }),
    );
    expect(
      state.stageStates?.find(s => s.stageName === 'Deploy-prod')
        ?.latestExecution?.status,
    ).toBe('Succeeded');
  });

  it('fails the action, as CodePipeline does, when the deploy role does not exist in its account', async () => {
    const missing = `arn:aws:iam::${PROD.accountId}:role/slipway/nobody-deploy-prod`;
    const result = await deployment.runners['Deploy/AWS/ECS'].run(
      context(ecsAction(missing)),
    );
    expect(result).toMatchObject({
      status: 'Failed',
      errorDetails: {
        message: `CodePipeline is not authorized to perform AssumeRole on role ${missing}`,
      },
    });
  });

  it("runs a Commands action's AWS CLI as the role's account", async () => {
    const commands: ActionDeclaration = {
      name: 'Start-tasks',
      actionTypeId: {
        category: 'Compute',
        owner: 'AWS',
        provider: 'Commands',
        version: '1',
      },
      commands: [
        'echo "account=$(aws sts get-caller-identity --query Account --output text)"',
        'echo "service=$(aws ecs describe-services --cluster prod --services web --query "services[0].serviceArn" --output text)"',
        'echo "region=$AWS_REGION"',
      ],
      roleArn: DEPLOY_ROLE,
    };
    const result = await deployment.runners['Compute/AWS/Commands'].run(
      context(commands),
    );
    expect(result.status).toBe('Succeeded');
    const log = await fs.readFile(
      builds.get(result.externalExecutionId!)!.logFile,
      'utf8',
    );
    expect(log).toContain(`account=${PROD.accountId}`);
    expect(log).toContain(
      `service=arn:aws:ecs:${REGION}:${PROD.accountId}:service/prod/web`,
    );
    expect(log).toContain(`region=${REGION}`);
  });
});
