import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import type { Entity } from '@backstage/catalog-model';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  CODEPIPELINE_TAGS_ANNOTATION,
  ECS_SERVICE_TAGS_ANNOTATION,
  parseArn,
  ResourceError,
  TagFilter,
} from '@slipway/plugin-codepipeline-common';
import { AwsClientFactory } from '@slipway/plugin-codepipeline-node';
import { getDeploymentGroupEcsServices } from '../aws/codeDeploy';
import { toResourceError } from '../aws/errors';
import { findResourceArnsByTags, TaggedResourceType } from '../aws/tagging';
import { CoalescingCache, LoadOptions } from '../cache';
import { ecsCacheKeys } from '../cachePolicy';
import type { PluginSettings } from '../config';
import {
  parseEntityAnnotations,
  ecsServiceRefOf,
  pipelineRefOf,
} from './annotationParser';
import {
  deployAccountNotAllowed,
  DeployTargetLocation,
  deployTargetLocation,
} from './deployTargets';
import { PipelineDefinitions } from './PipelineDefinitions';
import type {
  EcsServiceRef,
  EntityResources,
  PipelineRef,
} from './resourceRefs';

/**
 * A lookup that failed, or (`error.kind: 'truncated'`) that matched more
 * resources than the ceiling: shown beside the resources that were found.
 */
export interface LookupFailure {
  description: string;
  error: ResourceError;
}

export interface ResolvedEntity extends EntityResources {
  pipelineLookupFailures: LookupFailure[];
  ecsLookupFailures: LookupFailure[];
  /** Per kind: the ceiling (`codepipeline.maxResourcesPerKind`) cut the list short. */
  truncated?: { pipelines: boolean; ecsServices: boolean };
}

/**
 * Turns an entity's annotations into the AWS resources it owns: ARNs as
 * given, tag annotations through the Resource Groups Tagging API (per allowed
 * account × region), and — when only pipelines are annotated — the ECS
 * services their Deploy actions target. Done once per request.
 *
 * One ceiling, `codepipeline.maxResourcesPerKind`, bounds every way: more
 * ARNs than that are a 400; tag searches and Deploy-action discovery stop
 * (and stop calling AWS) once they find more, and say so with a `truncated`
 * lookup entry, so a broad annotation never fans out into hundreds of calls.
 */
export class EntityResourceResolver {
  constructor(
    private readonly deps: {
      clients: AwsClientFactory;
      cache: CoalescingCache;
      definitions: PipelineDefinitions;
      settings: PluginSettings;
      logger: LoggerService;
    },
  ) {}

  /**
   * `pipelines` resolves only what pipeline views need; `ecs` also finds the
   * services behind the pipelines' Deploy actions when no service is annotated.
   */
  async resolve(
    entity: Entity,
    scope: 'pipelines' | 'ecs',
    options: LoadOptions = {},
  ): Promise<ResolvedEntity> {
    const { settings } = this.deps;
    const parsed = parseEntityAnnotations(
      entity,
      settings.allowedAccountIds,
      settings.maxResourcesPerKind,
    );

    const wantsEcs = scope === 'ecs';
    const [taggedPipelines, taggedServices] = await Promise.all([
      this.lookUp(
        CODEPIPELINE_TAGS_ANNOTATION,
        'codepipeline:pipeline',
        parsed.pipelineTags,
        parsed.pipelines,
        options,
      ),
      this.lookUp(
        ECS_SERVICE_TAGS_ANNOTATION,
        'ecs:service',
        wantsEcs ? parsed.ecsServiceTags : undefined,
        parsed.ecsServices,
        options,
      ),
    ]);
    const pipelines = unique([
      ...parsed.pipelines,
      ...taggedPipelines.arns.map(arn => pipelineRefOf(parseArn(arn))!),
    ]);
    let ecsServices = unique([
      ...parsed.ecsServices,
      ...taggedServices.arns.map(arn => ecsServiceRefOf(parseArn(arn))!),
    ]);
    const ecsLookupFailures = [...taggedServices.failures];
    let ecsTruncated = taggedServices.truncated;
    if (
      wantsEcs &&
      ecsServices.length === 0 &&
      !parsed.ecsServiceTags &&
      pipelines.length > 0
    ) {
      const discovered = await this.discoverDeployTargets(pipelines, options);
      ecsServices = discovered.services;
      ecsLookupFailures.push(...discovered.failures);
      ecsTruncated = discovered.truncated;
    }

    return {
      entityRef: stringifyEntityRef(entity),
      pipelines,
      ecsServices,
      pipelineLookupFailures: taggedPipelines.failures,
      ecsLookupFailures,
      truncated: {
        pipelines: taggedPipelines.truncated,
        ecsServices: ecsTruncated,
      },
    };
  }

  /**
   * Searches account × region one after the other, each for at most the
   * ceiling, and stops as soon as the explicit ARNs plus what was found
   * exceed it: the AWS calls are bounded, not just the answer.
   */
  private async lookUp(
    annotation: string,
    resourceType: TaggedResourceType,
    tags: TagFilter[] | undefined,
    explicit: Array<{ arn: string }>,
    options: LoadOptions,
  ): Promise<{
    arns: string[];
    failures: LookupFailure[];
    truncated: boolean;
  }> {
    if (!tags) {
      return { arns: [], failures: [], truncated: false };
    }
    const { settings, cache, clients } = this.deps;
    const ceiling = settings.maxResourcesPerKind;
    const accounts = settings.tagSearchAccountIds ?? [undefined];
    const tagText = tags.map(tag => `${tag.key}=${tag.value}`).join(',');
    const searches = accounts.flatMap(accountId =>
      settings.tagSearchRegions.map(region => ({ accountId, region })),
    );
    const found = new Set(explicit.map(ref => ref.arn));
    const arns: string[] = [];
    const failures: LookupFailure[] = [];
    let truncated = false;
    for (const target of searches) {
      const where = `${target.accountId ?? 'main account'}/${target.region}`;
      try {
        const result = await cache.getOrLoad(
          `tags:${resourceType}:${where}:${tagText}:max${ceiling}`,
          async () => {
            const client = await clients.get(
              ResourceGroupsTaggingAPIClient,
              target,
            );
            return findResourceArnsByTags(client, [resourceType], tags, {
              limit: ceiling,
              accept: arn => this.isUsable(arn, resourceType),
            });
          },
          () => settings.cache.definitionTtlMs,
          options,
        );
        for (const arn of result.arns.filter(a => !found.has(a))) {
          found.add(arn);
          arns.push(arn);
        }
        truncated = result.truncated || found.size > ceiling;
      } catch (error) {
        const description = `${annotation} ${tagText} in ${where}`;
        failures.push({
          description,
          error: toResourceError(error, description),
        });
      }
      if (truncated) {
        break;
      }
    }
    if (!truncated) {
      return { arns, failures, truncated };
    }
    const room = Math.max(0, ceiling - explicit.length);
    const noun = resourceType === 'ecs:service' ? 'ECS services' : 'pipelines';
    failures.push(
      truncation(
        `${annotation} ${tagText}`,
        `More than ${ceiling} ${noun} carry these tags`,
        ceiling,
      ),
    );
    return { arns: arns.slice(0, room), failures, truncated };
  }

  /** Tag lookups can return ARNs Slipway cannot address (old-format ECS ARNs, other accounts). */
  private isUsable(arn: string, resourceType: TaggedResourceType): boolean {
    const parsed = parseArn(arn);
    if (!parsed || !this.isAllowedAccount(parsed.accountId)) {
      return false;
    }
    return resourceType === 'ecs:service'
      ? ecsServiceRefOf(parsed) !== undefined
      : pipelineRefOf(parsed) !== undefined;
  }

  private isAllowedAccount(accountId: string): boolean {
    const allowed = this.deps.settings.allowedAccountIds;
    return !allowed || allowed.includes(accountId);
  }

  /**
   * The ECS services behind the pipelines' Deploy actions, in pipeline and
   * stage order. CodeDeploy deployment groups are read one at a time, and
   * discovery stops once more than the ceiling are found (or after that many
   * CodeDeploy calls).
   */
  private async discoverDeployTargets(
    pipelines: PipelineRef[],
    options: LoadOptions,
  ): Promise<{
    services: EcsServiceRef[];
    failures: LookupFailure[];
    truncated: boolean;
  }> {
    const ceiling = this.deps.settings.maxResourcesPerKind;
    const failures: LookupFailure[] = [];
    const definitions = await Promise.all(
      pipelines.map(async pipeline => {
        try {
          return {
            pipeline,
            definition: await this.deps.definitions.get(pipeline, options),
          };
        } catch (error) {
          const description = `Deploy targets of pipeline ${pipeline.name}`;
          failures.push({
            description,
            error: toResourceError(error, description),
          });
          return undefined;
        }
      }),
    );
    const services = new Map<string, EcsServiceRef>();
    /** AWS calls made for deployment groups (cache misses), bounded by the ceiling too. */
    const calls = { codeDeploy: 0 };
    let truncated = false;
    for (const { pipeline, definition } of definitions.filter(isDefined)) {
      const deployActions = definition.stages
        .flatMap(stage => stage.actions)
        .filter(action => action.category === 'Deploy');
      for (const action of deployActions) {
        if (services.size > ceiling || calls.codeDeploy > ceiling) {
          truncated = true;
          break;
        }
        const where = deployTargetLocation(pipeline, action);
        if (!this.isAllowedAccount(where.accountId)) {
          failures.push(deployAccountNotAllowed(pipeline, action, where));
          continue;
        }
        try {
          const found = await this.servicesOfDeployAction(
            where,
            action.provider,
            action.configuration,
            options,
            calls,
          );
          for (const service of found) {
            services.set(service.arn, services.get(service.arn) ?? service);
          }
        } catch (error) {
          const description = `Deploy targets of pipeline ${pipeline.name}`;
          failures.push({
            description,
            error: toResourceError(error, description),
          });
        }
      }
    }
    truncated = truncated || services.size > ceiling;
    if (truncated) {
      failures.push(
        truncation(
          'Deploy targets of the pipelines',
          `The pipelines' Deploy actions lead to more than ${ceiling} ECS services`,
          ceiling,
        ),
      );
    }
    return {
      services: [...services.values()].slice(0, ceiling),
      failures,
      truncated,
    };
  }

  private async servicesOfDeployAction(
    where: DeployTargetLocation,
    provider: string | undefined,
    configuration: Record<string, string>,
    options: LoadOptions,
    calls: { codeDeploy: number },
  ): Promise<EcsServiceRef[]> {
    const service = (
      clusterName: string,
      serviceName: string,
    ): EcsServiceRef => ({
      arn: `arn:${where.partition}:ecs:${where.region}:${where.accountId}:service/${clusterName}/${serviceName}`,
      ...where,
      clusterName,
      serviceName,
    });
    if (
      provider === 'ECS' &&
      configuration.ClusterName &&
      configuration.ServiceName
    ) {
      return [service(configuration.ClusterName, configuration.ServiceName)];
    }
    if (
      provider === 'CodeDeployToECS' &&
      configuration.ApplicationName &&
      configuration.DeploymentGroupName
    ) {
      const targets = await this.deps.cache.getOrLoad(
        ecsCacheKeys.deploymentGroupServices(
          where,
          configuration.ApplicationName,
          configuration.DeploymentGroupName,
        ),
        async () => {
          calls.codeDeploy += 1;
          const client = await this.deps.clients.get(CodeDeployClient, where);
          return getDeploymentGroupEcsServices(
            client,
            configuration.ApplicationName,
            configuration.DeploymentGroupName,
          );
        },
        () => this.deps.settings.cache.definitionTtlMs,
        options,
      );
      return targets.map(target =>
        service(target.clusterName, target.serviceName),
      );
    }
    return [];
  }
}

function unique<T extends { arn: string }>(refs: T[]): T[] {
  const seen = new Map<string, T>();
  for (const ref of refs) {
    if (!seen.has(ref.arn)) {
      seen.set(ref.arn, ref);
    }
  }
  return [...seen.values()];
}

function isDefined<T>(value: T | undefined): value is T {
  return value !== undefined;
}

/** The lookup entry that says a list was cut at the ceiling, and what to do about it. */
function truncation(
  description: string,
  found: string,
  ceiling: number,
): LookupFailure {
  return {
    description,
    error: {
      kind: 'truncated',
      message: `${found}; showing the first ${ceiling}. Narrow the annotation, or raise codepipeline.maxResourcesPerKind.`,
    },
  };
}
