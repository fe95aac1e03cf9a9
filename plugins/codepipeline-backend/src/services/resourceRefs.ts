/** A pipeline the entity resolves to. */
export interface PipelineRef {
  arn: string;
  name: string;
  partition: string;
  accountId: string;
  region: string;
}

/** An ECS service the entity resolves to. */
export interface EcsServiceRef {
  arn: string;
  partition: string;
  accountId: string;
  region: string;
  clusterName: string;
  serviceName: string;
}

/** Everything an entity's annotations resolve to, computed once per request. */
export interface EntityResources {
  entityRef: string;
  pipelines: PipelineRef[];
  ecsServices: EcsServiceRef[];
}

/** Cache lifetimes, from `codepipeline.cache` (and `codepipeline.liveUpdates`). */
export interface CacheTtls {
  activeTtlMs: number;
  idleTtlMs: number;
  definitionTtlMs: number;
  /**
   * Set while live updates are on: how long an idle answer about a pipeline
   * or ECS service lasts. Their change events drop it, so the cache window
   * no longer has to bound staleness; it bounds only how stale a view gets
   * when an event is lost.
   */
  liveIdleTtlMs?: number;
}
