import { mockServices } from '@backstage/backend-test-utils';
import type { SignalPayload } from '@backstage/plugin-signals-node';
import { entityChangesChannel } from '@slipway/plugin-codepipeline-common';
import { MemoryCacheService } from '../__testUtils__/testDoubles';
import { CoalescingCache } from '../cache';
import {
  CachePolicy,
  ecsCacheKeys,
  fleetCacheKeys,
  pipelineCacheKeys,
} from '../cachePolicy';
import type { EntityResources } from '../services/resourceRefs';
import { AwsChangeHandler } from './AwsChangeHandler';
import { ChangeWatchIndex } from './ChangeWatchIndex';

const ordersPipeline = {
  arn: 'arn:aws:codepipeline:eu-west-1:123456789012:orders-api',
  name: 'orders-api',
  partition: 'aws',
  accountId: '123456789012',
  region: 'eu-west-1',
};
const ordersProdService = {
  arn: 'arn:aws:ecs:eu-west-1:210987654321:service/prod-cluster/orders-api',
  partition: 'aws',
  accountId: '210987654321',
  region: 'eu-west-1',
  clusterName: 'prod-cluster',
  serviceName: 'orders-api',
};
const ordersApi: EntityResources = {
  entityRef: 'component:default/orders-api',
  pipelines: [ordersPipeline],
  ecsServices: [ordersProdService],
};

function setup() {
  const store = new MemoryCacheService();
  const cache = new CoalescingCache(store);
  const published: SignalPayload[] = [];
  const watch = new ChangeWatchIndex(cache);
  const handler = new AwsChangeHandler({
    cache,
    cachePolicy: new CachePolicy(cache, {
      activeTtlMs: 5_000,
      idleTtlMs: 60_000,
      definitionTtlMs: 300_000,
    }),
    watch,
    signals: { publish: async signal => void published.push(signal) },
    logger: mockServices.logger.mock(),
  });
  return { cache, watch, handler, published };
}

describe('AwsChangeHandler', () => {
  it("drops the pipeline's status and insights and tells the entity's browsers", async () => {
    const { cache, watch, handler, published } = setup();
    await watch.record(ordersApi);
    await cache.set(
      pipelineCacheKeys.status(ordersPipeline),
      { stale: true },
      60_000,
    );
    await cache.set(
      pipelineCacheKeys.insightsRecent(ordersPipeline),
      [],
      60_000,
    );
    await cache.set(
      pipelineCacheKeys.definition(ordersPipeline),
      { stages: [] },
      60_000,
    );

    const outcome = await handler.handle({
      kind: 'pipeline',
      arn: ordersPipeline.arn,
    });

    expect(outcome).toEqual({
      handled: true,
      kind: 'pipeline',
      entityRefs: ['component:default/orders-api'],
    });
    expect(
      await cache.get(pipelineCacheKeys.status(ordersPipeline)),
    ).toBeUndefined();
    expect(
      await cache.get(pipelineCacheKeys.insightsRecent(ordersPipeline)),
    ).toBeUndefined();
    // A state change does not change the pipeline's structure.
    expect(
      await cache.get(pipelineCacheKeys.definition(ordersPipeline)),
    ).toEqual({
      stages: [] as unknown[],
    });
    expect(published).toEqual([
      {
        recipients: { type: 'broadcast' },
        channel: entityChangesChannel('component:default/orders-api'),
        message: { kind: 'pipeline', at: expect.any(Number) },
      },
    ]);
  });

  it("marks the entity's overview summary stale, keeping it on show until it reloads", async () => {
    const { cache, watch, handler } = setup();
    await watch.record(ordersApi);
    const key = fleetCacheKeys.summary('component:default/orders-api');
    await cache.set(
      key,
      {
        summary: { status: 'healthy' },
        freshUntil: Date.now() + 60_000,
        annotationsDigest: 'd',
      },
      300_000,
    );

    await handler.handle({ kind: 'pipeline', arn: ordersPipeline.arn });

    expect(await cache.get(key)).toEqual({
      summary: { status: 'healthy' },
      freshUntil: 0,
      annotationsDigest: 'd',
    });
  });

  it('drops an ECS service entry and notifies every entity that shows it', async () => {
    const { cache, watch, handler, published } = setup();
    await watch.record(ordersApi);
    await watch.record({
      entityRef: 'system:default/orders',
      pipelines: [],
      ecsServices: [ordersProdService],
    });
    await cache.set(ecsCacheKeys.service(ordersProdService.arn), {}, 60_000);

    await handler.handle({ kind: 'ecs-service', arn: ordersProdService.arn });

    expect(
      await cache.get(ecsCacheKeys.service(ordersProdService.arn)),
    ).toBeUndefined();
    expect(published.map(p => p.channel).sort()).toEqual([
      entityChangesChannel('component:default/orders-api'),
      entityChangesChannel('system:default/orders'),
    ]);
  });

  it('follows a CodeDeploy deployment group to the services the resolver found for it', async () => {
    const { cache, watch, handler, published } = setup();
    await watch.record(ordersApi);
    const where = { accountId: '210987654321', region: 'eu-west-1' };
    await cache.set(
      ecsCacheKeys.deploymentGroupServices(
        where,
        'orders-api',
        'orders-api-prod',
      ),
      [{ clusterName: 'prod-cluster', serviceName: 'orders-api' }],
      300_000,
    );
    await cache.set(ecsCacheKeys.service(ordersProdService.arn), {}, 60_000);
    await cache.set(
      ecsCacheKeys.codeDeployDeployment(where, 'd-ABC'),
      {},
      60_000,
    );

    const outcome = await handler.handle({
      kind: 'codedeploy-group',
      partition: 'aws',
      ...where,
      application: 'orders-api',
      deploymentGroup: 'orders-api-prod',
      deploymentId: 'd-ABC',
    });

    expect(outcome).toMatchObject({ handled: true, kind: 'ecs' });
    expect(
      await cache.get(ecsCacheKeys.service(ordersProdService.arn)),
    ).toBeUndefined();
    expect(
      await cache.get(ecsCacheKeys.codeDeployDeployment(where, 'd-ABC')),
    ).toBeUndefined();
    expect(published).toHaveLength(1);
  });

  it('drops a change to a resource no entity watches, touching nothing', async () => {
    const { cache, handler, published } = setup();
    const other = 'arn:aws:codepipeline:eu-west-1:123456789012:someone-else';
    await cache.set(`pipeline:status:${other}`, { kept: true }, 60_000);

    const outcome = await handler.handle({ kind: 'pipeline', arn: other });

    expect(outcome).toEqual({ handled: false, reason: 'not-watched' });
    expect(await cache.get(`pipeline:status:${other}`)).toEqual({ kept: true });
    expect(published).toEqual([]);
  });

  it('drops a deployment group no entity led to', async () => {
    const { handler, published } = setup();
    const outcome = await handler.handle({
      kind: 'codedeploy-group',
      partition: 'aws',
      accountId: '123456789012',
      region: 'eu-west-1',
      application: 'unknown',
      deploymentGroup: 'unknown',
    });
    expect(outcome).toEqual({ handled: false, reason: 'not-watched' });
    expect(published).toEqual([]);
  });
});
