/**
 * CodePipeline's EventBridge events (pipeline, stage and action execution
 * state changes), from the executor's hooks. Pipelines live in the default
 * account (see the README), in the engine's region.
 */
import type { ActionRun, Execution } from '../pipelines/model';
import { defaultAccountId } from '../server/accounts';
import type { EventSink } from './emitter';

export type PipelineExecutionState =
  | 'STARTED'
  | 'STOPPING'
  | 'STOPPED'
  | 'SUCCEEDED'
  | 'FAILED'
  | 'SUPERSEDED'
  | 'RESUMED';
export type StageExecutionState =
  | 'STARTED'
  | 'STOPPING'
  | 'STOPPED'
  | 'SUCCEEDED'
  | 'FAILED'
  | 'RESUMED';
export type ActionExecutionState =
  | 'STARTED'
  | 'SUCCEEDED'
  | 'FAILED'
  | 'ABANDONED';

/** What the executor tells about the executions of one region. */
export interface PipelineObserver {
  execution(
    region: string,
    execution: Execution,
    state: PipelineExecutionState,
  ): void;
  stage(
    region: string,
    execution: Execution,
    stage: string,
    state: StageExecutionState,
  ): void;
  action(
    region: string,
    execution: Execution,
    run: ActionRun,
    state: ActionExecutionState,
  ): void;
}

const ACTION_STATE: Record<string, ActionExecutionState> = {
  InProgress: 'STARTED',
  Succeeded: 'SUCCEEDED',
  Failed: 'FAILED',
  Abandoned: 'ABANDONED',
};

/** The state of an action run as its event names it (STARTED while it runs). */
export const actionStateOf = (run: ActionRun): ActionExecutionState =>
  ACTION_STATE[run.status] ?? 'STARTED';

export function pipelineEvents(sink: EventSink): PipelineObserver {
  const put = (
    region: string,
    execution: Execution,
    detailType: string,
    detail: Record<string, unknown>,
  ) => {
    const accountId = defaultAccountId();
    sink.emit({
      place: { accountId, region },
      source: 'aws.codepipeline',
      detailType: `CodePipeline ${detailType} Execution State Change`,
      resources: [
        `arn:aws:codepipeline:${region}:${accountId}:${execution.pipelineName}`,
      ],
      time: new Date(),
      detail: {
        pipeline: execution.pipelineName,
        'execution-id': execution.id,
        'start-time': execution.startTime.toISOString(),
        ...detail,
        version: execution.pipelineVersion,
        'pipeline-execution-attempt': 1,
      },
    });
  };
  return {
    execution(region, execution, state) {
      put(region, execution, 'Pipeline', {
        'execution-trigger': {
          'trigger-type': execution.trigger.triggerType,
          'trigger-detail': execution.trigger.triggerDetail,
        },
        state,
        ...(execution.executionType === 'ROLLBACK' && {
          'execution-type': 'ROLLBACK',
          'rollback-metadata': {
            'rollback-target-pipeline-execution': execution.rollbackTargetId,
          },
        }),
      });
    },
    stage(region, execution, stage, state) {
      put(region, execution, 'Stage', { stage, state });
    },
    action(region, execution, run, state) {
      const type = run.action.actionTypeId;
      const ended = state !== 'STARTED';
      put(region, execution, 'Action', {
        stage: run.stageName,
        'action-execution-id': run.actionExecutionId,
        action: run.actionName,
        state,
        region: run.action.region ?? region,
        type: {
          owner: type?.owner,
          provider: type?.provider,
          category: type?.category,
          version: type?.version,
        },
        ...(ended && {
          'execution-result': {
            'external-execution-id': run.externalExecutionId,
            'external-execution-url': run.externalExecutionUrl,
            'external-execution-summary':
              run.errorDetails?.message ?? run.summary,
            'external-execution-state': state,
            ...(run.errorDetails && { 'error-code': run.errorDetails.code }),
          },
        }),
      });
    },
  };
}
