import type {
  EcsServiceStatus,
  TimelineChange,
  TimelineStage,
} from '@slipway/plugin-codepipeline-common';
import type {
  ExecutionSnapshot,
  PipelineDefinition,
} from '../aws/codePipeline';
import type { HistoryActionExecution } from '../aws/codePipelineHistory';
import { isExecutionFinished } from '../executionStatus';
import {
  actionsByExecution,
  latestPerAction,
  ms,
  PipelineHistory,
  productionStageOf,
} from './history';
import { correlateRollouts } from './rollouts';

export interface TimelinePipelineInput extends PipelineHistory {
  arn: string;
  name: string;
  definition: Pick<PipelineDefinition, 'stages'>;
  /**
   * The stage that counts as production (see `productionStage.ts`); `null`
   * when none does. Undefined: the last stage with a Deploy action.
   */
  productionStage?: string | null;
  consoleUrl: (executionId: string) => string;
}

export interface TimelineInput {
  pipelines: TimelinePipelineInput[];
  /** Current status of the entity's ECS services (deployments, CodeDeploy). */
  services: EcsServiceStatus[];
  limit: number;
  now: Date;
}

interface StageView extends TimelineStage {
  awaitingApproval: boolean;
}

/**
 * The entity's recent changes, newest first across its pipelines: for each
 * execution its commit, every stage's outcome (with approval waits), the ECS
 * rollouts its deploy stages caused, where it is now, and whether it is what
 * production runs (per pipeline: the execution whose production stage
 * succeeded last, unless its rollout was rolled back).
 */
export function buildTimeline(input: TimelineInput): TimelineChange[] {
  const assigned = new Set<string>();
  return input.pipelines
    .flatMap(pipeline =>
      pipelineChanges(pipeline, input.services, assigned, input.now),
    )
    .sort((a, b) => (b.startTime ?? '').localeCompare(a.startTime ?? ''))
    .slice(0, input.limit);
}

function pipelineChanges(
  pipeline: TimelinePipelineInput,
  services: EcsServiceStatus[],
  assigned: Set<string>,
  now: Date,
): TimelineChange[] {
  const production =
    pipeline.productionStage === undefined
      ? productionStageOf(pipeline.definition)
      : pipeline.productionStage;
  const grouped = actionsByExecution(pipeline.actions);
  const changes = pipeline.executions.map(execution => {
    const actions = grouped.get(execution.executionId) ?? [];
    const inStage = (name: string) => actions.filter(a => a.stageName === name);
    const stages = pipeline.definition.stages.map(stage =>
      stageView(
        stage.name,
        inStage(stage.name),
        stage.name === production,
        execution,
        now,
      ),
    );
    const rollouts = pipeline.definition.stages.flatMap(stage =>
      correlateRollouts(
        stage,
        inStage(stage.name).filter(a => a.category === 'Deploy'),
        services,
        assigned,
        now,
      ),
    );
    return { execution, stages, rollouts };
  });

  const live = changes
    .filter(
      c =>
        c.stages.some(s => s.isProduction && s.status === 'Succeeded') &&
        !c.rollouts.some(r => r.rolledBack),
    )
    .sort((a, b) => productionEnd(b.stages) - productionEnd(a.stages))[0];

  return changes.map(({ execution, stages, rollouts }) => {
    const liveInProduction = live?.execution === execution;
    const rolledBack = rollouts.some(r => r.rolledBack);
    return {
      pipelineArn: pipeline.arn,
      pipelineName: pipeline.name,
      executionId: execution.executionId,
      executionStatus: execution.status,
      executionType: execution.executionType,
      commit:
        execution.sourceRevisions.find(r => r.revisionId) ??
        execution.sourceRevisions[0],
      trigger: execution.trigger,
      startTime: execution.startTime,
      endTime: isExecutionFinished(execution.status)
        ? execution.lastUpdateTime
        : undefined,
      stages: stages.map(({ awaitingApproval: _, ...stage }) => stage),
      rollouts,
      whereNow: whereNow(execution, stages, liveInProduction, rolledBack),
      liveInProduction,
      consoleUrl: pipeline.consoleUrl(execution.executionId),
    };
  });
}

function stageView(
  stageName: string,
  actions: HistoryActionExecution[],
  isProduction: boolean,
  execution: ExecutionSnapshot,
  now: Date,
): StageView {
  if (actions.length === 0) {
    return {
      stageName,
      status: 'NotReached',
      isProduction,
      awaitingApproval: false,
    };
  }
  const latest = latestPerAction(actions);
  const stopped = ['Stopped', 'Stopping'].includes(execution.status);
  let status: TimelineStage['status'] = 'Succeeded';
  if (latest.some(a => a.status === 'Failed')) {
    status = 'Failed';
  } else if (latest.some(a => a.status === 'InProgress')) {
    status = stopped ? 'Stopped' : 'InProgress';
  } else if (latest.some(a => a.status === 'Abandoned')) {
    status = 'Abandoned';
  }
  const starts = actions.flatMap(a => a.startTime ?? []).sort();
  const ends = actions.flatMap(a => a.lastUpdateTime ?? []).sort();
  const approval = latest.find(a => a.category === 'Approval');
  const approvalStart = ms(approval?.startTime);
  const approvalEnd =
    approval?.status === 'InProgress'
      ? now.getTime()
      : ms(approval?.lastUpdateTime);
  return {
    stageName,
    status,
    startTime: starts[0],
    endTime: status === 'InProgress' ? undefined : ends[ends.length - 1],
    approvalWaitSeconds:
      approvalStart !== undefined && approvalEnd !== undefined
        ? Math.max(0, Math.round((approvalEnd - approvalStart) / 1000))
        : undefined,
    approvalSummary: approval?.summary,
    isProduction,
    awaitingApproval: approval?.status === 'InProgress' && !stopped,
  };
}

function productionEnd(stages: TimelineStage[]): number {
  return ms(stages.find(s => s.isProduction)?.endTime) ?? 0;
}

/** "Where is my commit now?", in words. */
function whereNow(
  execution: Pick<ExecutionSnapshot, 'status' | 'executionType'>,
  stages: StageView[],
  liveInProduction: boolean,
  rolledBack: boolean,
): string {
  const rollback = execution.executionType === 'ROLLBACK';
  if (liveInProduction) {
    return rollback
      ? 'live in production (rolled back to an earlier change)'
      : 'live in production';
  }
  const reached = stages.filter(s => s.status !== 'NotReached');
  const last = reached[reached.length - 1];
  const lastSucceeded = [...reached]
    .reverse()
    .find(s => s.status === 'Succeeded');
  switch (execution.status) {
    case 'InProgress':
    case 'Stopping': {
      const waiting = stages.findIndex(s => s.awaitingApproval);
      if (waiting >= 0) {
        const next = stages[waiting + 1];
        return next
          ? `waiting for approval before ${next.stageName}`
          : `waiting for approval in ${stages[waiting].stageName}`;
      }
      const running = stages.find(s => s.status === 'InProgress');
      if (running?.isProduction) {
        return `deploying to production (${running.stageName})`;
      }
      return running ? `running ${running.stageName}` : 'starting';
    }
    case 'Failed': {
      const failed = stages.find(s => s.status === 'Failed') ?? last;
      const where = failed ? `failed in ${failed.stageName}` : 'failed';
      return rolledBack ? `${where}; the rollout was rolled back` : where;
    }
    case 'Superseded':
      return lastSucceeded
        ? `superseded by a newer change after ${lastSucceeded.stageName}`
        : 'superseded by a newer change';
    case 'Stopped':
      return last ? `stopped in ${last.stageName}` : 'stopped';
    case 'Cancelled':
      return 'cancelled';
    default:
      break;
  }
  if (rolledBack) {
    return 'rolled back in production';
  }
  if (stages.some(s => s.isProduction && s.status === 'Succeeded')) {
    return rollback
      ? 'rolled production back; since replaced by a newer change'
      : 'was in production; since replaced by a newer change';
  }
  return lastSucceeded
    ? `succeeded through ${lastSucceeded.stageName}`
    : 'succeeded';
}
