import {
  CodeBuildClient,
  CreateProjectCommand,
} from '@aws-sdk/client-codebuild';
import {
  CodePipelineClient,
  CreatePipelineCommand,
  GetPipelineExecutionCommand,
  GetPipelineStateCommand,
  PutApprovalResultCommand,
  StartPipelineExecutionCommand,
} from '@aws-sdk/client-codepipeline';
import { upstreamProjects } from '../builds/pipelineRunner';
import { FakeClock } from '../pipelines/clock';
import { defaultRunners } from '../pipelines/runners';
import { flaskServicePipeline } from '../testing/fixtures';
import { createPipelineRole, startMotoServer } from '../testing/moto';
import { startLocalWorldServer, type LocalWorldServer } from './handler';

const REGION = 'eu-west-1';

describe('the local world in front of moto_server', () => {
  let moto: Awaited<ReturnType<typeof startMotoServer>>;
  let world: LocalWorldServer;
  const clock = new FakeClock();

  beforeAll(async () => {
    moto = await startMotoServer();
    world = await startLocalWorldServer({
      upstream: moto.url,
      clock,
      runners: defaultRunners(1000),
    });
  }, 40_000);

  afterAll(async () => {
    await world?.close();
    await moto?.stop();
  });

  it('runs a pipeline that moto stores, in the region it was created in', async () => {
    const client = new CodePipelineClient({
      endpoint: world.url,
      region: REGION,
      credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
      maxAttempts: 1,
    });
    await createPipelineRole(world.url);
    const { version: _version, ...declaration } = flaskServicePipeline;
    await client.send(new CreatePipelineCommand({ pipeline: declaration }));

    const { pipelineExecutionId } = await client.send(
      new StartPipelineExecutionCommand({ name: declaration.name }),
    );
    await clock.advance(1000);
    const state = await client.send(
      new GetPipelineStateCommand({ name: declaration.name }),
    );
    expect(state.created).toBeInstanceOf(Date);
    const approval = state.stageStates?.[2]?.actionStates?.[0]?.latestExecution;
    expect(approval?.status).toBe('InProgress');
    await client.send(
      new PutApprovalResultCommand({
        pipelineName: declaration.name,
        stageName: 'Prod',
        actionName: 'Approve',
        token: approval?.token,
        result: { status: 'Approved', summary: 'ok' },
      }),
    );
    await clock.advance(1000);
    const { pipelineExecution } = await client.send(
      new GetPipelineExecutionCommand({
        pipelineName: declaration.name,
        pipelineExecutionId,
      }),
    );
    expect(pipelineExecution?.status).toBe('Succeeded');

    const elsewhere = new CodePipelineClient({
      endpoint: world.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
      maxAttempts: 1,
    });
    await expect(
      elsewhere.send(new GetPipelineStateCommand({ name: declaration.name })),
    ).rejects.toMatchObject({ name: 'PipelineNotFoundException' });
  });

  it('reads a CodeBuild project from moto for the CodeBuild runner', async () => {
    const codebuild = new CodeBuildClient({
      endpoint: world.url,
      region: REGION,
      credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
      maxAttempts: 1,
    });
    await codebuild.send(
      new CreateProjectCommand({
        name: 'flask-service-build',
        // moto wants locations that AWS does not for CODEPIPELINE projects.
        source: {
          type: 'CODEPIPELINE',
          buildspec: 'ci/buildspec.yml',
          location: 'codepipeline',
        },
        artifacts: { type: 'CODEPIPELINE', location: 'codepipeline' },
        environment: {
          type: 'LINUX_CONTAINER',
          image: 'aws/codebuild/standard:7.0',
          computeType: 'BUILD_GENERAL1_SMALL',
          environmentVariables: [
            {
              name: 'ECR_REPOSITORY',
              value: 'flask-service',
              type: 'PLAINTEXT',
            },
          ],
        },
        serviceRole: 'arn:aws:iam::123456789012:role/pipeline',
      }),
    );
    const projects = upstreamProjects(moto.url);
    expect(await projects('flask-service-build', REGION)).toMatchObject({
      environmentVariables: { ECR_REPOSITORY: 'flask-service' },
      buildspec: 'ci/buildspec.yml',
    });
    expect(await projects('flask-service-build', 'us-east-1')).toBeUndefined();
    expect(await projects('nothing-here', REGION)).toBeUndefined();
  });
});
