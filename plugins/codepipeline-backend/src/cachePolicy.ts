import type { EntityDoraResponse } from '@slipway/plugin-codepipeline-common';
import type { CoalescingCache } from './cache';
import { isExecutionFinished } from './executionStatus';
import type { CacheTtls, PipelineRef } from './services/resourceRefs';

/**
 * How fresh a cached answer must be:
 * - `active`: something is moving (a run in progress, including one waiting
 *   at a manual approval, which can be decided in the AWS console at any
 *   moment), or the answer is an error worth retrying soon;
 * - `idle`: nothing is moving;
 * - `settled`: it changes rarely or never (pipeline structures, tags,
 *   finished executions, long insight windows).
 */
export type Freshness = 'active' | 'idle' | 'settled';

/** The windows the DORA route accepts; each is cached under its own key. */
export const DORA_WINDOW_DAYS: ReadonlyArray<EntityDoraResponse['windowDays']> =
  [7, 30, 90];

/** Every cache key the plugin writes about one pipeline, in one place. */
export const pipelineCacheKeys = {
  definition: (ref: PipelineRef) => `pipeline:definition:${ref.arn}`,
  tags: (ref: PipelineRef) => `pipeline:tags:${ref.arn}`,
  /** The tags a write checks ownership against. */
  ownershipTags: (ref: PipelineRef) => `pipeline:ownership-tags:${ref.arn}`,
  status: (ref: PipelineRef) => `pipeline:status:${ref.arn}`,
  /** Bumped by a write; execution pages and details are keyed by it (cursors cannot be enumerated). */
  generation: (ref: PipelineRef) => `pipeline:generation:${ref.arn}`,
  executions: (
    ref: PipelineRef,
    generation: number,
    page: { limit: number; cursor?: string },
  ) =>
    `pipeline:executions:${ref.arn}:${generation}:${page.limit}:${
      page.cursor ?? ''
    }`,
  execution: (ref: PipelineRef, generation: number, executionId: string) =>
    `pipeline:execution:${ref.arn}:${generation}:${executionId}`,
  insightsRecent: (ref: PipelineRef) => `insights:recent:${ref.arn}`,
  insightsWindow: (ref: PipelineRef, windowDays: number) =>
    `insights:window:${ref.arn}:${windowDays}`,
};

/** Every cache key the plugin writes about ECS services and CodeDeploy, in one place. */
export const ecsCacheKeys = {
  service: (serviceArn: string) => `ecs:service:${serviceArn}`,
  codeDeployDeployment: (where: AccountRegion, deploymentId: string) =>
    `codedeploy:deployment:${where.accountId}:${where.region}:${deploymentId}`,
  /** The ECS services a deployment group deploys (the resolver follows CodeDeployToECS actions to them). */
  deploymentGroupServices: (
    where: AccountRegion,
    application: string,
    deploymentGroup: string,
  ) =>
    `codedeploy:group-services:${where.accountId}:${where.region}:${application}:${deploymentGroup}`,
};

type AccountRegion = { accountId: string; region: string };

/** The delivery overview's per-entity summaries (see fleet/FleetSummaryLoader). */
export const fleetCacheKeys = {
  summary: (entityRef: string) => `fleet:summary:${entityRef}`,
};

/**
 * The keys that show the pipeline's runs — its status, the delivery timeline
 * and every DORA window — and so must go after a write. Execution pages and
 * details are not listed: they are made stale by bumping the generation key
 * ({@link CachePolicy.invalidate}). The definition and tags are left alone:
 * no control action changes them.
 */
export function keysFor(ref: PipelineRef): string[] {
  return [
    pipelineCacheKeys.status(ref),
    pipelineCacheKeys.insightsRecent(ref),
    ...DORA_WINDOW_DAYS.map(days =>
      pipelineCacheKeys.insightsWindow(ref, days),
    ),
  ];
}

/**
 * The one cache policy every service uses: which TTL applies (from
 * `codepipeline.cache`) and what to drop after a write.
 */
export class CachePolicy {
  constructor(
    private readonly cache: CoalescingCache,
    readonly ttls: CacheTtls,
  ) {}

  /** Milliseconds to keep an answer of the given freshness. */
  ttl(freshness: Freshness): number {
    switch (freshness) {
      case 'active':
        return this.ttls.activeTtlMs;
      case 'idle':
        return this.ttls.idleTtlMs;
      default:
        return this.ttls.definitionTtlMs;
    }
  }

  /**
   * `active` or `idle`, for answers that change events drop (pipelines, their
   * executions, ECS services, fleet summaries): idle ones last the live
   * window while live updates are on.
   */
  ttlFor(active: boolean): number {
    if (active) return this.ttl('active');
    return this.ttls.liveIdleTtlMs ?? this.ttl('idle');
  }

  /** Active while any of the executions is unfinished (in progress, stopping, waiting at an approval). */
  ttlForExecutions(executions: Array<{ status: string }>): number {
    return this.ttlFor(executions.some(e => isExecutionActive(e.status)));
  }

  /** After a write: drops everything that shows the pipeline ({@link keysFor}) and bumps its generation. */
  async invalidate(ref: PipelineRef): Promise<void> {
    await Promise.all([
      ...keysFor(ref).map(key => this.cache.delete(key)),
      this.cache.set(
        pipelineCacheKeys.generation(ref),
        Date.now(),
        this.ttl('settled'),
      ),
    ]);
  }
}

/**
 * An execution that can still change: in progress (also while it waits at a
 * manual approval) or stopping.
 */
export function isExecutionActive(status: string | undefined): boolean {
  return status !== undefined && !isExecutionFinished(status);
}

/**
 * Whether a pipeline counts as active for caching and polling: an action
 * runs, an approval waits, or the latest execution has not finished.
 */
export function isPipelineActive(pipeline: {
  stages: Array<{
    actions: Array<{ status?: string; awaitingApproval?: boolean }>;
  }>;
  latestExecution?: { status: string };
}): boolean {
  return (
    pipeline.stages.some(stage =>
      stage.actions.some(
        action => action.status === 'InProgress' || action.awaitingApproval,
      ),
    ) || isExecutionActive(pipeline.latestExecution?.status)
  );
}
