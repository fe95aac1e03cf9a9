import {
  CodeBuildClient,
  CreateProjectCommand,
} from '@aws-sdk/client-codebuild';
import {
  CodePipelineClient,
  CreatePipelineCommand,
  GetPipelineExecutionCommand,
  ListActionExecutionsCommand,
  ListPipelineExecutionsCommand,
  type PipelineDeclaration,
} from '@aws-sdk/client-codepipeline';
import fs from 'node:fs/promises';
import path from 'node:path';
import { startLocalWorld, type LocalWorld } from '../launcher/startLocalWorld';
import { localGit, type LocalGit } from './localGit';
import { localGitPart } from './part';
import { commitFiles, gitCli, tempDir, writeFiles } from './testing';
import { buildStage, sourceStage } from '../testing/fixtures';
import { createPipelineRole } from '../testing/moto';

jest.setTimeout(120_000);

const ROLE = 'arn:aws:iam::123456789012:role/pipeline';

/** Source → Build: what the template's pipeline starts with. */
const pipeline: PipelineDeclaration = {
  name: 'orders',
  roleArn: ROLE,
  artifactStore: { type: 'S3', location: 'artifacts' },
  pipelineType: 'V2',
  stages: [
    sourceStage({ repository: 'acme/orders' }),
    buildStage('orders-build'),
  ],
};

/** The build checks the version it was given: v1 passes, anything else fails. */
const buildspec = `version: 0.2
phases:
  build:
    commands:
      - test "$(cat version.txt)" = v1
`;

describe('the git server as a part of the local world', () => {
  let work: string;
  let world: LocalWorld;
  let git: LocalGit;
  let pipelines: CodePipelineClient;

  beforeAll(async () => {
    work = await tempDir('git-part-test-');
    git = localGit({
      root: path.join(work, 'repositories'),
      publicUrl: () => world.endpoint,
    });
    world = await startLocalWorld({
      parts: [
        localGitPart(git, {
          engineFor: region => world.server.handler.engineFor(region),
          codeBuild: {
            buildOptions: {
              workRoot: path.join(work, 'builds'),
              virtualenv: false,
            },
          },
        }),
      ],
    });
    const config = {
      endpoint: world.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
      maxAttempts: 1,
    };
    pipelines = new CodePipelineClient(config);
    await createPipelineRole(world.endpoint);
    await new CodeBuildClient(config).send(
      new CreateProjectCommand({
        name: 'orders-build',
        source: { type: 'CODEPIPELINE', buildspec: 'buildspec.yml' },
        artifacts: { type: 'CODEPIPELINE' },
        environment: {
          type: 'LINUX_CONTAINER',
          image: 'aws/codebuild/standard:7.0',
          computeType: 'BUILD_GENERAL1_SMALL',
        },
        serviceRole: ROLE,
      }),
    );
  });

  afterAll(async () => {
    await world?.close();
    if (work) await fs.rm(work, { recursive: true, force: true });
  });

  async function finished(pipelineExecutionId: string) {
    for (let i = 0; i < 600; i++) {
      const { pipelineExecution } = await pipelines.send(
        new GetPipelineExecutionCommand({
          pipelineName: 'orders',
          pipelineExecutionId,
        }),
      );
      if (
        !['InProgress', 'Stopping'].includes(pipelineExecution?.status ?? '')
      ) {
        return pipelineExecution;
      }
      await new Promise(resolve => setTimeout(resolve, 100));
    }
    throw new Error(`Execution ${pipelineExecutionId} did not finish`);
  }

  const executions = async () =>
    (
      await pipelines.send(
        new ListPipelineExecutionsCommand({ pipelineName: 'orders' }),
      )
    ).pipelineExecutionSummaries ?? [];

  it('builds the pushed commits: the first on CreatePipeline, the next on push', async () => {
    const repo = path.join(work, 'orders');
    const first = await commitFiles(
      repo,
      { 'version.txt': 'v1\n', 'buildspec.yml': buildspec },
      'v1',
    );
    const remote = `${world.endpoint}/git/acme/orders.git`;
    await gitCli(repo, 'push', '--quiet', remote, 'main');
    // That push found no pipeline to start (there was none yet): let its
    // trigger finish looking before the pipeline exists.
    await git.settled();

    await pipelines.send(new CreatePipelineCommand({ pipeline }));
    const [created] = await executions();
    expect(created.trigger?.triggerType).toBe('CreatePipeline');
    const passed = await finished(created.pipelineExecutionId!);
    expect(passed).toMatchObject({
      status: 'Succeeded',
      artifactRevisions: [expect.objectContaining({ revisionId: first })],
    });

    await writeFiles(repo, { 'version.txt': 'v2\n' });
    await gitCli(repo, 'commit', '--quiet', '-am', 'v2');
    const second = await gitCli(repo, 'rev-parse', 'HEAD');
    await gitCli(repo, 'push', '--quiet', remote, 'main');
    let pushed = (await executions()).find(
      e => e.trigger?.triggerType === 'WebhookV2',
    );
    for (let i = 0; i < 100 && !pushed; i++) {
      await new Promise(resolve => setTimeout(resolve, 50));
      pushed = (await executions()).find(
        e => e.trigger?.triggerType === 'WebhookV2',
      );
    }
    const failed = await finished(pushed!.pipelineExecutionId!);
    expect(failed).toMatchObject({
      status: 'Failed',
      artifactRevisions: [expect.objectContaining({ revisionId: second })],
    });
    const { actionExecutionDetails } = await pipelines.send(
      new ListActionExecutionsCommand({
        pipelineName: 'orders',
        filter: { pipelineExecutionId: pushed!.pipelineExecutionId },
      }),
    );
    const build = actionExecutionDetails?.find(a => a.actionName === 'Build');
    expect(build?.output?.executionResult?.externalExecutionSummary).toMatch(
      /^Build terminated with state: FAILED\. Phase: BUILD, Code: COMMAND_EXECUTION_ERROR/,
    );
  });
});
