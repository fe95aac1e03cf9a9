import {
  CodePipelineClient,
  CreatePipelineCommand,
  ListPipelineExecutionsCommand,
  type PipelineDeclaration,
  type PipelineExecutionSummary,
} from '@aws-sdk/client-codepipeline';
import fs from 'node:fs/promises';
import path from 'node:path';
import { codeStarSourceRunner, delayRunner } from '../pipelines/runners';
import {
  startLocalWorldServer,
  type LocalWorldServer,
} from '../server/handler';
import { flaskServicePipeline } from '../testing/fixtures';
import { createPipelineRole, startMotoServer } from '../testing/moto';
import { localGit, type LocalGit } from './localGit';
import {
  sourcesStartedBy,
  startPipelinesOnPush,
  upstreamPipelineNames,
} from './pushTrigger';
import { sourcesServedBy, startOnCreate } from './startOnCreate';
import { commitFiles, gitCli, tempDir, writeFiles } from './testing';

const REGION = 'eu-west-1';
const CONNECTION =
  'arn:aws:codeconnections:eu-west-1:123456789012:connection/local';

/** The template's pipeline shape, watching `repository` at `branch`. */
function pipelineWatching(
  name: string,
  repository: string,
  branch: string,
  withTrigger = true,
): PipelineDeclaration {
  const { version: _version, ...base } = flaskServicePipeline;
  const [source, ...rest] = base.stages!;
  return {
    ...base,
    name,
    stages: [
      {
        ...source,
        actions: [
          {
            ...source.actions![0],
            configuration: {
              ConnectionArn: CONNECTION,
              FullRepositoryId: repository,
              BranchName: branch,
              OutputArtifactFormat: 'CODE_ZIP',
            },
          },
        ],
      },
      ...rest,
    ],
    triggers: withTrigger
      ? [
          {
            providerType: 'CodeStarSourceConnection',
            gitConfiguration: {
              sourceActionName: 'Source',
              push: [{ branches: { includes: [branch] } }],
            },
          },
        ]
      : undefined,
  };
}

async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise(resolve => setTimeout(resolve, 50));
  }
}

describe('pushes to the local git server start the pipelines that watch the branch', () => {
  let moto: Awaited<ReturnType<typeof startMotoServer>>;
  let work: string;
  let git: LocalGit;
  let world: LocalWorldServer;
  let client: CodePipelineClient;
  const startErrors: unknown[] = [];

  beforeAll(async () => {
    moto = await startMotoServer();
    work = await tempDir('push-trigger-test-');
    git = localGit({
      root: path.join(work, 'repositories'),
      checkouts: path.join(work, 'checkouts'),
      publicUrl: () => world.url,
    });
    const engineFor = (region: string) => world.handler.engineFor(region);
    world = await startLocalWorldServer({
      upstream: moto.url,
      routes: [git.route],
      interceptors: [
        startOnCreate({
          engineFor,
          shouldStart: sourcesServedBy(git.hasBranch),
          onError: error => startErrors.push(error),
        }),
      ],
      runners: {
        byProvider: {
          'Source/AWS/CodeStarSourceConnection': codeStarSourceRunner({
            latestRevision: git.latestRevision,
          }),
        },
        // Later stages wait: these tests are about how executions start.
        fallback: delayRunner(600_000),
      },
    });
    git.onPush(
      startPipelinesOnPush({
        regions: [REGION],
        pipelineNames: upstreamPipelineNames(moto.url),
        engineFor,
      }),
    );
    client = new CodePipelineClient({
      endpoint: world.url,
      region: REGION,
      credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
      maxAttempts: 1,
    });
    await createPipelineRole(world.url);
  }, 40_000);

  afterAll(async () => {
    await world?.close();
    await moto?.stop();
    if (work) await fs.rm(work, { recursive: true, force: true });
  });

  const executions = async (name: string) =>
    (
      await client.send(
        new ListPipelineExecutionsCommand({ pipelineName: name }),
      )
    ).pipelineExecutionSummaries ?? [];
  /** The executions of a pipeline once each has its source revision. */
  const executionsWithSources = (name: string, count: number) =>
    eventually(
      () => executions(name),
      list =>
        list.length >= count &&
        list.every(e => (e.sourceRevisions ?? []).length > 0),
    );
  const summary = (e: PipelineExecutionSummary) => ({
    trigger: e.trigger,
    revision: e.sourceRevisions?.[0]?.revisionId,
  });

  const repoDir = () => path.join(work, 'orders');
  const push = async (...refspec: string[]) => {
    await gitCli(
      repoDir(),
      'push',
      '--quiet',
      `${world.url}/git/acme/orders.git`,
      ...refspec,
    );
    await git.settled();
  };

  it('starts a new pipeline at once on the head of its branch, as CreatePipeline does on AWS', async () => {
    const first = await commitFiles(
      repoDir(),
      { 'app.py': 'v1\n', 'catalog-info.yaml': 'kind: Component\n' },
      'First version',
    );
    // Nothing watches the repository yet: the push starts nothing.
    await push('main');

    await client.send(
      new CreatePipelineCommand({
        pipeline: pipelineWatching('orders', 'acme/orders', 'main'),
      }),
    );
    await client.send(
      new CreatePipelineCommand({
        pipeline: pipelineWatching(
          'orders-develop',
          'acme/orders',
          'develop',
          false,
        ),
      }),
    );
    await client.send(
      new CreatePipelineCommand({
        pipeline: pipelineWatching('payments', 'acme/payments', 'main'),
      }),
    );

    const [created] = await executionsWithSources('orders', 1);
    expect(summary(created)).toEqual({
      trigger: {
        triggerType: 'CreatePipeline',
        triggerDetail: 'arn:aws:iam::123456789012:user/local-world',
      },
      revision: first,
    });
    expect(created.sourceRevisions?.[0]).toMatchObject({
      revisionSummary:
        '{"ProviderType":"GitHub","CommitMessage":"First version"}',
      revisionUrl: `${world.url}/git/acme/orders/commit/${first}`,
    });
    // Their branch or repository does not exist here: nothing to run yet.
    expect(await executions('orders-develop')).toEqual([]);
    expect(await executions('payments')).toEqual([]);
    expect(startErrors).toEqual([]);
  });

  it('starts the pipeline watching the pushed branch with the pushed commit and trigger WebhookV2', async () => {
    await writeFiles(repoDir(), { 'app.py': 'v2\n' });
    await gitCli(repoDir(), 'commit', '--quiet', '-am', 'Second version');
    const second = await gitCli(repoDir(), 'rev-parse', 'HEAD');
    await push('main');

    const list = await executionsWithSources('orders', 2);
    expect(list.map(summary)).toEqual([
      {
        trigger: { triggerType: 'WebhookV2', triggerDetail: CONNECTION },
        revision: second,
      },
      expect.objectContaining({
        trigger: expect.objectContaining({ triggerType: 'CreatePipeline' }),
      }),
    ]);
    expect(await executions('orders-develop')).toEqual([]);
    expect(await executions('payments')).toEqual([]);
  });

  it('a push to another branch starts only the pipeline watching that branch', async () => {
    const head = await gitCli(repoDir(), 'rev-parse', 'HEAD');
    await push('main:develop');

    const [develop] = await executionsWithSources('orders-develop', 1);
    expect(summary(develop)).toEqual({
      trigger: { triggerType: 'WebhookV2', triggerDetail: CONNECTION },
      revision: head,
    });
    expect(await executions('orders')).toHaveLength(2);
    expect(await executions('payments')).toEqual([]);
  });
});

describe('sourcesStartedBy', () => {
  const push = (branch: string, repository = 'acme/orders') => ({
    repository: { owner: 'acme', repo: 'orders' },
    fullRepositoryId: repository,
    ref: `refs/heads/${branch}`,
    branch,
    after: 'a'.repeat(40),
  });

  it('follows the trigger filters of a V2 pipeline, else the branch of the action', () => {
    const pipeline = pipelineWatching('orders', 'acme/orders', 'main');
    pipeline.triggers![0].gitConfiguration!.push = [
      {
        branches: {
          includes: ['main', 'release/**'],
          excludes: ['release/old*'],
        },
      },
    ];
    const started = (branch: string) =>
      sourcesStartedBy(pipeline, push(branch)).map(s => s.actionName);
    expect(started('main')).toEqual(['Source']);
    expect(started('release/2026/01')).toEqual(['Source']);
    expect(started('release/old-1')).toEqual([]);
    expect(started('feature')).toEqual([]);
    expect(sourcesStartedBy(pipeline, push('main', 'acme/other'))).toEqual([]);

    const withoutTriggers = pipelineWatching(
      'orders',
      'acme/orders',
      'main',
      false,
    );
    expect(sourcesStartedBy(withoutTriggers, push('main'))).toEqual([
      { actionName: 'Source', connectionArn: CONNECTION },
    ]);
    expect(sourcesStartedBy(withoutTriggers, push('develop'))).toEqual([]);
    withoutTriggers.stages![0].actions![0].configuration!.DetectChanges =
      'false';
    expect(sourcesStartedBy(withoutTriggers, push('main'))).toEqual([]);
  });
});
