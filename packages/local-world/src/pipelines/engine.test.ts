import {
  BUILD_MS,
  DEPLOY_MS,
  flaskServicePipeline,
  flaskWorld,
} from '../testing/fixtures';
import type { PipelineEngine } from './engine';
import { sleep } from './clock';
import type { ActionRunner } from './runners';
import {
  getPipelineExecution,
  getPipelineState,
  listActionExecutions,
  listPipelineExecutions,
} from './views';

const PIPELINE = 'flask-service';
const COMMIT = 'a'.repeat(40);

/** Stage name → "status executionId-prefix" for compact assertions. */
async function stages(engine: PipelineEngine) {
  const state = await getPipelineState(engine, PIPELINE);
  return Object.fromEntries(
    (state.stageStates ?? []).map(stage => [
      stage.stageName,
      stage.latestExecution?.status ?? 'NotRun',
    ]),
  );
}

async function action(engine: PipelineEngine, stage: string, name: string) {
  const state = await getPipelineState(engine, PIPELINE);
  return state.stageStates
    ?.find(s => s.stageName === stage)
    ?.actionStates?.find(a => a.actionName === name);
}

async function executionStatus(engine: PipelineEngine, id: string) {
  const { pipelineExecution } = await getPipelineExecution(
    engine,
    PIPELINE,
    id,
  );
  return pipelineExecution?.status;
}

async function approve(engine: PipelineEngine) {
  const token = (await action(engine, 'Prod', 'Approve'))?.latestExecution
    ?.token;
  await engine.putApprovalResult({
    pipelineName: PIPELINE,
    stageName: 'Prod',
    actionName: 'Approve',
    token: token!,
    result: { status: 'Approved', summary: 'Ship it' },
  });
}

/** Fails the first `failures` builds, then succeeds. */
function buildFailingFirst(failures: number): ActionRunner {
  let calls = 0;
  return {
    async run(context) {
      await sleep(context.clock, BUILD_MS, context.signal);
      calls += 1;
      return calls <= failures
        ? {
            status: 'Failed',
            summary: 'pytest: 1 failed',
            externalExecutionId: `flask-service-build:${calls}`,
            errorDetails: { code: 'JobFailed', message: 'Build failed' },
          }
        : { status: 'Succeeded', summary: 'Build succeeded' };
    },
  };
}

describe('PipelineEngine', () => {
  it('runs a commit through source, build, a waiting approval and deploy', async () => {
    const { engine, clock } = flaskWorld();
    const id = await engine.start({
      name: PIPELINE,
      sourceRevisions: [
        {
          actionName: 'Source',
          revisionType: 'COMMIT_ID',
          revisionValue: COMMIT,
        },
      ],
    });
    await clock.advance(0);
    expect(await stages(engine)).toEqual({
      Source: 'Succeeded',
      Build: 'InProgress',
      Prod: 'NotRun',
    });
    expect((await action(engine, 'Source', 'Source'))?.currentRevision).toEqual(
      expect.objectContaining({ revisionId: COMMIT }),
    );

    await clock.advance(BUILD_MS);
    expect(await stages(engine)).toMatchObject({
      Build: 'Succeeded',
      Prod: 'InProgress',
    });
    const waiting = (await action(engine, 'Prod', 'Approve'))?.latestExecution;
    expect(waiting).toMatchObject({ status: 'InProgress' });
    expect(waiting?.token).toMatch(/^[0-9a-f-]{36}$/);
    expect((await action(engine, 'Prod', 'Deploy'))?.latestExecution).toBe(
      undefined,
    );

    await expect(
      engine.putApprovalResult({
        pipelineName: PIPELINE,
        stageName: 'Prod',
        actionName: 'Approve',
        token: 'not-the-token',
        result: { status: 'Approved', summary: 'x' },
      }),
    ).rejects.toMatchObject({ type: 'InvalidApprovalTokenException' });

    await approve(engine);
    await clock.advance(0);
    expect(
      (await action(engine, 'Prod', 'Deploy'))?.latestExecution?.status,
    ).toBe('InProgress');
    await clock.advance(DEPLOY_MS);
    expect(await executionStatus(engine, id)).toBe('Succeeded');
    expect(await stages(engine)).toEqual({
      Source: 'Succeeded',
      Build: 'Succeeded',
      Prod: 'Succeeded',
    });
    await expect(
      engine.putApprovalResult({
        pipelineName: PIPELINE,
        stageName: 'Prod',
        actionName: 'Approve',
        token: waiting!.token!,
        result: { status: 'Approved', summary: 'again' },
      }),
    ).rejects.toMatchObject({ type: 'ApprovalAlreadyCompletedException' });

    const { pipelineExecutionSummaries } = await listPipelineExecutions(
      engine,
      { pipelineName: PIPELINE },
    );
    expect(pipelineExecutionSummaries).toEqual([
      expect.objectContaining({
        pipelineExecutionId: id,
        status: 'Succeeded',
        executionMode: 'SUPERSEDED',
        executionType: 'STANDARD',
        trigger: expect.objectContaining({
          triggerType: 'StartPipelineExecution',
        }),
        sourceRevisions: [
          expect.objectContaining({ actionName: 'Source', revisionId: COMMIT }),
        ],
      }),
    ]);

    const { actionExecutionDetails } = await listActionExecutions(engine, {
      pipelineName: PIPELINE,
      filter: { pipelineExecutionId: id },
    });
    expect(actionExecutionDetails?.map(a => a.actionName)).toEqual([
      'Deploy',
      'Approve',
      'Build',
      'Source',
    ]);
    const build = actionExecutionDetails?.find(a => a.actionName === 'Build');
    expect(build?.input?.resolvedConfiguration?.EnvironmentVariables).toContain(
      COMMIT,
    );
    expect(build?.input?.inputArtifacts?.[0]?.s3location?.bucket).toBe(
      'flask-service-artifacts',
    );
    const source = actionExecutionDetails?.find(a => a.actionName === 'Source');
    expect(source?.output?.executionResult).toMatchObject({
      externalExecutionId: COMMIT,
      externalExecutionUrl: `https://github.com/acme/flask-service/commit/${COMMIT}`,
    });
    expect(source?.output?.outputVariables?.CommitId).toBe(COMMIT);
  });

  it('fails the execution when the build fails, and a retry of the failed actions finishes it', async () => {
    const { engine, clock } = flaskWorld({ build: buildFailingFirst(1) });
    const id = await engine.start({ name: PIPELINE });
    await clock.advance(BUILD_MS);
    expect(await executionStatus(engine, id)).toBe('Failed');
    expect(await stages(engine)).toMatchObject({ Build: 'Failed' });
    expect((await action(engine, 'Build', 'Build'))?.latestExecution).toEqual(
      expect.objectContaining({
        status: 'Failed',
        externalExecutionId: 'flask-service-build:1',
        errorDetails: { code: 'JobFailed', message: 'Build failed' },
      }),
    );

    await expect(
      engine.retry({
        pipelineName: PIPELINE,
        stageName: 'Source',
        pipelineExecutionId: id,
        retryMode: 'FAILED_ACTIONS',
      }),
    ).rejects.toMatchObject({ type: 'StageNotRetryableException' });

    await engine.retry({
      pipelineName: PIPELINE,
      stageName: 'Build',
      pipelineExecutionId: id,
      retryMode: 'FAILED_ACTIONS',
    });
    expect(await executionStatus(engine, id)).toBe('InProgress');
    await clock.advance(BUILD_MS);
    expect(await stages(engine)).toMatchObject({
      Build: 'Succeeded',
      Prod: 'InProgress',
    });
    const state = await getPipelineState(engine, PIPELINE);
    expect(
      state.stageStates?.find(s => s.stageName === 'Build')?.retryStageMetadata,
    ).toEqual({
      manualStageRetryAttempt: 1,
      latestRetryTrigger: 'ManualStageRetry',
    });
    const builds = await listActionExecutions(engine, {
      pipelineName: PIPELINE,
      filter: { pipelineExecutionId: id },
    });
    expect(
      builds.actionExecutionDetails
        ?.filter(a => a.actionName === 'Build')
        .map(a => a.status),
    ).toEqual(['Succeeded', 'Failed']);
  });

  it('retries every action of a stage, the approval included, after a failed deploy', async () => {
    let deploys = 0;
    const deployFailingOnce: ActionRunner = {
      async run(context) {
        await sleep(context.clock, DEPLOY_MS, context.signal);
        deploys += 1;
        return deploys === 1
          ? {
              status: 'Failed',
              errorDetails: {
                code: 'JobFailed',
                message: 'Tasks failed to start',
              },
            }
          : { status: 'Succeeded' };
      },
    };
    const { engine, clock } = flaskWorld({ deploy: deployFailingOnce });
    const id = await engine.start({ name: PIPELINE });
    await clock.advance(BUILD_MS);
    await approve(engine);
    await clock.advance(DEPLOY_MS);
    expect(await executionStatus(engine, id)).toBe('Failed');
    const firstToken = (await action(engine, 'Prod', 'Approve'))
      ?.latestExecution?.token;
    expect(firstToken).toBe(undefined);

    await engine.retry({
      pipelineName: PIPELINE,
      stageName: 'Prod',
      pipelineExecutionId: id,
      retryMode: 'ALL_ACTIONS',
    });
    await clock.advance(0);
    expect(
      (await action(engine, 'Prod', 'Approve'))?.latestExecution?.status,
    ).toBe('InProgress');
    await approve(engine);
    await clock.advance(0);
    expect(await stages(engine)).toMatchObject({ Prod: 'InProgress' });
    await clock.advance(DEPLOY_MS);
    expect(await executionStatus(engine, id)).toBe('Succeeded');
  });

  it('fails the execution when the approval is rejected', async () => {
    const { engine, clock } = flaskWorld();
    const id = await engine.start({ name: PIPELINE });
    await clock.advance(BUILD_MS);
    const token = (await action(engine, 'Prod', 'Approve'))?.latestExecution
      ?.token;
    await engine.putApprovalResult({
      pipelineName: PIPELINE,
      stageName: 'Prod',
      actionName: 'Approve',
      token: token!,
      result: { status: 'Rejected', summary: 'Not today' },
    });
    await clock.advance(0);
    expect(await executionStatus(engine, id)).toBe('Failed');
    expect((await action(engine, 'Prod', 'Approve'))?.latestExecution).toEqual(
      expect.objectContaining({ status: 'Failed', summary: 'Not today' }),
    );
    expect((await action(engine, 'Prod', 'Deploy'))?.latestExecution).toBe(
      undefined,
    );
  });

  it('stops an execution by abandoning its running build', async () => {
    const { engine, clock } = flaskWorld();
    const id = await engine.start({ name: PIPELINE });
    await clock.advance(1000);
    await engine.stop({
      pipelineName: PIPELINE,
      pipelineExecutionId: id,
      abandon: true,
      reason: 'wrong branch',
    });
    expect(await executionStatus(engine, id)).toBe('Stopped');
    expect(await stages(engine)).toMatchObject({ Build: 'Stopped' });
    expect(
      (await action(engine, 'Build', 'Build'))?.latestExecution?.status,
    ).toBe('Abandoned');
    const [summary] =
      (await listPipelineExecutions(engine, { pipelineName: PIPELINE }))
        .pipelineExecutionSummaries ?? [];
    expect(summary.stopTrigger).toEqual({ reason: 'wrong branch' });
    await expect(
      engine.stop({ pipelineName: PIPELINE, pipelineExecutionId: id }),
    ).rejects.toMatchObject({ type: 'PipelineExecutionNotStoppableException' });
    await clock.advance(BUILD_MS);
    expect(
      (await action(engine, 'Build', 'Build'))?.latestExecution?.status,
    ).toBe('Abandoned');
  });

  it('stops and waits: the running build finishes, the next stage never starts', async () => {
    const { engine, clock } = flaskWorld();
    const id = await engine.start({ name: PIPELINE });
    await clock.advance(1000);
    await engine.stop({ pipelineName: PIPELINE, pipelineExecutionId: id });
    expect(await executionStatus(engine, id)).toBe('Stopping');
    expect(await stages(engine)).toMatchObject({ Build: 'Stopping' });
    await expect(
      engine.stop({ pipelineName: PIPELINE, pipelineExecutionId: id }),
    ).rejects.toMatchObject({ type: 'DuplicatedStopRequestException' });
    await clock.advance(BUILD_MS);
    expect(await executionStatus(engine, id)).toBe('Stopped');
    expect(await stages(engine)).toEqual({
      Source: 'Succeeded',
      Build: 'Stopped',
      Prod: 'NotRun',
    });
    await engine.retry({
      pipelineName: PIPELINE,
      stageName: 'Build',
      pipelineExecutionId: id,
      retryMode: 'ALL_ACTIONS',
    });
    await clock.advance(BUILD_MS);
    expect(await stages(engine)).toMatchObject({ Prod: 'InProgress' });
  });

  it('holds an execution before a stage whose inbound transition is disabled', async () => {
    const { engine, clock } = flaskWorld();
    await engine.setTransition({
      pipelineName: PIPELINE,
      stageName: 'Prod',
      transitionType: 'Inbound',
      enabled: false,
      reason: 'Release freeze',
    });
    const id = await engine.start({ name: PIPELINE });
    await clock.advance(BUILD_MS * 3);
    let prod = (await getPipelineState(engine, PIPELINE)).stageStates?.[2];
    expect(prod?.inboundTransitionState).toMatchObject({
      enabled: false,
      disabledReason: 'Release freeze',
    });
    expect(prod?.inboundExecution).toEqual({
      pipelineExecutionId: id,
      status: 'InProgress',
      type: 'STANDARD',
    });
    expect(prod?.latestExecution).toBe(undefined);
    expect(await executionStatus(engine, id)).toBe('InProgress');

    await engine.setTransition({
      pipelineName: PIPELINE,
      stageName: 'Prod',
      transitionType: 'Inbound',
      enabled: true,
    });
    prod = (await getPipelineState(engine, PIPELINE)).stageStates?.[2];
    expect(prod?.inboundExecution).toBe(undefined);
    expect(prod?.latestExecution).toMatchObject({
      pipelineExecutionId: id,
      status: 'InProgress',
    });
  });

  it('supersedes an older execution waiting before a stage with a newer one', async () => {
    const { engine, clock } = flaskWorld();
    const first = await engine.start({ name: PIPELINE });
    await clock.advance(BUILD_MS); // first waits for approval in Prod
    const second = await engine.start({ name: PIPELINE });
    await clock.advance(BUILD_MS); // second waits before Prod (locked)
    expect(
      (await getPipelineState(engine, PIPELINE)).stageStates?.[2]
        ?.inboundExecution?.pipelineExecutionId,
    ).toBe(second);
    const third = await engine.start({ name: PIPELINE });
    await clock.advance(BUILD_MS); // third catches up and replaces second
    expect(await executionStatus(engine, second)).toBe('Superseded');
    expect(await executionStatus(engine, third)).toBe('InProgress');

    await approve(engine);
    await clock.advance(DEPLOY_MS);
    expect(await executionStatus(engine, first)).toBe('Succeeded');
    expect(await stages(engine)).toMatchObject({ Prod: 'InProgress' });
    const prod = (await getPipelineState(engine, PIPELINE)).stageStates?.[2];
    expect(prod?.latestExecution?.pipelineExecutionId).toBe(third);

    const { pipelineExecutionSummaries } = await listPipelineExecutions(
      engine,
      { pipelineName: PIPELINE },
    );
    expect(pipelineExecutionSummaries?.map(e => e.status)).toEqual([
      'InProgress',
      'Superseded',
      'Succeeded',
    ]);
  });

  it('rolls a stage back to an earlier execution that succeeded in it', async () => {
    const { engine, clock } = flaskWorld();
    const runToTheEnd = async (commit: string) => {
      const id = await engine.start({
        name: PIPELINE,
        sourceRevisions: [
          {
            actionName: 'Source',
            revisionType: 'COMMIT_ID',
            revisionValue: commit,
          },
        ],
      });
      await clock.advance(BUILD_MS);
      await approve(engine);
      await clock.advance(DEPLOY_MS);
      return id;
    };
    const good = await runToTheEnd('1'.repeat(40));
    await runToTheEnd('2'.repeat(40));

    await expect(
      engine.rollback({
        pipelineName: PIPELINE,
        stageName: 'Source',
        targetPipelineExecutionId: good,
      }),
    ).rejects.toMatchObject({ type: 'UnableToRollbackStageException' });

    const { pipelineExecutionSummaries: targets } =
      await listPipelineExecutions(engine, {
        pipelineName: PIPELINE,
        filter: { succeededInStage: { stageName: 'Prod' } },
      });
    expect(targets).toHaveLength(2);

    const rollback = await engine.rollback({
      pipelineName: PIPELINE,
      stageName: 'Prod',
      targetPipelineExecutionId: good,
    });
    await clock.advance(0);
    const prod = (await getPipelineState(engine, PIPELINE)).stageStates?.[2];
    expect(prod?.latestExecution).toEqual({
      pipelineExecutionId: rollback,
      status: 'InProgress',
      type: 'ROLLBACK',
    });
    await approve(engine);
    await clock.advance(DEPLOY_MS);
    const { pipelineExecution } = await getPipelineExecution(
      engine,
      PIPELINE,
      rollback,
    );
    expect(pipelineExecution).toMatchObject({
      status: 'Succeeded',
      executionType: 'ROLLBACK',
      rollbackMetadata: { rollbackTargetPipelineExecutionId: good },
      trigger: { triggerType: 'ManualRollback' },
      artifactRevisions: [
        expect.objectContaining({
          name: 'SourceOutput',
          revisionId: '1'.repeat(40),
        }),
      ],
    });
    const rollbackActions = await listActionExecutions(engine, {
      pipelineName: PIPELINE,
      filter: { pipelineExecutionId: rollback },
    });
    expect(
      rollbackActions.actionExecutionDetails?.map(a => a.stageName),
    ).toEqual(['Prod', 'Prod']);
  });

  it('pages executions newest first and answers AWS errors for unknown names', async () => {
    const { engine, clock } = flaskWorld();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push(
        await engine.start({ name: PIPELINE, clientRequestToken: `t${i}` }),
      );
      await clock.advance(1);
    }
    expect(
      await engine.start({ name: PIPELINE, clientRequestToken: 't1' }),
    ).toBe(ids[1]);
    const first = await listPipelineExecutions(engine, {
      pipelineName: PIPELINE,
      maxResults: 2,
    });
    expect(
      first.pipelineExecutionSummaries?.map(e => e.pipelineExecutionId),
    ).toEqual([ids[2], ids[1]]);
    const second = await listPipelineExecutions(engine, {
      pipelineName: PIPELINE,
      maxResults: 2,
      nextToken: first.nextToken,
    });
    expect(
      second.pipelineExecutionSummaries?.map(e => e.pipelineExecutionId),
    ).toEqual([ids[0]]);
    expect(second.nextToken).toBe(undefined);

    await expect(
      listPipelineExecutions(engine, {
        pipelineName: PIPELINE,
        nextToken: 'garbage',
      }),
    ).rejects.toMatchObject({ type: 'InvalidNextTokenException' });
    await expect(engine.start({ name: 'nope' })).rejects.toMatchObject({
      type: 'PipelineNotFoundException',
    });
    await expect(
      getPipelineExecution(engine, PIPELINE, 'missing'),
    ).rejects.toMatchObject({ type: 'PipelineExecutionNotFoundException' });
    await expect(
      engine.start({
        name: PIPELINE,
        variables: [{ name: 'Undeclared', value: 'x' }],
      }),
    ).rejects.toMatchObject({ type: 'ValidationException' });
  });

  it('resolves pipeline variables given at start', async () => {
    const { engine } = flaskWorld();
    const id = await engine.start({
      name: PIPELINE,
      variables: [{ name: 'DeployReason', value: 'hotfix' }],
    });
    const { pipelineExecution } = await getPipelineExecution(
      engine,
      PIPELINE,
      id,
    );
    expect(pipelineExecution?.variables).toEqual([
      { name: 'DeployReason', resolvedValue: 'hotfix' },
    ]);
    expect(pipelineExecution?.pipelineVersion).toBe(
      flaskServicePipeline.version,
    );
  });

  it('hands the folders of output artifacts to the actions that take them as input', async () => {
    const seen: Array<Record<string, string> | undefined> = [];
    const { clock, engine } = flaskWorld({
      build: {
        async run() {
          return {
            status: 'Succeeded',
            artifacts: { BuildOutput: '/work/build-1/artifacts' },
          };
        },
      },
      deploy: {
        async run(context) {
          seen.push(context.inputArtifacts);
          return { status: 'Succeeded' };
        },
      },
    });
    const id = await engine.start({ name: PIPELINE });
    await clock.advance(1000);
    await approve(engine);
    await clock.advance(1000);
    expect(await executionStatus(engine, id)).toBe('Succeeded');
    expect(seen).toEqual([{ BuildOutput: '/work/build-1/artifacts' }]);
  });
});
