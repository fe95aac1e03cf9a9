/**
 * DORA's four key metrics from CodePipeline history — a pure module:
 * normalized history in, metrics out, no AWS.
 *
 * Definitions (per pipeline, then pooled over the entity's pipelines):
 *
 * - **Production stage**: the last stage of the pipeline that contains a
 *   Deploy action (from the pipeline definition).
 * - **Deployment**: a pipeline execution whose production-stage Deploy actions
 *   ended Succeeded (the latest run of each, so a retried stage counts once);
 *   at most one per execution, timed at the end of its last production Deploy
 *   action. ROLLBACK executions are not deployments (they carry no new change).
 * - **Failed deployment**: an execution with a Failed production Deploy action
 *   (one per execution, even if several actions failed or the stage was
 *   retried — a retry that then succeeds is also a deployment), or a
 *   deployment that a later ROLLBACK execution of the production stage
 *   replaced (the rollback is only blamed on a deployment when no failure
 *   happened in between, so an automatic rollback after a failed deploy is not
 *   counted twice).
 * - Superseded, stopped and cancelled runs, and runs that fail before the
 *   production stage, are neither deployments nor failures; only what their
 *   production Deploy action actually did counts.
 * - **Deployment frequency**: deployments in the window ÷ window days.
 * - **Lead time for changes**: median of (end of the production deploy −
 *   start of the pipeline execution). The commit time is approximated by the
 *   start of the push-triggered execution: the backend has no SCM access, so
 *   the commit's own timestamp is not available to it. Time spent waiting for
 *   manual approvals is included.
 * - **Change failure rate**: failed deployments ÷ production deploy attempts
 *   (deployments + executions whose production deploy failed), in percent.
 * - **Time to restore**: median over outages of (first failure → next
 *   successful production deploy or production rollback); consecutive failures
 *   belong to one outage; outages not yet restored are not counted.
 *
 * Bands use the thresholds of the 2023 Accelerate State of DevOps Report
 * (DORA / Google Cloud, "software delivery performance" clusters):
 * deployment frequency elite ≥ 1/day, high ≥ 1/week, medium ≥ 1/month;
 * lead time elite < 1 day, high < 1 week, medium < 1 month; change failure
 * rate elite ≤ 5 %, high ≤ 10 %, medium ≤ 15 %; time to restore elite < 1 hour,
 * high < 1 day, medium < 1 week; anything else is low.
 */
import type {
  DoraBand,
  DoraMetric,
  DoraTrendPoint,
} from '@slipway/plugin-codepipeline-common';
import { doraBands } from './doraBands';

export { doraBands };
import {
  actionsByExecution,
  latestPerAction,
  median,
  ms,
  PipelineHistory,
} from './history';

export interface DoraPipelineInput extends PipelineHistory {
  productionStage?: string;
}

export interface DoraInput {
  pipelines: DoraPipelineInput[];
  windowDays: number;
  now: Date;
}

export interface DoraResult {
  from: string;
  to: string;
  deploymentFrequency: DoraMetric;
  leadTimeForChanges: DoraMetric;
  changeFailureRate: DoraMetric;
  timeToRestore: DoraMetric;
  trend: DoraTrendPoint[];
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface Deployment {
  time: number;
  leadTimeMs?: number;
  replacedByRollback: boolean;
}

interface ProductionEvents {
  deployments: Deployment[];
  failedAttempts: number[];
  restoreSamples: Array<{ start: number; durationMs: number }>;
}

export function computeDora(input: DoraInput): DoraResult {
  const to = input.now.getTime();
  const from = to - input.windowDays * DAY;
  const inWindow = (time: number) => time >= from && time <= to;
  const events = input.pipelines.map(productionEvents);

  const deployments = events
    .flatMap(e => e.deployments)
    .filter(d => inWindow(d.time));
  const failedAttempts = events.flatMap(e => e.failedAttempts).filter(inWindow);
  const failureTimes = [
    ...failedAttempts,
    ...deployments.filter(d => d.replacedByRollback).map(d => d.time),
  ];
  const leadTimes = deployments.flatMap(d => d.leadTimeMs ?? []);
  const restores = events
    .flatMap(e => e.restoreSamples)
    .filter(sample => inWindow(sample.start))
    .map(sample => sample.durationMs);
  const attempts = deployments.length + failedAttempts.length;
  const hasHistory = input.pipelines.some(
    p => p.actions.length > 0 || p.executions.length > 0,
  );

  return {
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    deploymentFrequency: metric(
      hasHistory ? deployments.length / input.windowDays : undefined,
      'per-day',
      deployments.length,
      doraBands.deploymentFrequency,
    ),
    leadTimeForChanges: metric(
      hoursOf(median(leadTimes)),
      'hours',
      leadTimes.length,
      doraBands.leadTimeForChanges,
    ),
    changeFailureRate: metric(
      attempts > 0 ? (failureTimes.length / attempts) * 100 : undefined,
      'percent',
      attempts,
      doraBands.changeFailureRate,
    ),
    timeToRestore: metric(
      hoursOf(median(restores)),
      'hours',
      restores.length,
      doraBands.timeToRestore,
    ),
    trend: trend(input.windowDays, from, to, deployments, failureTimes),
  };
}

/** Deployments, failed attempts and restore samples of one pipeline, over all its loaded history. */
function productionEvents(pipeline: DoraPipelineInput): ProductionEvents {
  const executions = new Map(pipeline.executions.map(e => [e.executionId, e]));
  const deployments: Deployment[] = [];
  const failedAttempts: number[] = [];
  const rollbacks: Array<{ start: number; end: number }> = [];

  for (const [executionId, actions] of actionsByExecution(pipeline.actions)) {
    const production = actions.filter(
      a => a.stageName === pipeline.productionStage && a.category === 'Deploy',
    );
    if (production.length === 0) {
      continue;
    }
    const execution = executions.get(executionId);
    const latest = latestPerAction(production);
    const succeeded = latest.every(a => a.status === 'Succeeded');
    const end = max(latest.map(a => ms(a.lastUpdateTime)));
    if (execution?.executionType === 'ROLLBACK') {
      const start = min(production.map(a => ms(a.startTime)));
      if (succeeded && end !== undefined) {
        rollbacks.push({ start: start ?? end, end });
      }
      continue;
    }
    const failedAt = min(
      production
        .filter(a => a.status === 'Failed')
        .map(a => ms(a.lastUpdateTime) ?? ms(a.startTime)),
    );
    if (failedAt !== undefined) {
      failedAttempts.push(failedAt);
    }
    if (succeeded && end !== undefined) {
      const start =
        ms(execution?.startTime) ?? min(actions.map(a => ms(a.startTime)));
      deployments.push({
        time: end,
        leadTimeMs: start !== undefined ? Math.max(0, end - start) : undefined,
        replacedByRollback: false,
      });
    }
  }

  blameRollbacks(deployments, failedAttempts, rollbacks);
  return {
    deployments,
    failedAttempts,
    restoreSamples: outages(deployments, failedAttempts, rollbacks),
  };
}

/** A rollback replaces the deployment just before it, unless a failure came in between. */
function blameRollbacks(
  deployments: Deployment[],
  failedAttempts: number[],
  rollbacks: Array<{ start: number }>,
) {
  for (const rollback of rollbacks) {
    const lastDeployment = deployments
      .filter(d => d.time <= rollback.start)
      .sort((a, b) => b.time - a.time)[0];
    const failedSince = failedAttempts.some(
      t => t <= rollback.start && (!lastDeployment || t > lastDeployment.time),
    );
    if (lastDeployment && !failedSince) {
      lastDeployment.replacedByRollback = true;
    }
  }
}

function outages(
  deployments: Deployment[],
  failedAttempts: number[],
  rollbacks: Array<{ end: number }>,
): Array<{ start: number; durationMs: number }> {
  const events = [
    ...deployments.map(d => ({ time: d.time, failure: d.replacedByRollback })),
    ...failedAttempts.map(time => ({ time, failure: true })),
    ...rollbacks.map(r => ({ time: r.end, failure: false })),
  ].sort((a, b) => a.time - b.time);
  const samples: Array<{ start: number; durationMs: number }> = [];
  let openSince: number | undefined;
  for (const event of events) {
    if (event.failure) {
      openSince = openSince ?? event.time;
    } else if (openSince !== undefined) {
      samples.push({ start: openSince, durationMs: event.time - openSince });
      openSince = undefined;
    }
  }
  return samples;
}

function trend(
  windowDays: number,
  from: number,
  to: number,
  deployments: Deployment[],
  failureTimes: number[],
): DoraTrendPoint[] {
  const size = windowDays <= 7 ? DAY : 7 * DAY;
  const count = Math.ceil((to - from) / size);
  const bucketOf = (time: number) =>
    Math.min(count - 1, Math.floor((time - from) / size));
  return Array.from({ length: count }, (_, i) => {
    const inBucket = deployments.filter(d => bucketOf(d.time) === i);
    const leadTimes = inBucket.flatMap(d => d.leadTimeMs ?? []);
    return {
      periodStart: new Date(from + i * size).toISOString(),
      deployments: inBucket.length,
      failures: failureTimes.filter(t => bucketOf(t) === i).length,
      medianLeadTimeHours: roundOrUndefined(hoursOf(median(leadTimes))),
    };
  });
}

function metric(
  value: number | undefined,
  unit: DoraMetric['unit'],
  sampleSize: number,
  toBand: (value: number) => DoraBand,
): DoraMetric {
  return value === undefined
    ? { unit, sampleSize }
    : { value: round(value), unit, band: toBand(value), sampleSize };
}

function hoursOf(milliseconds: number | undefined): number | undefined {
  return milliseconds === undefined ? undefined : milliseconds / HOUR;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

function min(values: Array<number | undefined>): number | undefined {
  const defined = values.filter((v): v is number => v !== undefined);
  return defined.length ? Math.min(...defined) : undefined;
}

function max(values: Array<number | undefined>): number | undefined {
  const defined = values.filter((v): v is number => v !== undefined);
  return defined.length ? Math.max(...defined) : undefined;
}

function roundOrUndefined(value: number | undefined): number | undefined {
  return value === undefined ? undefined : round(value);
}
