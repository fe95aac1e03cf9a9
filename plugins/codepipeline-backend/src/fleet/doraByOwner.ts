import type {
  DoraBand,
  DoraMetric,
  FleetDoraGroup,
} from '@slipway/plugin-codepipeline-common';
import { doraBands } from '../insights/doraBands';
import type { DoraSnapshot } from './summarize';

/** One entity's part in its owner's DORA: its 30-day metrics, or none yet. */
export interface OwnedDora {
  entityRef: string;
  owner: string;
  dora?: DoraSnapshot;
}

/**
 * Pools per-entity 30-day DORA per owner: deployment frequency is summed
 * (deployments per day of the group), change failure rate is taken over all
 * production deploy attempts (each entity's rate weighted by its attempts),
 * lead time and time to restore are the entities' medians averaged with their
 * sample sizes as weights (the raw events are not kept, so this is not a
 * pooled median). Entities without metrics yet count as `pending`.
 */
export function doraByOwner(entities: OwnedDora[]): FleetDoraGroup[] {
  const byOwner = new Map<string, OwnedDora[]>();
  for (const entity of entities) {
    const owner = entity.owner || 'unowned';
    byOwner.set(owner, [...(byOwner.get(owner) ?? []), entity]);
  }
  return [...byOwner.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([owner, members]) => {
      const counted = members.flatMap(m =>
        m.dora ? [{ ref: m.entityRef, dora: m.dora }] : [],
      );
      const metrics = counted.map(c => c.dora);
      return {
        owner,
        windowDays: 30 as const,
        entities: counted.map(c => c.ref),
        pending: members.length - counted.length,
        deploymentFrequency: summed(metrics, 'deploymentFrequency', 'per-day'),
        leadTimeForChanges: weighted(metrics, 'leadTimeForChanges', 'hours'),
        changeFailureRate: weighted(metrics, 'changeFailureRate', 'percent'),
        timeToRestore: weighted(metrics, 'timeToRestore', 'hours'),
      };
    });
}

function summed(
  snapshots: DoraSnapshot[],
  key: keyof DoraSnapshot,
  unit: DoraMetric['unit'],
): DoraMetric {
  const metrics = snapshots.map(s => s[key]);
  const withValue = metrics.filter(m => m.value !== undefined);
  const value =
    withValue.length > 0
      ? round(withValue.reduce((sum, m) => sum + m.value!, 0))
      : undefined;
  return metric(metrics, value, doraBands[key], unit);
}

function weighted(
  snapshots: DoraSnapshot[],
  key: keyof DoraSnapshot,
  unit: DoraMetric['unit'],
): DoraMetric {
  const metrics = snapshots.map(s => s[key]);
  const withValue = metrics.filter(
    m => m.value !== undefined && m.sampleSize > 0,
  );
  const weight = withValue.reduce((sum, m) => sum + m.sampleSize, 0);
  const value =
    weight > 0
      ? round(
          withValue.reduce((sum, m) => sum + m.value! * m.sampleSize, 0) /
            weight,
        )
      : undefined;
  return metric(metrics, value, doraBands[key], unit);
}

function metric(
  metrics: DoraMetric[],
  value: number | undefined,
  band: (value: number) => DoraBand,
  unit: DoraMetric['unit'],
): DoraMetric {
  return {
    value,
    unit,
    band: value === undefined ? undefined : band(value),
    sampleSize: metrics.reduce((sum, m) => sum + m.sampleSize, 0),
  };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
