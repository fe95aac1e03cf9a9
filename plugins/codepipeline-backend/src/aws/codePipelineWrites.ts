import {
  CodePipelineClient,
  DisableStageTransitionCommand,
  EnableStageTransitionCommand,
  GetPipelineExecutionCommand,
  GetPipelineStateCommand,
  ListPipelineExecutionsCommand,
  PutApprovalResultCommand,
  RetryStageExecutionCommand,
  RollbackStageCommand,
  StartPipelineExecutionCommand,
  StopPipelineExecutionCommand,
} from '@aws-sdk/client-codepipeline';
import type { RollbackTargetsResponse } from '@slipway/plugin-codepipeline-common';
import { isAwsError } from '@slipway/plugin-codepipeline-node';
import { iso, toExecutionSnapshot } from './codePipeline';

/** The write calls Slipway makes to CodePipeline; errors are mapped by the caller. */
export async function startExecution(
  client: CodePipelineClient,
  name: string,
  request: {
    clientRequestToken: string;
    sourceRevision?: { actionName: string; commitId: string };
  },
): Promise<string | undefined> {
  const output = await client.send(
    new StartPipelineExecutionCommand({
      name,
      clientRequestToken: request.clientRequestToken,
      sourceRevisions: request.sourceRevision
        ? [
            {
              actionName: request.sourceRevision.actionName,
              revisionType: 'COMMIT_ID',
              revisionValue: request.sourceRevision.commitId,
            },
          ]
        : undefined,
    }),
  );
  return output.pipelineExecutionId;
}

export async function stopExecution(
  client: CodePipelineClient,
  name: string,
  executionId: string,
  request: { abandon: boolean; reason?: string },
): Promise<string | undefined> {
  const output = await client.send(
    new StopPipelineExecutionCommand({
      pipelineName: name,
      pipelineExecutionId: executionId,
      abandon: request.abandon,
      reason: request.reason,
    }),
  );
  return output.pipelineExecutionId;
}

export async function retryStage(
  client: CodePipelineClient,
  name: string,
  stageName: string,
  request: {
    pipelineExecutionId: string;
    mode: 'FAILED_ACTIONS' | 'ALL_ACTIONS';
  },
): Promise<string | undefined> {
  const output = await client.send(
    new RetryStageExecutionCommand({
      pipelineName: name,
      stageName,
      pipelineExecutionId: request.pipelineExecutionId,
      retryMode: request.mode,
    }),
  );
  return output.pipelineExecutionId;
}

/**
 * The token of the approval currently waiting in a stage's action, read fresh
 * from AWS; undefined when nothing waits. It never leaves the backend.
 */
export async function currentApprovalToken(
  client: CodePipelineClient,
  name: string,
  stageName: string,
  actionName: string,
): Promise<string | undefined> {
  const { stageStates } = await client.send(
    new GetPipelineStateCommand({ name }),
  );
  const action = stageStates
    ?.find(stage => stage.stageName === stageName)
    ?.actionStates?.find(state => state.actionName === actionName);
  const latest = action?.latestExecution;
  return latest?.status === 'InProgress' ? latest.token : undefined;
}

export async function putApprovalResult(
  client: CodePipelineClient,
  name: string,
  target: { stageName: string; actionName: string; token: string },
  result: { status: 'Approved' | 'Rejected'; summary: string },
): Promise<string | undefined> {
  const output = await client.send(
    new PutApprovalResultCommand({
      pipelineName: name,
      stageName: target.stageName,
      actionName: target.actionName,
      token: target.token,
      result,
    }),
  );
  return iso(output.approvedAt);
}

export async function rollbackStage(
  client: CodePipelineClient,
  name: string,
  stageName: string,
  targetPipelineExecutionId: string,
): Promise<string | undefined> {
  const output = await client.send(
    new RollbackStageCommand({
      pipelineName: name,
      stageName,
      targetPipelineExecutionId,
    }),
  );
  return output.pipelineExecutionId;
}

export async function setStageTransition(
  client: CodePipelineClient,
  name: string,
  stageName: string,
  request: { enabled: boolean; reason?: string },
): Promise<void> {
  if (request.enabled) {
    await client.send(
      new EnableStageTransitionCommand({
        pipelineName: name,
        stageName,
        transitionType: 'Inbound',
      }),
    );
  } else {
    await client.send(
      new DisableStageTransitionCommand({
        pipelineName: name,
        stageName,
        transitionType: 'Inbound',
        reason: request.reason,
      }),
    );
  }
}

/** Recent executions that succeeded in a stage: what it can be rolled back to. */
export async function listSucceededInStage(
  client: CodePipelineClient,
  name: string,
  stageName: string,
  maxResults = 20,
): Promise<RollbackTargetsResponse['targets']> {
  const output = await client.send(
    new ListPipelineExecutionsCommand({
      pipelineName: name,
      maxResults,
      filter: { succeededInStage: { stageName } },
    }),
  );
  return (output.pipelineExecutionSummaries ?? [])
    .map(toExecutionSnapshot)
    .map(execution => ({
      pipelineExecutionId: execution.executionId,
      startTime: execution.startTime,
      sourceRevisions: execution.sourceRevisions,
    }));
}

/**
 * Whether `executionId` is an execution of the pipeline `name`: GetPipelineExecution
 * answers PipelineExecutionNotFoundException for another pipeline's execution.
 */
export async function isExecutionOf(
  client: CodePipelineClient,
  name: string,
  executionId: string,
): Promise<boolean> {
  try {
    const output = await client.send(
      new GetPipelineExecutionCommand({
        pipelineName: name,
        pipelineExecutionId: executionId,
      }),
    );
    const found = output?.pipelineExecution;
    return !found?.pipelineName || found.pipelineName === name;
  } catch (error) {
    if (isAwsError(error, 'PipelineExecutionNotFoundException')) {
      return false;
    }
    throw error;
  }
}
