import type { PipelineExecutionSummary } from '@slipway/plugin-codepipeline-common';
import type { ExecutionSnapshot } from '../aws/codePipeline';
import { isExecutionFinished } from '../executionStatus';

/** Adds what the UI needs beyond AWS's own fields: end time, duration, console link. */
export function toExecutionSummary(
  execution: ExecutionSnapshot,
  consoleUrl: string,
  now: Date = new Date(),
): PipelineExecutionSummary {
  const finished = isExecutionFinished(execution.status);
  const endTime = finished ? execution.lastUpdateTime : undefined;
  const start = execution.startTime
    ? Date.parse(execution.startTime)
    : undefined;
  const end = endTime ? Date.parse(endTime) : now.getTime();
  return {
    ...execution,
    endTime,
    durationSeconds:
      start !== undefined
        ? Math.max(0, Math.round((end - start) / 1000))
        : undefined,
    consoleUrl,
  };
}
