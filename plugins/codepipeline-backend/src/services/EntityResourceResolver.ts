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
import type { PluginSettings } from '../config';
import {
  parseEntityAnnotations,
  ecsServiceRefOf,
  pipelineRefOf,
} from './annotationParser';
import { PipelineDefinitions } from './PipelineDefinitions';
import type {
  EcsServiceRef,
  EntityResources,
  PipelineRef,
} from './resourceRefs';

/** A tag lookup that failed: shown beside the resources that were found. */
export interface LookupFailure {
  description: string;
  error: ResourceError;
}

export interface ResolvedEntity extends EntityResources {
  pipelineLookupFailures: LookupFailure[];
  ecsLookupFailures: LookupFailure[];
}

/**
 * Turns an entity's annotations into the AWS resources it owns: ARNs as
 * given, tag annotations through the Resource Groups Tagging API (per allowed
 * account × region), and — when only pipelines are annotated — the ECS
 * services their Deploy actions target. Done once per request.
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
    const parsed = parseEntityAnnotations(entity, settings.allowedAccountIds);

    const wantsEcs = scope === 'ecs';
    const [taggedPipelines, taggedServices] = await Promise.all([
      this.lookUp(
        CODEPIPELINE_TAGS_ANNOTATION,
        'codepipeline:pipeline',
        parsed.pipelineTags,
        options,
      ),
      this.lookUp(
        ECS_SERVICE_TAGS_ANNOTATION,
        'ecs:service',
        wantsEcs ? parsed.ecsServiceTags : undefined,
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
    if (
      wantsEcs &&
      ecsServices.length === 0 &&
      !parsed.ecsServiceTags &&
      pipelines.length > 0
    ) {
      const discovered = await this.discoverDeployTargets(pipelines, options);
      ecsServices = unique(discovered.services);
      ecsLookupFailures.push(...discovered.failures);
    }

    return {
      entityRef: stringifyEntityRef(entity),
      pipelines,
      ecsServices,
      pipelineLookupFailures: taggedPipelines.failures,
      ecsLookupFailures,
    };
  }

  private async lookUp(
    annotation: string,
    resourceType: TaggedResourceType,
    tags: TagFilter[] | undefined,
    options: LoadOptions,
  ): Promise<{ arns: string[]; failures: LookupFailure[] }> {
    if (!tags) {
      return { arns: [], failures: [] };
    }
    const { settings, cache, clients } = this.deps;
    const accounts = settings.tagSearchAccountIds ?? [undefined];
    const tagText = tags.map(tag => `${tag.key}=${tag.value}`).join(',');
    const searches = accounts.flatMap(accountId =>
      settings.tagSearchRegions.map(region => ({ accountId, region })),
    );
    const results = await Promise.all(
      searches.map(async target => {
        const where = `${target.accountId ?? 'main account'}/${target.region}`;
        try {
          const arns = await cache.getOrLoad(
            `tags:${resourceType}:${where}:${tagText}`,
            async () => {
              const client = await clients.get(
                ResourceGroupsTaggingAPIClient,
                target,
              );
              return findResourceArnsByTags(client, [resourceType], tags);
            },
            () => settings.cache.definitionTtlMs,
            options,
          );
          return { arns, failures: [] };
        } catch (error) {
          const description = `${annotation} ${tagText} in ${where}`;
          return {
            arns: [],
            failures: [
              { description, error: toResourceError(error, description) },
            ],
          };
        }
      }),
    );
    const arns = results
      .flatMap(result => result.arns)
      .filter(arn => this.isUsable(arn, resourceType));
    return { arns, failures: results.flatMap(result => result.failures) };
  }

  /** Tag lookups can return ARNs Slipway cannot address (old-format ECS ARNs, other accounts). */
  private isUsable(arn: string, resourceType: TaggedResourceType): boolean {
    const parsed = parseArn(arn);
    const allowed = this.deps.settings.allowedAccountIds;
    if (!parsed || (allowed && !allowed.includes(parsed.accountId))) {
      return false;
    }
    return resourceType === 'ecs:service'
      ? ecsServiceRefOf(parsed) !== undefined
      : pipelineRefOf(parsed) !== undefined;
  }

  private async discoverDeployTargets(
    pipelines: PipelineRef[],
    options: LoadOptions,
  ): Promise<{ services: EcsServiceRef[]; failures: LookupFailure[] }> {
    const perPipeline = await Promise.all(
      pipelines.map(async pipeline => {
        try {
          const definition = await this.deps.definitions.get(pipeline, options);
          const deployActions = definition.stages
            .flatMap(stage => stage.actions)
            .filter(action => action.category === 'Deploy');
          const services = await Promise.all(
            deployActions.map(action =>
              this.servicesOfDeployAction(
                pipeline,
                action.provider,
                action.configuration,
                options,
              ),
            ),
          );
          return { services: services.flat(), failures: [] };
        } catch (error) {
          const description = `Deploy targets of pipeline ${pipeline.name}`;
          return {
            services: [],
            failures: [
              { description, error: toResourceError(error, description) },
            ],
          };
        }
      }),
    );
    return {
      services: perPipeline.flatMap(result => result.services),
      failures: perPipeline.flatMap(result => result.failures),
    };
  }

  private async servicesOfDeployAction(
    pipeline: PipelineRef,
    provider: string | undefined,
    configuration: Record<string, string>,
    options: LoadOptions,
  ): Promise<EcsServiceRef[]> {
    const service = (
      clusterName: string,
      serviceName: string,
    ): EcsServiceRef => ({
      arn: `arn:${pipeline.partition}:ecs:${pipeline.region}:${pipeline.accountId}:service/${clusterName}/${serviceName}`,
      partition: pipeline.partition,
      accountId: pipeline.accountId,
      region: pipeline.region,
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
        `codedeploy:group-services:${pipeline.accountId}:${pipeline.region}:${configuration.ApplicationName}:${configuration.DeploymentGroupName}`,
        async () => {
          const client = await this.deps.clients.get(
            CodeDeployClient,
            pipeline,
          );
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
