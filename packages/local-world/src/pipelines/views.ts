import type {
  ActionExecutionDetail,
  ActionState,
  GetPipelineExecutionOutput,
  GetPipelineStateOutput,
  ListActionExecutionsInput,
  ListActionExecutionsOutput,
  ListPipelineExecutionsInput,
  ListPipelineExecutionsOutput,
  PipelineExecutionSummary,
  StageExecution,
  StageState,
} from '@aws-sdk/client-codepipeline';
import type { PipelineEngine } from './engine';
import { latestRuns } from './progress';
import { fail } from './errors';
import type { ActionRun, Execution, PipelineRecord } from './model';

type Output<T> = Omit<T, '$metadata'>;

/** GetPipelineState: stages in order, their transitions, latest and waiting executions. */
export async function getPipelineState(
  engine: PipelineEngine,
  name: string,
): Promise<Output<GetPipelineStateOutput>> {
  const { definition, record } = await engine.pipeline(name);
  const { pipeline, metadata } = definition;
  return {
    pipelineName: pipeline.name ?? name,
    pipelineVersion: pipeline.version ?? 1,
    stageStates: (pipeline.stages ?? []).map(stage => {
      const stageName = stage.name ?? '';
      const latest = record.executions.find(
        e => e.id === record.stageLatest.get(stageName),
      );
      const stageRun = latest?.stages.get(stageName);
      const inbound = record.executions
        .filter(
          e =>
            e.status === 'InProgress' &&
            e.waiting &&
            e.definition.stages?.[e.position]?.name === stageName,
        )
        .map(stageExecution);
      const state: StageState = {
        stageName,
        inboundTransitionState: record.transitions.get(stageName) ?? {
          enabled: true,
        },
        actionStates: (stage.actions ?? []).map(action =>
          actionState(record, stageName, action.name ?? ''),
        ),
      };
      if (inbound.length) {
        state.inboundExecution = inbound[inbound.length - 1];
        state.inboundExecutions = inbound;
      }
      if (latest && stageRun) {
        state.latestExecution = {
          pipelineExecutionId: latest.id,
          status: stageRun.status,
          type: latest.executionType,
        };
        if (stageRun.manualRetries) {
          state.retryStageMetadata = {
            manualStageRetryAttempt: stageRun.manualRetries,
            latestRetryTrigger: 'ManualStageRetry',
          };
        }
      }
      return state;
    }),
    created: metadata?.created,
    updated: metadata?.updated,
  };
}

function stageExecution(execution: Execution): StageExecution {
  return {
    pipelineExecutionId: execution.id,
    status: 'InProgress',
    type: execution.executionType,
  };
}

function actionState(
  record: PipelineRecord,
  stageName: string,
  actionName: string,
): ActionState {
  const runs = record.actionRuns.filter(
    r => r.stageName === stageName && r.actionName === actionName,
  );
  const run = runs[runs.length - 1];
  const state: ActionState = { actionName };
  if (!run) return state;
  state.latestExecution = {
    actionExecutionId: run.actionExecutionId,
    status: run.status,
    summary: run.summary,
    lastStatusChange: run.lastUpdateTime,
    token: run.status === 'InProgress' ? run.token : undefined,
    lastUpdatedBy: run.updatedBy,
    externalExecutionId: run.externalExecutionId,
    externalExecutionUrl: run.externalExecutionUrl,
    percentComplete: run.percentComplete,
    errorDetails: run.errorDetails,
  };
  const source = [...runs].reverse().find(r => r.revision);
  if (source?.revision) {
    state.currentRevision = {
      revisionId: source.revision.revisionId,
      revisionChangeId: source.revision.revisionId,
      created: source.lastUpdateTime,
    };
    state.revisionUrl = source.revision.revisionUrl;
  }
  return state;
}

export function executionSummary(
  execution: Execution,
): PipelineExecutionSummary {
  return {
    pipelineExecutionId: execution.id,
    status: execution.status,
    statusSummary: execution.statusSummary,
    startTime: execution.startTime,
    lastUpdateTime: execution.lastUpdateTime,
    sourceRevisions: Object.entries(execution.sources).map(
      ([actionName, revision]) => ({
        actionName,
        revisionId: revision.revisionId,
        revisionSummary: revision.revisionSummary,
        revisionUrl: revision.revisionUrl,
      }),
    ),
    trigger: execution.trigger,
    stopTrigger: execution.stopTrigger,
    executionMode: (execution.definition.executionMode ??
      'SUPERSEDED') as PipelineExecutionSummary['executionMode'],
    executionType: execution.executionType,
    rollbackMetadata: execution.rollbackTargetId
      ? { rollbackTargetPipelineExecutionId: execution.rollbackTargetId }
      : undefined,
  };
}

/** ListPipelineExecutions: newest first, paged by nextToken. */
export async function listPipelineExecutions(
  engine: PipelineEngine,
  input: ListPipelineExecutionsInput,
): Promise<Output<ListPipelineExecutionsOutput>> {
  const { record } = await engine.pipeline(input.pipelineName ?? '');
  const stageName = input.filter?.succeededInStage?.stageName;
  const executions = [...record.executions]
    .reverse()
    .filter(e => !stageName || e.stages.get(stageName)?.status === 'Succeeded');
  const { items, nextToken } = page(
    executions,
    input.maxResults,
    input.nextToken,
  );
  return {
    pipelineExecutionSummaries: items.map(executionSummary),
    nextToken,
  };
}

export async function getPipelineExecution(
  engine: PipelineEngine,
  pipelineName: string,
  pipelineExecutionId: string,
): Promise<Output<GetPipelineExecutionOutput>> {
  const { record } = await engine.pipeline(pipelineName);
  const execution = engine.execution(record, pipelineExecutionId);
  const artifacts = new Map(
    (execution.definition.stages ?? []).flatMap(stage =>
      (stage.actions ?? []).map(a => [
        a.name ?? '',
        a.outputArtifacts?.[0]?.name,
      ]),
    ),
  );
  return {
    pipelineExecution: {
      pipelineName,
      pipelineVersion: execution.pipelineVersion,
      pipelineExecutionId: execution.id,
      status: execution.status,
      statusSummary: execution.statusSummary,
      artifactRevisions: Object.entries(execution.sources).map(
        ([actionName, revision]) => ({
          name: artifacts.get(actionName) ?? actionName,
          revisionId: revision.revisionId,
          revisionChangeIdentifier: revision.revisionId,
          revisionSummary: revision.revisionSummary,
          revisionUrl: revision.revisionUrl,
          created: revision.created,
        }),
      ),
      variables: Object.entries(execution.variables).map(
        ([name, resolvedValue]) => ({ name, resolvedValue }),
      ),
      trigger: execution.trigger,
      executionMode: executionSummary(execution).executionMode,
      executionType: execution.executionType,
      rollbackMetadata: executionSummary(execution).rollbackMetadata,
    },
  };
}

/** ListActionExecutions: newest first, for one execution or the whole pipeline. */
export async function listActionExecutions(
  engine: PipelineEngine,
  input: ListActionExecutionsInput,
): Promise<Output<ListActionExecutionsOutput>> {
  const { record } = await engine.pipeline(input.pipelineName ?? '');
  const latestIn = input.filter?.latestInPipelineExecution;
  const executionId =
    input.filter?.pipelineExecutionId ?? latestIn?.pipelineExecutionId;
  let runs = record.actionRuns;
  if (executionId) {
    const execution = engine.execution(record, executionId);
    runs = runs.filter(r => r.pipelineExecutionId === executionId);
    if (latestIn?.startTimeRange === 'Latest') {
      runs = [...execution.stages.values()].flatMap(latestRuns);
    }
  }
  const { items, nextToken } = page(
    [...runs].sort(
      (a, b) =>
        b.startTime.getTime() - a.startTime.getTime() ||
        record.actionRuns.indexOf(b) - record.actionRuns.indexOf(a),
    ),
    input.maxResults,
    input.nextToken,
  );
  return {
    actionExecutionDetails: items.map(run =>
      actionExecutionDetail(engine, record, run),
    ),
    nextToken,
  };
}

function actionExecutionDetail(
  engine: PipelineEngine,
  record: PipelineRecord,
  run: ActionRun,
): ActionExecutionDetail {
  const execution = record.executions.find(
    e => e.id === run.pipelineExecutionId,
  );
  const bucket =
    execution?.definition.artifactStore?.location ?? 'local-world-artifacts';
  const artifact = (name: string | undefined) => ({
    name,
    s3location: {
      bucket,
      key: `${record.name.slice(0, 20)}/${(name ?? '').slice(0, 10)}/${
        run.pipelineExecutionId
      }`,
    },
  });
  return {
    pipelineExecutionId: run.pipelineExecutionId,
    actionExecutionId: run.actionExecutionId,
    pipelineVersion: run.pipelineVersion,
    stageName: run.stageName,
    actionName: run.actionName,
    startTime: run.startTime,
    lastUpdateTime: run.lastUpdateTime,
    updatedBy: run.updatedBy,
    status: run.status,
    input: {
      actionTypeId: run.action.actionTypeId,
      configuration: run.action.configuration,
      resolvedConfiguration: run.resolvedConfiguration,
      roleArn: run.action.roleArn,
      region: run.action.region ?? engine.region,
      inputArtifacts: (run.action.inputArtifacts ?? []).map(a =>
        artifact(a.name),
      ),
      namespace: run.action.namespace,
    },
    output: {
      outputArtifacts:
        run.status === 'Succeeded'
          ? (run.action.outputArtifacts ?? []).map(a => artifact(a.name))
          : [],
      executionResult: {
        externalExecutionId: run.externalExecutionId,
        externalExecutionSummary: run.summary,
        externalExecutionUrl: run.externalExecutionUrl,
        errorDetails: run.errorDetails,
      },
      outputVariables: run.outputVariables,
    },
  };
}

/** One page of `items`; the token is the offset, as an opaque string. */
function page<T>(
  items: T[],
  maxResults: number | undefined,
  token: string | undefined,
): { items: T[]; nextToken?: string } {
  const size = Math.min(Math.max(maxResults ?? 100, 1), 100);
  let offset = 0;
  if (token) {
    const decoded = /^offset:(\d+)$/.exec(
      Buffer.from(token, 'base64url').toString('utf8'),
    );
    if (!decoded) fail('InvalidNextTokenException', 'The nextToken is invalid');
    offset = Number(decoded[1]);
  }
  const end = offset + size;
  return {
    items: items.slice(offset, end),
    nextToken:
      end < items.length
        ? Buffer.from(`offset:${end}`).toString('base64url')
        : undefined,
  };
}
