import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import {
  ENVIRONMENT_TAG,
  PRODUCTION_STAGE_ANNOTATION,
  safeEnvironmentName,
  type EntityDoraResponse,
  type EntityTimelineResponse,
  type ProductionStage,
  type ResourceError,
} from '@slipway/plugin-codepipeline-common';
import type { PipelineDefinition } from '../aws/codePipeline';
import { toResourceError } from '../aws/errors';
import type { LoadOptions } from '../cache';
import type { ConsoleLinks } from '../consoleLinks';
import { computeDora } from '../insights/dora';
import type { PipelineHistory } from '../insights/history';
import {
  chooseProductionStage,
  EnvironmentKnowledge,
  parseStageOverrides,
} from '../insights/productionStage';
import { buildTimeline } from '../insights/timeline';
import { executionConsoleUrl } from './consoleUrls';
import { EcsStatusService } from './EcsStatusService';
import { EntityAccessGate } from './EntityAccessGate';
import type { ResolvedEntity } from './EntityResourceResolver';
import { PipelineDefinitions } from './PipelineDefinitions';
import { PipelineHistoryService } from './PipelineHistoryService';
import type { PipelineRef } from './resourceRefs';

export type DoraWindowDays = EntityDoraResponse['windowDays'];

type Loaded =
  | {
      ref: PipelineRef;
      definition: PipelineDefinition;
      history: PipelineHistory;
      production: ProductionStage;
      error?: undefined;
    }
  | { ref: PipelineRef; error: ResourceError };

/**
 * The entity's delivery insights: the commit-to-production timeline and the
 * DORA metrics. Same path as the status routes — the entity is read as the
 * caller, `codepipeline.entity.read` is checked, its resources are resolved —
 * then the pure modules in `../insights` decide each pipeline's production
 * stage and do the maths on cached history.
 */
export class DeliveryInsightsService {
  constructor(
    private readonly deps: {
      access: EntityAccessGate;
      definitions: PipelineDefinitions;
      history: PipelineHistoryService;
      ecs: EcsStatusService;
      environments: EnvironmentKnowledge;
      /** How console links are built (`aws.sso`). Default: straight to the console. */
      links?: ConsoleLinks;
    },
  ) {}

  async timeline(
    entityRef: string,
    credentials: BackstageCredentials,
    request: { limit: number; refresh?: boolean },
  ): Promise<EntityTimelineResponse> {
    const resolved = await this.deps.access.resolve(
      entityRef,
      credentials,
      'ecs',
      { refresh: request.refresh },
    );
    return this.timelineOf(resolved, request);
  }

  /**
   * The timeline of an entity the caller was already authorized for and
   * whose resources are resolved (scope `ecs`); the delivery overview reads
   * it so, after one batched permission check for all its entities.
   */
  async timelineOf(
    resolved: ResolvedEntity & { entity: Entity },
    request: { limit: number; refresh?: boolean },
  ): Promise<EntityTimelineResponse> {
    const options = { refresh: request.refresh };
    const [pipelines, services] = await Promise.all([
      this.load(
        resolved.entity,
        resolved.pipelines,
        ref => this.deps.history.recent(ref, options),
        options,
      ),
      this.deps.ecs.getServices(resolved.ecsServices, options),
    ]);
    const changes = buildTimeline({
      pipelines: pipelines.flatMap(p =>
        p.error
          ? []
          : [
              {
                ...p.history,
                arn: p.ref.arn,
                name: p.ref.name,
                definition: p.definition,
                productionStage: p.production.stage ?? null,
                consoleUrl: (id: string) =>
                  executionConsoleUrl(p.ref, id, this.deps.links),
              },
            ],
      ),
      services: services.flatMap(s => s.status ?? []),
      limit: request.limit,
      now: new Date(),
    });
    return {
      entityRef: resolved.entityRef,
      changes,
      errors: [
        ...pipelines.flatMap(p =>
          p.error ? [{ arn: p.ref.arn, name: p.ref.name, error: p.error }] : [],
        ),
        ...services.flatMap(s =>
          s.error ? [{ arn: s.arn, name: s.name, error: s.error }] : [],
        ),
        ...[
          ...resolved.pipelineLookupFailures,
          ...resolved.ecsLookupFailures,
        ].map(f => ({ arn: '', name: f.description, error: f.error })),
      ],
      refreshedAt: new Date().toISOString(),
    };
  }

  async dora(
    entityRef: string,
    credentials: BackstageCredentials,
    request: { windowDays: DoraWindowDays; refresh?: boolean },
  ): Promise<EntityDoraResponse> {
    const resolved = await this.deps.access.resolve(
      entityRef,
      credentials,
      'pipelines',
      { refresh: request.refresh },
    );
    return this.doraOf(resolved, request);
  }

  /** DORA of an entity the caller was already authorized for (see {@link DeliveryInsightsService.timelineOf}). */
  async doraOf(
    resolved: ResolvedEntity & { entity: Entity },
    request: { windowDays: DoraWindowDays; refresh?: boolean },
  ): Promise<EntityDoraResponse> {
    const options = { refresh: request.refresh };
    const pipelines = await this.load(
      resolved.entity,
      resolved.pipelines,
      ref => this.deps.history.window(ref, request.windowDays, options),
      options,
    );
    const metrics = computeDora({
      pipelines: pipelines.flatMap(p =>
        p.error ? [] : [{ ...p.history, productionStage: p.production.stage }],
      ),
      windowDays: request.windowDays,
      now: new Date(),
    });
    return {
      entityRef: resolved.entityRef,
      windowDays: request.windowDays,
      ...metrics,
      pipelines: [
        ...pipelines.map(p =>
          p.error
            ? { arn: p.ref.arn, name: p.ref.name, error: p.error }
            : {
                arn: p.ref.arn,
                name: p.ref.name,
                productionStage: p.production.stage,
              },
        ),
        ...resolved.pipelineLookupFailures.map(f => ({
          arn: '',
          name: f.description,
          error: f.error,
        })),
      ],
      productionStages: pipelines.flatMap(p => (p.error ? [] : [p.production])),
      truncated: pipelines.some(p => !p.error && p.history.truncated),
      refreshedAt: new Date().toISOString(),
    };
  }

  /**
   * Definition, history and production stage of each pipeline; one that
   * cannot be read carries its own error.
   */
  private load(
    entity: Entity,
    refs: PipelineRef[],
    history: (ref: PipelineRef) => Promise<PipelineHistory>,
    options: LoadOptions,
  ): Promise<Loaded[]> {
    const overrides = parseStageOverrides(
      entity.metadata.annotations?.[PRODUCTION_STAGE_ANNOTATION],
    );
    return Promise.all(
      refs.map(async (ref): Promise<Loaded> => {
        try {
          const [definition, loaded, tags] = await Promise.all([
            this.deps.definitions.get(ref),
            history(ref),
            this.deps.definitions.tags(ref, options),
          ]);
          const production = chooseProductionStage({
            pipeline: ref,
            definition,
            environmentTag: safeEnvironmentName(tags[ENVIRONMENT_TAG]),
            environments: this.deps.environments,
            overrides,
          });
          return { ref, definition, history: loaded, production };
        } catch (error) {
          return { ref, error: toResourceError(error, `pipeline ${ref.name}`) };
        }
      }),
    );
  }
}
