import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  CodePipelineClient,
  GetPipelineExecutionCommand,
  GetPipelineStateCommand,
  ListPipelineExecutionsCommand,
  PutApprovalResultCommand,
  type PipelineExecution,
} from '@aws-sdk/client-codepipeline';
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  ListTaskDefinitionsCommand,
} from '@aws-sdk/client-ecs';
import {
  deliveryParts,
  startLocalWorld,
  useLocalWorldEnv,
  type LocalWorld,
} from 'local-world';
import { AWS_CONFIG, HOME, PROD_ACCOUNT } from './__testUtils__/twoAccounts';
import { REGION, World, type Placement } from './__testUtils__/world';

/**
 * The cross-account delivery path, provisioned by the template's real
 * actions (dev and the pipeline in the home account, prod in its own) and
 * then run by the local world: a push to its git server starts the
 * pipeline, CodeBuild runs the repository's buildspec, Deploy-dev rolls out
 * the home account's service, the approval is given, and Deploy-prod rolls
 * out the prod account's service through the deploy role (the ECS action's
 * `roleArn`), with the home account's image.
 *
 * The pushed repository is not the Flask template: its buildspec only does
 * what the deploy stages need of a build (tag the commit's image, `docker
 * push` it, which registers it in the home account's emulated ECR, and write
 * imagedefinitions.json), so that the test stays short. The template's
 * buildspec itself is run by local-world's builds/template.test.ts.
 */

jest.setTimeout(240_000);

const COMPONENT = 'ledger-api';
const PROD: Placement = { accountId: PROD_ACCOUNT, region: REGION };

const REPOSITORY = {
  'buildspec.yml': [
    'version: 0.2',
    'phases:',
    '  build:',
    '    commands:',
    '      - IMAGE_TAG="$(echo "$CODEBUILD_RESOLVED_SOURCE_VERSION" | cut -c1-7)"',
    '      - docker build --tag "$REPOSITORY_URI:$IMAGE_TAG" .',
    '      - docker push "$REPOSITORY_URI:$IMAGE_TAG"',
    `      - printf '[{"name":"%s","imageUri":"%s"}]' "$CONTAINER_NAME" "$REPOSITORY_URI:$IMAGE_TAG" > imagedefinitions.json`,
    'artifacts:',
    '  files:',
    '    - imagedefinitions.json',
    '',
  ].join('\n'),
  Dockerfile:
    'FROM public.ecr.aws/docker/library/python:3.12-slim\nCOPY app.py /app/\n',
  'app.py': 'print("ledger")\n',
};

const GIT_AUTHOR = {
  GIT_AUTHOR_NAME: 'Dev Eloper',
  GIT_AUTHOR_EMAIL: 'dev@example.com',
  GIT_COMMITTER_NAME: 'Dev Eloper',
  GIT_COMMITTER_EMAIL: 'dev@example.com',
};

function git(cwd: string, ...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      ['-c', 'init.defaultBranch=main', ...args],
      { cwd, env: { ...process.env, ...GIT_AUTHOR } },
      (error, stdout, stderr) =>
        error
          ? reject(new Error(`git ${args.join(' ')}: ${stderr || error}`))
          : resolve(stdout.trim()),
    );
  });
}

/** A working copy with one commit of REPOSITORY, pushed to the local world's git server; the commit. */
async function pushRepository(dir: string, remote: string): Promise<string> {
  await fs.mkdir(dir, { recursive: true });
  await git(dir, 'init', '--quiet');
  for (const [file, content] of Object.entries(REPOSITORY)) {
    await fs.writeFile(path.join(dir, file), content);
  }
  await git(dir, 'add', '--all');
  await git(dir, 'commit', '--quiet', '-m', 'First version');
  await git(dir, 'push', '--quiet', remote, 'main');
  return git(dir, 'rev-parse', 'HEAD');
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

describe('the cross-account pipeline, run by the local world', () => {
  let local: LocalWorld;
  let restoreEnv: () => void;
  let work: string;

  beforeAll(async () => {
    work = await fs.mkdtemp(path.join(os.tmpdir(), 'cross-account-run-'));
    local = await startLocalWorld({
      region: REGION,
      parts: deliveryParts({
        workRoot: path.join(work, 'world'),
        ecsStepMs: 300,
      }),
    });
    restoreEnv = useLocalWorldEnv(local.env);
  }, 120_000);

  afterAll(async () => {
    restoreEnv?.();
    await local?.close();
    if (work) await fs.rm(work, { recursive: true, force: true });
  });

  /** The pipeline's executions, approving prod when it waits, until the first one ends. */
  async function runToTheEnd(
    codepipeline: CodePipelineClient,
    timeoutMs: number,
  ): Promise<{ execution: PipelineExecution; approved: boolean }> {
    const deadline = Date.now() + timeoutMs;
    let approved = false;
    for (;;) {
      const { pipelineExecutionSummaries = [] } = await codepipeline.send(
        new ListPipelineExecutionsCommand({ pipelineName: COMPONENT }),
      );
      const first = pipelineExecutionSummaries.at(-1);
      if (first) {
        const { pipelineExecution } = await codepipeline.send(
          new GetPipelineExecutionCommand({
            pipelineName: COMPONENT,
            pipelineExecutionId: first.pipelineExecutionId,
          }),
        );
        if (pipelineExecution?.status !== 'InProgress') {
          return { execution: pipelineExecution!, approved };
        }
        const state = await codepipeline.send(
          new GetPipelineStateCommand({ name: COMPONENT }),
        );
        const approval = state.stageStates?.find(
          s => s.stageName === 'Approve-prod',
        )?.actionStates?.[0];
        const token = approval?.latestExecution?.token;
        if (
          !approved &&
          approval?.latestExecution?.status === 'InProgress' &&
          token
        ) {
          await codepipeline.send(
            new PutApprovalResultCommand({
              pipelineName: COMPONENT,
              stageName: 'Approve-prod',
              actionName: approval.actionName!,
              result: { status: 'Approved', summary: 'dev looks good' },
              token,
            }),
          );
          approved = true;
        }
      }
      if (Date.now() > deadline) {
        const state = await codepipeline.send(
          new GetPipelineStateCommand({ name: COMPONENT }),
        );
        throw new Error(
          `the pipeline did not end in time: ${JSON.stringify(
            state.stageStates?.map(s => [
              s.stageName,
              s.actionStates?.map(a => [
                a.actionName,
                a.latestExecution?.status,
                a.latestExecution?.summary,
              ]),
            ]),
          )}`,
        );
      }
      await sleep(500);
    }
  }

  /** The account's ECS, as that account (the prod account's credentials come from sts:AssumeRole). */
  async function ecsOf(world: World, where: Placement) {
    const env = await world.credentialsEnv(where.accountId);
    return new ECSClient({
      region: where.region,
      maxAttempts: 1,
      credentials: {
        accessKeyId: env.AWS_ACCESS_KEY_ID,
        secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
        sessionToken: env.AWS_SESSION_TOKEN,
      },
    });
  }

  async function serviceIn(ecs: ECSClient, cluster: string) {
    try {
      const { services = [] } = await ecs.send(
        new DescribeServicesCommand({ cluster, services: [COMPONENT] }),
      );
      return services.find(s => s.status !== 'INACTIVE');
    } catch (error) {
      if ((error as Error).name === 'ClusterNotFoundException') {
        return undefined;
      }
      throw error;
    }
  }

  const families = async (ecs: ECSClient, familyPrefix: string) =>
    (
      await ecs.send(
        new ListTaskDefinitionsCommand({ familyPrefix, status: 'ACTIVE' }),
      )
    ).taskDefinitionArns ?? [];

  it('provisions dev in the home account and prod in another, and a push runs Source → Build → Deploy-dev → approval → Deploy-prod, each deploy in its own account', async () => {
    const world = await World.create({
      placement: { dev: HOME, prod: PROD },
      aws: AWS_CONFIG,
    });
    const steps = await world.runTemplate(COMPONENT, 'rolling', {
      desiredCount: 1,
    });
    const repositoryUri = steps.ecr.outputs.repositoryUri as string;
    const homeEcs = await ecsOf(world, HOME);
    const prodEcs = await ecsOf(world, PROD);
    const prodBefore = await serviceIn(prodEcs, 'prod-cluster');
    expect(prodBefore).toMatchObject({ desiredCount: 0 });

    const started = Date.now();
    const commit = await pushRepository(
      path.join(work, 'checkout'),
      `${local.endpoint}/git/acme/${COMPONENT}.git`,
    );
    const codepipeline = new CodePipelineClient({
      region: REGION,
      maxAttempts: 1,
    });
    const { execution, approved } = await runToTheEnd(codepipeline, 180_000);
    // eslint-disable-next-line no-console
    console.log(
      `the cross-account pipeline ran in ${Math.round(
        (Date.now() - started) / 1000,
      )} s`,
    );
    expect(execution.status).toBe('Succeeded');
    expect(approved).toBe(true);
    expect(execution.artifactRevisions?.[0]?.revisionId).toBe(commit);
    const image = `${repositoryUri}:${commit.slice(0, 7)}`;
    expect(repositoryUri.split('.')[0]).toBe(HOME.accountId);

    // Each environment's service, in its own account, on the revision its
    // deploy registered there, running the commit's image from the home account.
    for (const [where, environment, ecs] of [
      [HOME, 'dev', homeEcs],
      [PROD, 'prod', prodEcs],
    ] as const) {
      const service = await serviceIn(ecs, `${environment}-cluster`);
      const revision = `arn:aws:ecs:${where.region}:${where.accountId}:task-definition/${COMPONENT}-${environment}:2`;
      expect([environment, service?.serviceArn]).toEqual([
        environment,
        `arn:aws:ecs:${where.region}:${where.accountId}:service/${environment}-cluster/${COMPONENT}`,
      ]);
      expect([environment, service?.taskDefinition]).toEqual([
        environment,
        revision,
      ]);
      expect(service?.deployments).toEqual([
        expect.objectContaining({
          taskDefinition: revision,
          rolloutState: 'COMPLETED',
          desiredCount: 1,
          runningCount: 1,
        }),
      ]);
      const { taskDefinition } = await ecs.send(
        new DescribeTaskDefinitionCommand({ taskDefinition: revision }),
      );
      expect(taskDefinition?.containerDefinitions?.[0]?.image).toBe(image);
    }

    // Nothing of either environment's service in the other account.
    expect(await serviceIn(homeEcs, 'prod-cluster')).toBeUndefined();
    expect(await serviceIn(prodEcs, 'dev-cluster')).toBeUndefined();
    expect(await families(homeEcs, `${COMPONENT}-prod`)).toEqual([]);
    expect(await families(prodEcs, `${COMPONENT}-dev`)).toEqual([]);
  });
});
