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

/** Cache lifetimes, from `codepipeline.cache`. */
export interface CacheTtls {
  activeTtlMs: number;
  idleTtlMs: number;
  definitionTtlMs: number;
}
