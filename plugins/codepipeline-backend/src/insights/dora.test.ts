import { computeDora, doraBands, DoraPipelineInput } from './dora';
import {
  historyOf,
  hoursFromNow,
  NOW,
  productionRollback,
  ReleaseRun,
  releaseRun,
} from './__fixtures__/histories';

function releasePipeline(...runs: ReleaseRun[]): DoraPipelineInput {
  return { ...historyOf(...runs), productionStage: 'Deploy-prod' };
}

function dora(windowDays: number, ...pipelines: DoraPipelineInput[]) {
  return computeDora({ pipelines, windowDays, now: NOW });
}

describe('computeDora', () => {
  it('reports no data for an empty history, with an empty daily trend', () => {
    const result = dora(7, releasePipeline());
    expect(result.deploymentFrequency).toEqual({
      unit: 'per-day',
      sampleSize: 0,
    });
    expect(result.leadTimeForChanges).toEqual({ unit: 'hours', sampleSize: 0 });
    expect(result.changeFailureRate).toEqual({
      unit: 'percent',
      sampleSize: 0,
    });
    expect(result.timeToRestore).toEqual({ unit: 'hours', sampleSize: 0 });
    expect(result.trend).toHaveLength(7);
    expect(result.trend.every(p => p.deployments === 0)).toBe(true);
    expect(result.from).toBe(hoursFromNow(-7 * 24));
    expect(result.to).toBe(NOW.toISOString());
  });

  it('counts daily deployments as elite, with lead time from execution start to production deploy end', () => {
    const runs = Array.from({ length: 8 }, (_, day) =>
      releaseRun(`run-${day}`, -24 * day - 5, 'deployed', {
        approvalWaitHours: 0.5,
      }),
    );
    const result = dora(7, releasePipeline(...runs));
    // run-7 started 173 h ago: its deploy ended outside the 7-day window.
    expect(result.deploymentFrequency).toEqual({
      value: 1,
      unit: 'per-day',
      band: 'elite',
      sampleSize: 7,
    });
    expect(result.leadTimeForChanges).toEqual({
      value: 1,
      unit: 'hours',
      band: 'elite',
      sampleSize: 7,
    });
    expect(result.changeFailureRate).toMatchObject({ value: 0, band: 'elite' });
    expect(result.trend.map(p => p.deployments)).toEqual([1, 1, 1, 1, 1, 1, 1]);
    expect(result.trend[6].medianLeadTimeHours).toBe(1);
  });

  it('includes the wait for a manual approval in the lead time', () => {
    const result = dora(
      30,
      releasePipeline(
        releaseRun('approved-next-day', -100, 'deployed', {
          approvalWaitHours: 30,
        }),
      ),
    );
    expect(result.leadTimeForChanges).toMatchObject({
      value: 30.5,
      band: 'high',
      sampleSize: 1,
    });
  });

  it('ignores runs that failed before production, were superseded, or were stopped before deploying', () => {
    const result = dora(
      7,
      releasePipeline(
        releaseRun('deployed', -30, 'deployed'),
        releaseRun('tests-failed', -25, 'build-failed'),
        releaseRun('superseded', -20, 'superseded-at-approval'),
        releaseRun('stopped', -15, 'stopped-during-production-deploy'),
        releaseRun('waiting', -2, 'awaiting-approval'),
      ),
    );
    expect(result.deploymentFrequency.sampleSize).toBe(1);
    expect(result.changeFailureRate).toMatchObject({
      value: 0,
      sampleSize: 1,
    });
    expect(result.timeToRestore.sampleSize).toBe(0);
  });

  it('counts a failed production deploy and measures time to restore until the next deployment', () => {
    const result = dora(
      7,
      releasePipeline(
        releaseRun('broken', -50, 'production-deploy-failed'),
        releaseRun('fixed', -10, 'deployed'),
      ),
    );
    expect(result.changeFailureRate).toEqual({
      value: 50,
      unit: 'percent',
      band: 'low',
      sampleSize: 2,
    });
    // failed at -48.5 h, fixed deploy ended at -8.5 h
    expect(result.timeToRestore).toEqual({
      value: 40,
      unit: 'hours',
      band: 'medium',
      sampleSize: 1,
    });
    expect(result.trend.reduce((sum, p) => sum + p.failures, 0)).toBe(1);
  });

  it('blames a rollback on the deployment it replaced, and does not count it as a deployment', () => {
    const result = dora(
      7,
      releasePipeline(
        releaseRun('bad-release', -20, 'deployed'),
        productionRollback('rollback', -18),
      ),
    );
    expect(result.deploymentFrequency).toMatchObject({
      value: 0.14,
      band: 'high',
      sampleSize: 1,
    });
    expect(result.changeFailureRate).toMatchObject({
      value: 100,
      sampleSize: 1,
    });
    // deployed at -18.5 h, rollback finished at -17.8 h
    expect(result.timeToRestore).toMatchObject({
      value: 0.7,
      band: 'elite',
      sampleSize: 1,
    });
  });

  it('does not also blame the previous deployment when a rollback follows a failed deploy', () => {
    const result = dora(
      7,
      releasePipeline(
        releaseRun('good-release', -40, 'deployed'),
        releaseRun('broken', -20, 'production-deploy-failed'),
        productionRollback('automatic-rollback', -18),
      ),
    );
    expect(result.changeFailureRate).toMatchObject({
      value: 50,
      sampleSize: 2,
    });
    // failed at -18.5 h, rollback finished at -17.8 h
    expect(result.timeToRestore).toMatchObject({ value: 0.7, sampleSize: 1 });
  });

  it('counts a production stage retried after a failure as one failure and one deployment', () => {
    const run = releaseRun('retried', -10, 'deployed');
    run.actions.unshift({
      pipelineExecutionId: 'retried',
      stageName: 'Deploy-prod',
      actionName: 'Deploy',
      category: 'Deploy',
      status: 'Failed',
      startTime: hoursFromNow(-9),
      lastUpdateTime: hoursFromNow(-8.9),
    });
    const result = dora(7, releasePipeline(run));
    expect(result.deploymentFrequency.sampleSize).toBe(1);
    expect(result.changeFailureRate).toMatchObject({
      value: 50,
      sampleSize: 2,
    });
    expect(result.timeToRestore).toMatchObject({ value: 0.4, sampleSize: 1 });
  });

  it('pools the pipelines of an entity, each with its own production stage', () => {
    const worker: DoraPipelineInput = {
      ...historyOf(
        releaseRun('worker-ok', -60, 'deployed'),
        releaseRun('worker-broken', -30, 'production-deploy-failed'),
      ),
      productionStage: 'Deploy-prod',
    };
    const result = dora(
      7,
      releasePipeline(
        releaseRun('api-1', -50, 'deployed'),
        releaseRun('api-2', -5, 'deployed'),
      ),
      worker,
    );
    expect(result.deploymentFrequency).toMatchObject({
      value: 0.43,
      sampleSize: 3,
    });
    expect(result.changeFailureRate).toMatchObject({
      value: 25,
      band: 'low',
      sampleSize: 4,
    });
    // The worker never recovered: no restore sample.
    expect(result.timeToRestore.sampleSize).toBe(0);
  });

  it('treats a pipeline without a Deploy stage as having no deployments', () => {
    const result = computeDora({
      pipelines: [{ ...historyOf(releaseRun('x', -5, 'deployed')) }],
      windowDays: 30,
      now: NOW,
    });
    expect(result.deploymentFrequency).toMatchObject({
      value: 0,
      band: 'low',
      sampleSize: 0,
    });
    expect(result.changeFailureRate.value).toBeUndefined();
  });

  it('buckets 30 and 90 days into weeks', () => {
    const thirty = dora(
      30,
      releasePipeline(releaseRun('recent', -5, 'deployed')),
    );
    expect(thirty.trend).toHaveLength(5);
    expect(thirty.trend[0].periodStart).toBe(hoursFromNow(-30 * 24));
    expect(thirty.trend[4]).toMatchObject({ deployments: 1, failures: 0 });
    expect(dora(90, releasePipeline()).trend).toHaveLength(13);
  });
});

describe('doraBands (2023 State of DevOps thresholds)', () => {
  it.each([
    [1, 'elite'],
    [1 / 7, 'high'],
    [1 / 30, 'medium'],
    [1 / 31, 'low'],
  ])('deployment frequency %s per day is %s', (value, expected) => {
    expect(doraBands.deploymentFrequency(value)).toBe(expected);
  });

  it.each([
    [23.9, 'elite'],
    [24, 'high'],
    [167, 'high'],
    [168, 'medium'],
    [720, 'low'],
  ])('lead time %s h is %s', (value, expected) => {
    expect(doraBands.leadTimeForChanges(value)).toBe(expected);
  });

  it.each([
    [5, 'elite'],
    [10, 'high'],
    [15, 'medium'],
    [15.1, 'low'],
  ])('change failure rate %s %% is %s', (value, expected) => {
    expect(doraBands.changeFailureRate(value)).toBe(expected);
  });

  it.each([
    [0.9, 'elite'],
    [1, 'high'],
    [24, 'medium'],
    [168, 'low'],
  ])('time to restore %s h is %s', (value, expected) => {
    expect(doraBands.timeToRestore(value)).toBe(expected);
  });
});
