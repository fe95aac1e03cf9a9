import {
  CodePipelineClient,
  GetPipelineCommand,
  GetPipelineStateCommand,
  ListPipelineExecutionsCommand,
} from '@aws-sdk/client-codepipeline';
import { mockClient } from 'aws-sdk-client-mock';
import {
  clientFactoryWithStaticCredentials,
  MemoryCacheService,
} from './__testUtils__/testDoubles';
import {
  executionsPage,
  ordersPipelineArn,
  pipelineAwaitingApproval,
  pipelineDefinition,
  RUNNING_EXECUTION,
} from './__testUtils__/pipelines';
import { CoalescingCache } from './cache';
import { CachePolicy, keysFor, pipelineCacheKeys } from './cachePolicy';
import { PipelineDefinitions } from './services/PipelineDefinitions';
import { PipelineStatusService } from './services/PipelineStatusService';

const codepipeline = mockClient(CodePipelineClient);

const ttls = {
  activeTtlMs: 5_000,
  idleTtlMs: 60_000,
  definitionTtlMs: 300_000,
};
const orders = {
  arn: ordersPipelineArn,
  name: 'orders-api',
  partition: 'aws',
  accountId: '123456789012',
  region: 'us-east-1',
};

describe('cache policy', () => {
  beforeEach(() => codepipeline.reset());

  it('caches a pipeline waiting at a manual approval on the active window, so a console approval shows within seconds', async () => {
    codepipeline
      .on(GetPipelineCommand)
      .resolves(pipelineDefinition('orders-api'))
      .on(GetPipelineStateCommand)
      .resolves(pipelineAwaitingApproval)
      .on(ListPipelineExecutionsCommand)
      .resolves(
        executionsPage([
          {
            id: RUNNING_EXECUTION,
            status: 'InProgress',
            start: '2026-11-20T10:00:00Z',
          },
        ]),
      );
    const store = new MemoryCacheService();
    const cache = new CoalescingCache(store);
    const clients = clientFactoryWithStaticCredentials();
    const pipelines = new PipelineStatusService({
      clients,
      cache,
      ttls,
      definitions: new PipelineDefinitions({ clients, cache, ttls }),
    });

    const [result] = await pipelines.getPipelines([orders]);

    expect(result.status?.active).toBe(true);
    expect(store.ttls.get(pipelineCacheKeys.status(orders))).toBe(5_000);
  });

  it('names every cache that shows a pipeline: status, timeline and each DORA window', () => {
    expect(keysFor(orders)).toEqual([
      `pipeline:status:${ordersPipelineArn}`,
      `insights:recent:${ordersPipelineArn}`,
      `insights:window:${ordersPipelineArn}:7`,
      `insights:window:${ordersPipelineArn}:30`,
      `insights:window:${ordersPipelineArn}:90`,
    ]);
  });

  it('after a write drops those keys and moves the execution pages to a new generation', async () => {
    const store = new MemoryCacheService();
    const cache = new CoalescingCache(store);
    for (const key of keysFor(orders)) {
      await store.set(key, 'stale');
    }
    await new CachePolicy(cache, ttls).invalidate(orders);

    for (const key of keysFor(orders)) {
      expect(await store.get(key)).toBeUndefined();
    }
    expect(await store.get(pipelineCacheKeys.generation(orders))).toEqual(
      expect.any(Number),
    );
  });

  it('treats unfinished executions as active and finished ones as idle', () => {
    const policy = new CachePolicy(
      new CoalescingCache(new MemoryCacheService()),
      ttls,
    );
    expect(policy.ttlForExecutions([{ status: 'InProgress' }])).toBe(5_000);
    expect(policy.ttlForExecutions([{ status: 'Stopping' }])).toBe(5_000);
    expect(policy.ttlForExecutions([{ status: 'Succeeded' }])).toBe(60_000);
  });

  it('keeps idle answers for the live window while change events drop them, and active ones as short as ever', () => {
    const policy = new CachePolicy(
      new CoalescingCache(new MemoryCacheService()),
      { ...ttls, liveIdleTtlMs: 900_000 },
    );
    expect(policy.ttlFor(false)).toBe(900_000);
    expect(policy.ttlForExecutions([{ status: 'Succeeded' }])).toBe(900_000);
    expect(policy.ttlFor(true)).toBe(5_000);
    // AWS connectivity has no change events: it keeps the idle window.
    expect(policy.ttl('idle')).toBe(60_000);
  });
});
