import { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import { AwsClientFactory } from '@slipway/plugin-codepipeline-node';
import { getPipelineDefinition, PipelineDefinition } from '../aws/codePipeline';
import { CoalescingCache, LoadOptions } from '../cache';
import type { CacheTtls, PipelineRef } from './resourceRefs';

/** Pipeline structures (GetPipeline), cached for the definition window: they change rarely. */
export class PipelineDefinitions {
  constructor(
    private readonly deps: {
      clients: AwsClientFactory;
      cache: CoalescingCache;
      ttls: CacheTtls;
    },
  ) {}

  get(
    ref: PipelineRef,
    options: LoadOptions = {},
  ): Promise<PipelineDefinition> {
    return this.deps.cache.getOrLoad(
      `pipeline:definition:${ref.arn}`,
      async () => {
        const client = await this.deps.clients.get(CodePipelineClient, ref);
        return getPipelineDefinition(client, ref.name);
      },
      () => this.deps.ttls.definitionTtlMs,
      options,
    );
  }
}
