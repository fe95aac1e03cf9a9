import type {
  ExecutionSnapshot,
  PipelineDefinition,
} from '../aws/codePipeline';
import type { HistoryActionExecution } from '../aws/codePipelineHistory';

/** What the insights read about one pipeline: executions and action executions, newest first. */
export interface PipelineHistory {
  executions: ExecutionSnapshot[];
  actions: HistoryActionExecution[];
  /** Paging stopped at its bound before reaching the start of the requested period. */
  truncated: boolean;
}

/** The production stage: the last stage of the pipeline with a Deploy action. */
export function productionStageOf(
  definition: Pick<PipelineDefinition, 'stages'>,
): string | undefined {
  return [...definition.stages]
    .reverse()
    .find(stage => stage.actions.some(action => action.category === 'Deploy'))
    ?.name;
}

/** Action executions grouped by pipeline execution id. */
export function actionsByExecution(
  actions: HistoryActionExecution[],
): Map<string, HistoryActionExecution[]> {
  const grouped = new Map<string, HistoryActionExecution[]>();
  for (const action of actions) {
    const list = grouped.get(action.pipelineExecutionId) ?? [];
    list.push(action);
    grouped.set(action.pipelineExecutionId, list);
  }
  return grouped;
}

/** Milliseconds since the epoch, or undefined for a missing or unparsable time. */
export function ms(time: string | undefined): number | undefined {
  if (!time) {
    return undefined;
  }
  const parsed = Date.parse(time);
  return Number.isNaN(parsed) ? undefined : parsed;
}

export function median(values: number[]): number | undefined {
  if (values.length === 0) {
    return undefined;
  }
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? sorted[middle]
    : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The latest run of each action (a retried stage runs its actions again). */
export function latestPerAction(
  actions: HistoryActionExecution[],
): HistoryActionExecution[] {
  const latest = new Map<string, HistoryActionExecution>();
  for (const action of actions) {
    const seen = latest.get(action.actionName);
    if (!seen || (action.startTime ?? '') > (seen.startTime ?? '')) {
      latest.set(action.actionName, action);
    }
  }
  return [...latest.values()];
}
