import { createServiceFactory } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import codePipelinePlugin from '@slipway/plugin-codepipeline-backend';
import type { AddressInfo } from 'node:net';
import { FakeAws } from './fakeAws/server';
import * as world from './fakeAws/world';

export type AnnotationStyle = 'tags' | 'arns';

export function benchEntity(style: AnnotationStyle): Entity {
  const tag = `${world.COMPONENT_TAG.key}=${world.COMPONENT_TAG.value}`;
  const annotations: Record<string, string> =
    style === 'tags'
      ? {
          'aws.amazon.com/aws-codepipeline-tags': tag,
          'aws.amazon.com/amazon-ecs-service-tags': tag,
        }
      : {
          'aws.amazon.com/aws-codepipeline-arn': world.pipelines
            .map(world.pipelineArn)
            .join(','),
          'aws.amazon.com/amazon-ecs-service-arn': world.services
            .map(s => world.serviceArn(s.cluster, s.name))
            .join(','),
        };
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'bench-shop', namespace: 'default', annotations },
    spec: {
      type: 'service',
      owner: 'group:default/shop',
      lifecycle: 'production',
    },
  };
}

/** `aws` config of a bench backend: static keys for the fake AWS's account. */
export const BENCH_AWS = {
  accounts: [
    {
      accountId: world.ACCOUNT,
      accessKeyId: 'AKIABENCHBENCHBENCH',
      secretAccessKey: 'bench-secret',
    },
  ],
};

export interface Bench {
  fake: FakeAws;
  /** Base URL of the backend's /api/codepipeline/v1/entities/component/default/bench-shop */
  entityUrl: string;
  catalogCalls: () => number;
  stop(): Promise<void>;
}

/**
 * Slipway's backend plugin in a test backend (in-memory cache, allow-all
 * permissions, in-memory catalog that counts reads), pointed at the fake AWS
 * endpoint through AWS_ENDPOINT_URL.
 */
export async function startBench(options: {
  style: AnnotationStyle;
  latencyMs: number;
  throttleRate?: number;
  cache?: {
    activeTtlSeconds: number;
    idleTtlSeconds: number;
    definitionTtlSeconds: number;
  };
  maxAttempts?: number;
  /** Start with an endpoint that accepts calls and never answers. */
  hang?: boolean;
  /** `codepipeline.responseDeadlineSeconds`; unset: the plugin's default. */
  responseDeadlineSeconds?: number;
  /** Regions the tag search covers; default the world's one. */
  tagSearchRegions?: string[];
  /** Further tagged pipelines per region (the fan-out probe). */
  extraTaggedPipelines?: number;
}): Promise<Bench> {
  const fake = new FakeAws({
    latencyMs: options.latencyMs,
    throttleRate: options.throttleRate ?? 0,
    hang: options.hang,
    extraTaggedPipelines: options.extraTaggedPipelines,
  });
  process.env.AWS_ENDPOINT_URL = await fake.start();
  process.env.AWS_EC2_METADATA_DISABLED = 'true';

  const catalog = catalogServiceMock({
    entities: [benchEntity(options.style)],
  });
  let catalogCalls = 0;
  const getEntityByRef = catalog.getEntityByRef.bind(catalog);
  catalog.getEntityByRef = (...args: Parameters<typeof getEntityByRef>) => {
    catalogCalls++;
    return getEntityByRef(...args);
  };

  const { server } = await startTestBackend({
    features: [
      codePipelinePlugin,
      mockServices.rootConfig.factory({
        data: {
          aws: BENCH_AWS,
          codepipeline: {
            defaultRegion: world.REGION,
            tagSearch: {
              regions: options.tagSearchRegions ?? [world.REGION],
              accountIds: [world.ACCOUNT],
            },
            cache: options.cache,
            aws: { maxAttempts: options.maxAttempts ?? 4 },
            responseDeadlineSeconds: options.responseDeadlineSeconds,
          },
        },
      }),
      createCatalogFactory(catalog),
    ],
  });
  const { port } = server.address() as AddressInfo;
  return {
    fake,
    entityUrl: `http://127.0.0.1:${port}/api/codepipeline/v1/entities/component/default/bench-shop`,
    catalogCalls: () => catalogCalls,
    async stop() {
      await new Promise(resolve => server.close(resolve));
      await fake.stop();
    },
  };
}

/** catalogServiceMock.factory builds its own client; this one serves the counting client. */
function createCatalogFactory(catalog: ReturnType<typeof catalogServiceMock>) {
  return createServiceFactory({
    service: catalogServiceRef,
    deps: {},
    factory: () => catalog,
  });
}

/** One entity page view: the pipeline card and the ECS tab, requested together like the page does. */
export async function pageView(
  bench: Bench,
  query = '',
): Promise<{ ms: number; ok: boolean; timeouts: number }> {
  const started = performance.now();
  const [pipelines, ecs] = await Promise.all([
    fetch(`${bench.entityUrl}/pipelines${query}`),
    fetch(`${bench.entityUrl}/ecs${query}`),
  ]);
  const bodies = (await Promise.all([pipelines.json(), ecs.json()])) as any[];
  const ms = performance.now() - started;
  const results = [
    ...(bodies[0].pipelines ?? []),
    ...(bodies[1].services ?? []),
  ];
  const ok =
    pipelines.ok &&
    ecs.ok &&
    results.length === world.pipelines.length + world.services.length &&
    results.every(r => !r.error);
  const timeouts = results.filter(r => r.error?.kind === 'timeout').length;
  return { ms, ok, timeouts };
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return (
    sorted[
      Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
    ] ?? 0
  );
}

export const round = (n: number, digits = 1) =>
  Math.round(n * 10 ** digits) / 10 ** digits;
