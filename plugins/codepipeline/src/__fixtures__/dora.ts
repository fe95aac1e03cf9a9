import type {
  DoraTrendPoint,
  EntityDoraResponse,
  ProductionStage,
} from '@slipway/plugin-codepipeline-common';
import { CHECKOUT_PIPELINE_ARN, HOTFIX_PIPELINE_ARN } from './pipelines';

const TO = '2026-11-22T10:00:00.000Z';
const DAY_MS = 86_400_000;

function daysBefore(days: number): string {
  return new Date(Date.parse(TO) - days * DAY_MS).toISOString();
}

/** Trend points `stepDays` apart, ending at TO, from per-period counts. */
function trend(
  stepDays: number,
  deployments: number[],
  failures: number[],
): DoraTrendPoint[] {
  return deployments.map((count, i) => ({
    periodStart: daysBefore((deployments.length - i) * stepDays),
    deployments: count,
    failures: failures[i],
    medianLeadTimeHours: count > 0 ? 0.75 : undefined,
  }));
}

const checkoutPipeline = {
  arn: CHECKOUT_PIPELINE_ARN,
  name: 'checkout-web',
  productionStage: 'Deploy-prod',
};

/** checkout-web deploys to prod, which slipway.environments marks production. */
const checkoutProductionStage: ProductionStage = {
  pipelineArn: CHECKOUT_PIPELINE_ARN,
  pipeline: 'checkout-web',
  stage: 'Deploy-prod',
  reason: 'stage-environment',
  explanation: 'deploys to prod, marked production in slipway.environments',
};

/** 72 production deployments in 30 days, 3 failed, restored within the hour: elite on all four. */
export const eliteTeam30Days: EntityDoraResponse = {
  entityRef: 'component:default/checkout-web',
  windowDays: 30,
  from: daysBefore(30),
  to: TO,
  deploymentFrequency: {
    value: 2.4,
    unit: 'per-day',
    band: 'elite',
    sampleSize: 72,
  },
  leadTimeForChanges: {
    value: 0.75,
    unit: 'hours',
    band: 'elite',
    sampleSize: 72,
  },
  changeFailureRate: {
    value: 4.2,
    unit: 'percent',
    band: 'elite',
    sampleSize: 72,
  },
  timeToRestore: { value: 0.5, unit: 'hours', band: 'elite', sampleSize: 3 },
  trend: trend(7, [14, 15, 17, 18, 8], [1, 0, 1, 1, 0]),
  pipelines: [checkoutPipeline],
  productionStages: [checkoutProductionStage],
  truncated: false,
  refreshedAt: TO,
};

/** The same team over the last week, one point per day. */
export const eliteTeam7Days: EntityDoraResponse = {
  ...eliteTeam30Days,
  windowDays: 7,
  from: daysBefore(7),
  deploymentFrequency: {
    value: 2.6,
    unit: 'per-day',
    band: 'elite',
    sampleSize: 18,
  },
  leadTimeForChanges: {
    value: 0.7,
    unit: 'hours',
    band: 'elite',
    sampleSize: 18,
  },
  changeFailureRate: {
    value: 0,
    unit: 'percent',
    band: 'elite',
    sampleSize: 18,
  },
  timeToRestore: { unit: 'hours', sampleSize: 0 },
  trend: trend(1, [3, 2, 4, 0, 0, 5, 4], [0, 0, 0, 0, 0, 0, 0]),
};

/**
 * 90 days of a slower quarter: weekly releases, long approvals, a bad month
 * of rollbacks; history paging stopped early and the hotfix pipeline was throttled.
 */
export const slowQuarter90Days: EntityDoraResponse = {
  entityRef: 'component:default/checkout-web',
  windowDays: 90,
  from: daysBefore(90),
  to: TO,
  deploymentFrequency: {
    value: 0.144,
    unit: 'per-day',
    band: 'medium',
    sampleSize: 13,
  },
  leadTimeForChanges: {
    value: 52,
    unit: 'hours',
    band: 'medium',
    sampleSize: 13,
  },
  changeFailureRate: {
    value: 38.5,
    unit: 'percent',
    band: 'low',
    sampleSize: 13,
  },
  timeToRestore: { value: 30, unit: 'hours', band: 'high', sampleSize: 5 },
  trend: trend(
    7,
    [1, 1, 1, 2, 1, 1, 0, 1, 1, 2, 1, 0, 1],
    [0, 0, 1, 1, 0, 1, 0, 1, 0, 1, 0, 0, 0],
  ),
  pipelines: [
    checkoutPipeline,
    {
      arn: HOTFIX_PIPELINE_ARN,
      name: 'checkout-web-hotfix',
      error: {
        kind: 'throttled',
        message: 'Rate exceeded (ListPipelineExecutions).',
      },
    },
  ],
  productionStages: [checkoutProductionStage],
  truncated: true,
  refreshedAt: TO,
};

/** A brand-new service: its pipeline has never reached production. */
export const noHistoryYet: EntityDoraResponse = {
  entityRef: 'component:default/checkout-web',
  windowDays: 30,
  from: daysBefore(30),
  to: TO,
  deploymentFrequency: { value: 0, unit: 'per-day', sampleSize: 0 },
  leadTimeForChanges: { unit: 'hours', sampleSize: 0 },
  changeFailureRate: { unit: 'percent', sampleSize: 0 },
  timeToRestore: { unit: 'hours', sampleSize: 0 },
  trend: trend(7, [0, 0, 0, 0, 0], [0, 0, 0, 0, 0]),
  pipelines: [checkoutPipeline],
  productionStages: [checkoutProductionStage],
  truncated: false,
  refreshedAt: TO,
};

/** The fixture for a window, as the fake backend answers. */
export function doraForWindow(windowDays: 7 | 30 | 90): EntityDoraResponse {
  if (windowDays === 7) return eliteTeam7Days;
  return windowDays === 90 ? slowQuarter90Days : eliteTeam30Days;
}

/** The backend has no AWS credentials: no pipeline's history could be read. */
export const doraAwsNotConfigured: EntityDoraResponse = {
  ...noHistoryYet,
  pipelines: [
    {
      arn: CHECKOUT_PIPELINE_ARN,
      name: 'checkout-web',
      error: {
        kind: 'account-not-configured',
        message:
          'No AWS credentials are configured for pipeline checkout-web: add its account under aws.accounts.',
      },
    },
  ],
};

/** One pipeline has not reached production; AWS throttled reading the other. */
export const doraNoDeploymentsInTheReadablePipeline: EntityDoraResponse = {
  ...noHistoryYet,
  pipelines: [
    checkoutPipeline,
    {
      arn: HOTFIX_PIPELINE_ARN,
      name: 'checkout-web-hotfix',
      error: {
        kind: 'throttled',
        message: 'Rate exceeded (ListPipelineExecutions).',
      },
    },
  ],
};
