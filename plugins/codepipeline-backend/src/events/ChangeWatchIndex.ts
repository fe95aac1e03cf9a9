import { LIVE_RECHECK_SECONDS } from '@slipway/plugin-codepipeline-common';
import type { CoalescingCache } from '../cache';
import type { EntityResources } from '../services/resourceRefs';

/** How long an entity stays watched after it was last read: a live page reads every LIVE_RECHECK_SECONDS. */
const WATCH_TTL_MS = Math.max(60 * 60_000, 4 * LIVE_RECHECK_SECONDS * 1000);
/** A replica re-records an entity's resources at most this often. */
const RECORD_EVERY_MS = 5 * 60_000;

const watchKey = (arn: string) => `watch:entities:${arn}`;

/**
 * Which entities resolve to an AWS resource, in the shared cache so any
 * replica can map a change event to the entities to notify. Filled as
 * entities are read (the only entities whose cached answers an event can
 * make stale); a resource no entity read lately has no entry, so its events
 * are dropped after one cache read.
 */
export class ChangeWatchIndex {
  private readonly recordedAt = new Map<string, number>();

  constructor(private readonly cache: CoalescingCache) {}

  /** Notes that the entity resolves to these pipelines and services. */
  async record(resources: EntityResources): Promise<void> {
    const now = Date.now();
    this.forgetOlderThan(now - RECORD_EVERY_MS);
    const arns = [
      ...resources.pipelines.map(p => p.arn),
      ...resources.ecsServices.map(s => s.arn),
    ].filter(arn => {
      const key = `${resources.entityRef}|${arn}`;
      if (now - (this.recordedAt.get(key) ?? 0) < RECORD_EVERY_MS) {
        return false;
      }
      this.recordedAt.set(key, now);
      return true;
    });
    await Promise.all(arns.map(arn => this.add(arn, resources.entityRef)));
  }

  private forgetOlderThan(cutoff: number) {
    if (this.recordedAt.size < 10_000) return;
    for (const [key, at] of this.recordedAt) {
      if (at < cutoff) this.recordedAt.delete(key);
    }
  }

  /** The entities that resolved to the resource lately; [] when none did. */
  async watchers(arn: string): Promise<string[]> {
    return (await this.cache.get<string[]>(watchKey(arn))) ?? [];
  }

  /**
   * Read-modify-write on the shared cache: two replicas adding different
   * entities to one ARN in the same instant can lose one. Rare (entities
   * sharing a resource, first read together), and self-healing: the lost
   * entity is recorded again on its next read after RECORD_EVERY_MS, which
   * live pages make at least every LIVE_RECHECK_SECONDS.
   */
  private async add(arn: string, entityRef: string) {
    const current = await this.watchers(arn);
    if (current.includes(entityRef)) {
      await this.cache.set(watchKey(arn), current, WATCH_TTL_MS);
      return;
    }
    await this.cache.set(watchKey(arn), [...current, entityRef], WATCH_TTL_MS);
  }
}
