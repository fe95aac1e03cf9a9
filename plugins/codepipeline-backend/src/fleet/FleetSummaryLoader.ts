import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  PRODUCTION_STAGE_ANNOTATION,
  type ResourceError,
} from '@slipway/plugin-codepipeline-common';
import { withAwsDeadline } from '@slipway/plugin-codepipeline-node';
import { toResourceError } from '../aws/errors';
import type { CoalescingCache } from '../cache';
import { CachePolicy, fleetCacheKeys } from '../cachePolicy';
import type { EnvironmentKnowledge } from '../insights/productionStage';
import type { DeliveryInsightsService } from '../services/DeliveryInsightsService';
import type { EcsStatusService } from '../services/EcsStatusService';
import type { EntityResourceResolverService } from '../services/entityResourceResolverServiceRef';
import type { PipelineStatusService } from '../services/PipelineStatusService';
import type { CacheTtls } from '../services/resourceRefs';
import { RECENT_EXECUTIONS } from '../services/PipelineHistoryService';
import { SLIPWAY_ANNOTATIONS, type FleetEntity } from './fleetEntities';
import { createLimiter } from './limiter';
import { summarize, type DeliverySummary } from './summarize';

/** A cached summary and until when it is fresh; a stale one is shown while it reloads. */
export interface StoredSummary {
  summary: DeliverySummary;
  freshUntil: number;
  /** Of the entity's Slipway annotations it was made for: changed annotations make it a miss. */
  annotationsDigest: string;
}

/** One entity's load gives up on AWS after this (its per-call timeouts usually end it sooner). */
const LOAD_DEADLINE_MS = 60_000;

/**
 * Per-entity delivery summaries for the overview, built only from the cached
 * services the entity routes use (status, ECS, timeline, 30-day DORA) — no AWS
 * call path of its own.
 *
 * `read` answers at once from the cache; every entity without a summary, or
 * with one past its freshness window, is (re)loaded in the background under a
 * concurrency limit (`codepipeline.overview.concurrency`), never twice at the
 * same time in this process. A summary is fresh for the active window while
 * anything moves (or a part failed) and for the idle window otherwise — the
 * same rule as the answers it is made of — and kept, stale, a while longer so
 * that polling pages do not flicker back to `loading`.
 */
export class FleetSummaryLoader {
  private readonly loading = new Map<string, Promise<void>>();
  private readonly limit: <T>(task: () => Promise<T>) => Promise<T>;
  private readonly policy: CachePolicy;
  /** Runs background loads outside the request's context (its deadline must not cut them). */
  private readonly detached = AsyncLocalStorage.snapshot();

  constructor(
    private readonly deps: {
      cache: CoalescingCache;
      ttls: CacheTtls;
      resolver: EntityResourceResolverService;
      pipelines: PipelineStatusService;
      ecs: EcsStatusService;
      insights: DeliveryInsightsService;
      environments: EnvironmentKnowledge;
      concurrency: number;
      logger?: LoggerService;
    },
  ) {
    this.limit = createLimiter(deps.concurrency);
    this.policy = new CachePolicy(deps.cache, deps.ttls);
  }

  /**
   * The cached summaries of `entities` (by entity ref); starts a background
   * load for each one missing or stale.
   */
  async read(
    entities: FleetEntity[],
  ): Promise<Map<string, DeliverySummary | undefined>> {
    const now = Date.now();
    const stored = await Promise.all(
      entities.map(e => this.deps.cache.get<StoredSummary>(cacheKeyOf(e))),
    );
    const summaries = new Map<string, DeliverySummary | undefined>();
    entities.forEach((entity, i) => {
      const found =
        stored[i]?.annotationsDigest === annotationsDigestOf(entity)
          ? stored[i]
          : undefined;
      if (!found || found.freshUntil <= now) {
        this.startLoad(entity);
      }
      summaries.set(entity.entityRef, found?.summary);
    });
    return summaries;
  }

  /** Waits until none of these entities is loading, or `ms` has passed. */
  async settled(entities: FleetEntity[], ms: number): Promise<void> {
    const pending = entities.flatMap(
      e => this.loading.get(cacheKeyOf(e)) ?? [],
    );
    if (pending.length === 0 || ms <= 0) {
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(pending),
      new Promise<void>(resolve => {
        timer = setTimeout(resolve, ms);
      }),
    ]).finally(() => clearTimeout(timer));
  }

  /** Loads running or queued in this process (for tests and logs). */
  get loadsPending(): number {
    return this.loading.size;
  }

  private startLoad(entity: FleetEntity): void {
    const key = cacheKeyOf(entity);
    if (this.loading.has(key)) {
      return;
    }
    const load = this.detached(() =>
      this.limit(async () => {
        const summary = await withAwsDeadline(LOAD_DEADLINE_MS, () =>
          this.load(entity),
        );
        const freshMs = this.policy.ttlFor(summary.active);
        // Outside the load's deadline scope: a summary with timed-out parts
        // is still cached, for the short window, like any other error.
        await this.detached(() =>
          this.deps.cache.set<StoredSummary>(
            key,
            {
              summary,
              freshUntil: Date.now() + freshMs,
              annotationsDigest: annotationsDigestOf(entity),
            },
            Math.max(freshMs, this.deps.ttls.definitionTtlMs),
          ),
        );
      }),
    )
      .catch(error =>
        this.deps.logger?.warn(
          `Delivery overview: could not summarize ${entity.entityRef}: ${error}`,
        ),
      )
      .finally(() => this.loading.delete(key));
    this.loading.set(key, load);
  }

  private async load(fleetEntity: FleetEntity): Promise<DeliverySummary> {
    const errors: Array<{ name: string; error: ResourceError }> = [];
    const failed = (name: string) => (error: unknown) => {
      errors.push({ name, error: toResourceError(error, name) });
      return undefined;
    };
    let resolved;
    try {
      resolved = {
        ...(await this.deps.resolver.resolve(fleetEntity.entity, 'ecs')),
        entity: fleetEntity.entity,
      };
    } catch (error) {
      failed('annotations')(error);
      return summarize({
        pipelines: [],
        services: [],
        errors,
        environments: this.deps.environments,
        now: new Date(),
      });
    }
    const [pipelines, services, timeline, dora] = await Promise.all([
      this.deps.pipelines.getPipelines(resolved.pipelines),
      this.deps.ecs.getServices(resolved.ecsServices),
      this.deps.insights
        .timelineOf(resolved, { limit: RECENT_EXECUTIONS })
        .catch(failed('delivery timeline')),
      resolved.pipelines.length > 0
        ? this.deps.insights
            .doraOf(resolved, { windowDays: 30 })
            .catch(failed('DORA metrics'))
        : undefined,
    ]);
    return summarize({
      pipelines,
      services,
      timeline,
      dora,
      errors: [
        ...errors,
        ...[
          ...resolved.pipelineLookupFailures,
          ...resolved.ecsLookupFailures,
        ].map(f => ({ name: f.description, error: f.error })),
      ],
      environments: this.deps.environments,
      now: new Date(),
    });
  }
}

function cacheKeyOf(entity: FleetEntity): string {
  return fleetCacheKeys.summary(entity.entityRef);
}

/** An entity whose Slipway annotations change gets a new summary at once. */
function annotationsDigestOf(entity: FleetEntity): string {
  const annotations = entity.entity.metadata.annotations ?? {};
  const relevant = [...SLIPWAY_ANNOTATIONS, PRODUCTION_STAGE_ANNOTATION].map(
    name => annotations[name] ?? '',
  );
  return createHash('sha256')
    .update(JSON.stringify(relevant))
    .digest('hex')
    .slice(0, 16);
}
