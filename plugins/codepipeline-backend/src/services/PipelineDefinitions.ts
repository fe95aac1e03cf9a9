import { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import { AwsClientFactory } from '@slipway/plugin-codepipeline-node';
import { getPipelineDefinition, PipelineDefinition } from '../aws/codePipeline';
import { getPipelineTags } from '../aws/codePipelineTags';
import { CoalescingCache, LoadOptions } from '../cache';
import { CachePolicy, pipelineCacheKeys } from '../cachePolicy';
import type { CacheTtls, PipelineRef } from './resourceRefs';

/** Pipeline structures (GetPipeline) and tags, cached for the definition window: they change rarely. */
export class PipelineDefinitions {
  constructor(
    private readonly deps: {
      clients: AwsClientFactory;
      cache: CoalescingCache;
      ttls: CacheTtls;
    },
  ) {
    this.policy = new CachePolicy(deps.cache, deps.ttls);
  }

  private readonly policy: CachePolicy;

  get(
    ref: PipelineRef,
    options: LoadOptions = {},
  ): Promise<PipelineDefinition> {
    return this.deps.cache.getOrLoad(
      pipelineCacheKeys.definition(ref),
      async () => {
        const client = await this.deps.clients.get(CodePipelineClient, ref);
        return getPipelineDefinition(client, ref.name);
      },
      () => this.policy.ttl('settled'),
      options,
    );
  }

  /**
   * The pipeline's tags (for `slipway:environment`). Tags only refine what the
   * insights count, so a pipeline whose tags cannot be read (e.g. no
   * `codepipeline:ListTagsForResource` permission) has none, retried on the
   * short window.
   */
  tags(
    ref: PipelineRef,
    options: LoadOptions = {},
  ): Promise<Record<string, string>> {
    return this.deps.cache
      .getOrLoad(
        pipelineCacheKeys.tags(ref),
        async () => {
          try {
            const client = await this.deps.clients.get(CodePipelineClient, ref);
            return { tags: await getPipelineTags(client, ref.arn), read: true };
          } catch {
            return { tags: {}, read: false };
          }
        },
        result => this.policy.ttl(result.read ? 'settled' : 'active'),
        options,
      )
      .then(result => result.tags);
  }
}
