import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CodePipelineClient,
  DisableStageTransitionCommand,
  EnableStageTransitionCommand,
  GetPipelineExecutionCommand,
  GetPipelineStateCommand,
  ListActionExecutionsCommand,
  ListPipelineExecutionsCommand,
  ListPipelinesCommand,
  ListTagsForResourceCommand,
  PutApprovalResultCommand,
  RetryStageExecutionCommand,
  RollbackStageCommand,
  StartPipelineExecutionCommand,
  StopPipelineExecutionCommand,
} from '@aws-sdk/client-codepipeline';
import { FakeClock, sleep } from '../pipelines/clock';
import {
  codeStarSourceRunner,
  delayRunner,
  manualApprovalRunner,
  type ActionRunner,
} from '../pipelines/runners';
import { BUILD_MS, DEPLOY_MS, flaskServicePipeline } from '../testing/fixtures';
import { startLocalWorldServer, type LocalWorldServer } from './handler';

const PIPELINE = 'flask-service';

/** Stands in for moto: GetPipeline with ISO timestamps (as moto sends), ListPipelines, nothing else. */
async function fakeMoto() {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', chunk => chunks.push(chunk));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target']);
      seen.push(target);
      const body = JSON.parse(Buffer.concat(chunks).toString() || '{}');
      res.setHeader('content-type', 'application/x-amz-json-1.1');
      if (target.endsWith('.GetPipeline') && body.name === PIPELINE) {
        res.end(
          JSON.stringify({
            pipeline: flaskServicePipeline,
            metadata: {
              pipelineArn: `arn:aws:codepipeline:us-east-1:123456789012:${PIPELINE}`,
              created: '2025-12-01T00:00:00+00:00',
              updated: '2025-12-01T00:00:00+00:00',
            },
          }),
        );
      } else if (target.endsWith('.GetPipeline')) {
        res.statusCode = 400;
        res.end(
          JSON.stringify({
            __type: 'PipelineNotFoundException',
            message: `Account '123456789012' does not have a pipeline with name '${body.name}'`,
          }),
        );
      } else if (target.endsWith('.ListPipelines')) {
        res.end(
          JSON.stringify({
            pipelines: [{ name: PIPELINE, version: 3, created: 1764547200 }],
          }),
        );
      } else {
        res.statusCode = 400;
        res.end(JSON.stringify({ __type: 'UnknownOperationException' }));
      }
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, server, seen };
}

function buildFailingOnce(): ActionRunner {
  let calls = 0;
  return {
    async run(context) {
      await sleep(context.clock, BUILD_MS, context.signal);
      calls += 1;
      return calls === 1
        ? {
            status: 'Failed',
            errorDetails: { code: 'JobFailed', message: 'pytest: 1 failed' },
          }
        : { status: 'Succeeded', summary: 'Build succeeded' };
    },
  };
}

describe('the local world server', () => {
  let moto: Awaited<ReturnType<typeof fakeMoto>>;
  let world: LocalWorldServer;
  let clock: FakeClock;
  let client: CodePipelineClient;

  beforeEach(async () => {
    moto = await fakeMoto();
    clock = new FakeClock('2026-01-01T09:00:00Z');
    world = await startLocalWorldServer({
      upstream: moto.url,
      clock,
      runners: {
        byProvider: {
          'Source/AWS/CodeStarSourceConnection': codeStarSourceRunner(),
          'Approval/AWS/Manual': manualApprovalRunner,
          CodeBuild: buildFailingOnce(),
        },
        fallback: delayRunner(DEPLOY_MS),
      },
    });
    client = new CodePipelineClient({
      endpoint: world.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
      maxAttempts: 1,
    });
  });

  afterEach(async () => {
    client.destroy();
    await world.close();
    await new Promise(resolve => moto.server.close(resolve));
  });

  const approvalToken = async () => {
    const state = await client.send(
      new GetPipelineStateCommand({ name: PIPELINE }),
    );
    return state.stageStates?.[2]?.actionStates?.[0]?.latestExecution?.token;
  };

  it('serves only 127.0.0.1', () => {
    expect(world.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('answers a whole run through the SDK: fail, retry, approve, deploy, roll back', async () => {
    const never = await client.send(
      new GetPipelineStateCommand({ name: PIPELINE }),
    );
    expect(never.created).toEqual(new Date('2025-12-01T00:00:00Z'));
    expect(never.stageStates?.map(s => s.stageName)).toEqual([
      'Source',
      'Build',
      'Prod',
    ]);
    expect(
      (
        await client.send(
          new ListPipelineExecutionsCommand({ pipelineName: PIPELINE }),
        )
      ).pipelineExecutionSummaries,
    ).toEqual([]);

    const { pipelineExecutionId: id } = await client.send(
      new StartPipelineExecutionCommand({
        name: PIPELINE,
        clientRequestToken: 'first-push',
        sourceRevisions: [
          {
            actionName: 'Source',
            revisionType: 'COMMIT_ID',
            revisionValue: 'b'.repeat(40),
          },
        ],
      }),
    );
    await clock.advance(BUILD_MS);
    const failed = await client.send(
      new GetPipelineExecutionCommand({
        pipelineName: PIPELINE,
        pipelineExecutionId: id,
      }),
    );
    expect(failed.pipelineExecution).toMatchObject({
      status: 'Failed',
      statusSummary: 'pytest: 1 failed',
      artifactRevisions: [
        expect.objectContaining({
          name: 'SourceOutput',
          revisionId: 'b'.repeat(40),
          created: expect.any(Date),
        }),
      ],
    });

    await expect(
      client.send(
        new RetryStageExecutionCommand({
          pipelineName: PIPELINE,
          stageName: 'Prod',
          pipelineExecutionId: id,
          retryMode: 'FAILED_ACTIONS',
        }),
      ),
    ).rejects.toMatchObject({ name: 'NotLatestPipelineExecutionException' });
    await client.send(
      new RetryStageExecutionCommand({
        pipelineName: PIPELINE,
        stageName: 'Build',
        pipelineExecutionId: id,
        retryMode: 'FAILED_ACTIONS',
      }),
    );
    await clock.advance(BUILD_MS);

    await expect(
      client.send(
        new PutApprovalResultCommand({
          pipelineName: PIPELINE,
          stageName: 'Prod',
          actionName: 'Approve',
          token: '00000000-0000-0000-0000-000000000000',
          result: { status: 'Approved', summary: 'x' },
        }),
      ),
    ).rejects.toMatchObject({
      name: 'InvalidApprovalTokenException',
      $metadata: expect.objectContaining({ httpStatusCode: 400 }),
    });
    const token = await approvalToken();
    const approved = await client.send(
      new PutApprovalResultCommand({
        pipelineName: PIPELINE,
        stageName: 'Prod',
        actionName: 'Approve',
        token,
        result: { status: 'Approved', summary: 'Ship it' },
      }),
    );
    expect(approved.approvedAt).toEqual(clock.now());
    await expect(
      client.send(
        new PutApprovalResultCommand({
          pipelineName: PIPELINE,
          stageName: 'Prod',
          actionName: 'Approve',
          token,
          result: { status: 'Approved', summary: 'again' },
        }),
      ),
    ).rejects.toMatchObject({ name: 'ApprovalAlreadyCompletedException' });
    await clock.advance(DEPLOY_MS);

    const state = await client.send(
      new GetPipelineStateCommand({ name: PIPELINE }),
    );
    expect(state.stageStates?.map(s => s.latestExecution?.status)).toEqual([
      'Succeeded',
      'Succeeded',
      'Succeeded',
    ]);
    const deploy = state.stageStates?.[2]?.actionStates?.[1]?.latestExecution;
    expect(deploy?.status).toBe('Succeeded');
    expect(deploy?.lastStatusChange).toEqual(clock.now());

    const actions = await client.send(
      new ListActionExecutionsCommand({
        pipelineName: PIPELINE,
        filter: { pipelineExecutionId: id },
        maxResults: 2,
      }),
    );
    expect(actions.actionExecutionDetails?.map(a => a.actionName)).toEqual([
      'Deploy',
      'Approve',
    ]);
    expect(actions.actionExecutionDetails?.[0]?.startTime).toBeInstanceOf(Date);
    const rest = await client.send(
      new ListActionExecutionsCommand({
        pipelineName: PIPELINE,
        filter: { pipelineExecutionId: id },
        nextToken: actions.nextToken,
      }),
    );
    expect(
      rest.actionExecutionDetails?.map(a => `${a.actionName}:${a.status}`),
    ).toEqual(['Build:Succeeded', 'Build:Failed', 'Source:Succeeded']);

    const again = await client.send(
      new StartPipelineExecutionCommand({
        name: PIPELINE,
        clientRequestToken: 'first-push',
      }),
    );
    expect(again.pipelineExecutionId).toBe(id);
    const everything = await client.send(
      new ListActionExecutionsCommand({ pipelineName: PIPELINE }),
    );
    expect(everything.actionExecutionDetails).toHaveLength(5);
    expect(everything.actionExecutionDetails?.[0]).toMatchObject({
      pipelineExecutionId: id,
      stageName: 'Prod',
      actionName: 'Deploy',
      pipelineVersion: 3,
      input: {
        actionTypeId: { category: 'Deploy', provider: 'ECS' },
        configuration: expect.objectContaining({ ClusterName: 'prod' }),
        region: 'us-east-1',
      },
      output: { executionResult: expect.any(Object) },
    });

    const { pipelineExecutionId: second } = await client.send(
      new StartPipelineExecutionCommand({ name: PIPELINE }),
    );
    await clock.advance(BUILD_MS);
    await client.send(
      new PutApprovalResultCommand({
        pipelineName: PIPELINE,
        stageName: 'Prod',
        actionName: 'Approve',
        token: await approvalToken(),
        result: { status: 'Approved', summary: 'ok' },
      }),
    );
    await clock.advance(DEPLOY_MS);
    const { pipelineExecutionId: rollback } = await client.send(
      new RollbackStageCommand({
        pipelineName: PIPELINE,
        stageName: 'Prod',
        targetPipelineExecutionId: id,
      }),
    );
    const history = await client.send(
      new ListPipelineExecutionsCommand({ pipelineName: PIPELINE }),
    );
    expect(
      history.pipelineExecutionSummaries?.map(e => [
        e.pipelineExecutionId,
        e.executionType,
        e.status,
      ]),
    ).toEqual([
      [rollback, 'ROLLBACK', 'InProgress'],
      [second, 'STANDARD', 'Succeeded'],
      [id, 'STANDARD', 'Succeeded'],
    ]);
    expect(history.pipelineExecutionSummaries?.[0]?.startTime).toEqual(
      clock.now(),
    );
  });

  it('stops, holds at a disabled transition and answers AWS errors', async () => {
    await client.send(
      new DisableStageTransitionCommand({
        pipelineName: PIPELINE,
        stageName: 'Build',
        transitionType: 'Inbound',
        reason: 'Freeze',
      }),
    );
    const { pipelineExecutionId: id } = await client.send(
      new StartPipelineExecutionCommand({ name: PIPELINE }),
    );
    await clock.advance(1000);
    const held = await client.send(
      new GetPipelineStateCommand({ name: PIPELINE }),
    );
    expect(held.stageStates?.[1]).toMatchObject({
      inboundTransitionState: {
        enabled: false,
        disabledReason: 'Freeze',
        lastChangedAt: new Date('2026-01-01T09:00:00Z'),
      },
      inboundExecution: { pipelineExecutionId: id, status: 'InProgress' },
    });
    await client.send(
      new EnableStageTransitionCommand({
        pipelineName: PIPELINE,
        stageName: 'Build',
        transitionType: 'Inbound',
      }),
    );
    await client.send(
      new StopPipelineExecutionCommand({
        pipelineName: PIPELINE,
        pipelineExecutionId: id,
        abandon: true,
        reason: 'Not this one',
      }),
    );
    await expect(
      client.send(
        new StopPipelineExecutionCommand({
          pipelineName: PIPELINE,
          pipelineExecutionId: id,
        }),
      ),
    ).rejects.toMatchObject({ name: 'PipelineExecutionNotStoppableException' });
    await expect(
      client.send(new GetPipelineStateCommand({ name: 'missing' })),
    ).rejects.toMatchObject({ name: 'PipelineNotFoundException' });
    await expect(
      client.send(
        new GetPipelineExecutionCommand({
          pipelineName: PIPELINE,
          pipelineExecutionId: '11111111-1111-1111-1111-111111111111',
        }),
      ),
    ).rejects.toMatchObject({ name: 'PipelineExecutionNotFoundException' });
    await expect(
      client.send(
        new RetryStageExecutionCommand({
          pipelineName: PIPELINE,
          stageName: 'Nope',
          pipelineExecutionId: id,
          retryMode: 'ALL_ACTIONS',
        }),
      ),
    ).rejects.toMatchObject({ name: 'StageNotFoundException' });
  });

  it('forwards every other operation to the upstream unchanged', async () => {
    const { pipelines } = await client.send(new ListPipelinesCommand({}));
    expect(pipelines).toEqual([
      expect.objectContaining({ name: PIPELINE, version: 3 }),
    ]);
    expect(moto.seen).toEqual(['CodePipeline_20150709.ListPipelines']);
  });

  it('answers or rewrites intercepted calls and serves extra routes', async () => {
    await world.close();
    world = await startLocalWorldServer({
      upstream: moto.url,
      clock,
      interceptors: [
        {
          targets: ['CodePipeline_20150709.ListPipelines'],
          rewrite: async (call, answer) => ({
            status: answer.status,
            json: {
              pipelines: answer.json.pipelines.map((p: { name: string }) => ({
                ...p,
                name: `${p.name}@${call.region}`,
              })),
            },
          }),
        },
        {
          targets: ['CodePipeline_20150709.ListTagsForResource'],
          answer: async call => ({
            status: 200,
            json: { tags: [{ key: 'arn', value: call.input.resourceArn }] },
          }),
        },
      ],
      routes: [
        {
          prefix: '/git/',
          handle: (req, res) => res.end(`route ${req.url}`),
        },
      ],
    });
    const sdk = new CodePipelineClient({
      endpoint: world.url,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
      maxAttempts: 1,
    });
    const { pipelines } = await sdk.send(new ListPipelinesCommand({}));
    expect(pipelines?.map(p => p.name)).toEqual([`${PIPELINE}@eu-west-1`]);
    const { tags } = await sdk.send(
      new ListTagsForResourceCommand({ resourceArn: 'arn:x' }),
    );
    expect(tags).toEqual([{ key: 'arn', value: 'arn:x' }]);
    expect(moto.seen).toEqual(['CodePipeline_20150709.ListPipelines']);
    const page = await fetch(`${world.url}/git/team/repo.git/info/refs`);
    expect(await page.text()).toBe('route /git/team/repo.git/info/refs');
    sdk.destroy();
  });
});
