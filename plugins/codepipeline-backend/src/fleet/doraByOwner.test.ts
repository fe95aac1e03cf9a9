import { doraByOwner } from './doraByOwner';
import type { DoraSnapshot } from './summarize';

function dora(
  deploymentsPerDay: number,
  deployments: number,
  leadTimeHours: number,
  failureRate: number,
  attempts: number,
): DoraSnapshot {
  return {
    deploymentFrequency: {
      value: deploymentsPerDay,
      unit: 'per-day',
      sampleSize: deployments,
    },
    leadTimeForChanges: {
      value: leadTimeHours,
      unit: 'hours',
      sampleSize: deployments,
    },
    changeFailureRate: {
      value: failureRate,
      unit: 'percent',
      sampleSize: attempts,
    },
    timeToRestore: { unit: 'hours', sampleSize: 0 },
  };
}

describe('doraByOwner', () => {
  it('pools the warm entities of each owner and counts the others as pending', () => {
    const groups = doraByOwner([
      {
        entityRef: 'component:default/orders-api',
        owner: 'group:default/payments',
        dora: dora(1, 30, 2, 10, 30),
      },
      {
        entityRef: 'component:default/checkout-api',
        owner: 'group:default/payments',
        dora: dora(0.5, 10, 10, 0, 10),
      },
      {
        entityRef: 'component:default/billing-api',
        owner: 'group:default/payments',
      },
    ]);
    expect(groups).toEqual([
      {
        owner: 'group:default/payments',
        windowDays: 30,
        entities: [
          'component:default/orders-api',
          'component:default/checkout-api',
        ],
        pending: 1,
        deploymentFrequency: {
          value: 1.5,
          unit: 'per-day',
          band: 'elite',
          sampleSize: 40,
        },
        // (2 h × 30 + 10 h × 10) / 40
        leadTimeForChanges: {
          value: 4,
          unit: 'hours',
          band: 'elite',
          sampleSize: 40,
        },
        // 3 failures of 40 attempts
        changeFailureRate: {
          value: 7.5,
          unit: 'percent',
          band: 'high',
          sampleSize: 40,
        },
        timeToRestore: {
          unit: 'hours',
          sampleSize: 0,
          value: undefined,
          band: undefined,
        },
      },
    ]);
  });
});
