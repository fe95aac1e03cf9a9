/**
 * Issue 18, point 4: polling and live updates side by side in one run.
 *
 * E entities (2 pipelines and 3 ECS services each, by ARN annotations), P open
 * pages per entity, one change per entity every 10 minutes (alternating its
 * pipelines), for one hour, with the clock compressed C× (cache windows and
 * polling intervals shrink by C; so does the change rate).
 *
 * - polling: each page asks for its pipelines and ECS services again after
 *   the `pollIntervalSeconds` of the last answer, as the frontend does
 *   without live updates;
 * - events: each page holds a signals WebSocket and asks for its pipelines
 *   when a change notice comes; otherwise it asks for both views only every
 *   LIVE_RECHECK_SECONDS (heartbeats flow), as the frontend does.
 *
 * A change is made in the fake AWS and, in events mode, published as the
 * EventBridge envelope on the events topic directly through the events
 * service (the AWS SQS module's job; its leg through moto's SQS is measured
 * by packages/scale-out-tests, liveUpdates.test.ts). Latency is from the
 * change to the page's answer showing it: polling latencies are scaled back
 * by C (they are made of compressed windows), event latencies are wall time
 * (nothing in that path is compressed).
 */
import { createBackend } from '@backstage/backend-defaults';
import {
  createBackendPlugin,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  eventsServiceRef,
  type EventsService,
} from '@backstage/plugin-events-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import signalsPlugin from '@backstage/plugin-signals-backend';
import codePipelinePlugin from '@slipway/plugin-codepipeline-backend';
import { LIVE_RECHECK_SECONDS } from '@slipway/plugin-codepipeline-common';
import { createServer } from 'node:net';
import { FakeAws } from './fakeAws/server';
import * as world from './fakeAws/world';
import { BENCH_AWS, percentile, round } from './harness';

const TOPIC = 'aws-delivery';
const SIM_CHANGE_EVERY_S = 600;
const SIM_DURATION_S = 3600;

export interface LiveBenchOptions {
  entities: number;
  pagesPerEntity: number;
  compression: number;
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

function entity(i: number): Entity {
  const { pipelines, services } = world.entityResources(i);
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: `bench-e${i}`,
      namespace: 'default',
      annotations: {
        'aws.amazon.com/aws-codepipeline-arn': pipelines
          .map(world.pipelineArn)
          .join(','),
        'aws.amazon.com/amazon-ecs-service-arn': services
          .map(s => world.serviceArn(s.cluster, s.name))
          .join(','),
      },
    },
    spec: {
      type: 'service',
      owner: 'group:default/shop',
      lifecycle: 'production',
    },
  };
}

/**
 * A production backend (createBackend: root router with WebSockets, events
 * service, signals backend) with in-memory cache and SQLite, mock auth and
 * permissions, the Slipway plugin with live updates on or off.
 */
async function startLiveBench(options: LiveBenchOptions & { live: boolean }) {
  const fake = new FakeAws({ latencyMs: 5, throttleRate: 0 });
  process.env.AWS_ENDPOINT_URL = await fake.start();
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
  const port = await freePort();
  const c = options.compression;
  let events: EventsService | undefined;
  const backend = createBackend();
  const features = [
    codePipelinePlugin,
    signalsPlugin,
    createBackendPlugin({
      pluginId: 'benchevents',
      register(env) {
        env.registerInit({
          deps: { e: eventsServiceRef },
          async init({ e }) {
            events = e;
          },
        });
      },
    }),
    mockServices.auth.factory(),
    mockServices.httpAuth.factory(),
    mockServices.userInfo.factory(),
    mockServices.permissions.factory(),
    mockServices.auditor.factory(),
    mockServices.rootLogger.factory({ level: 'error' }),
    createServiceFactory({
      service: catalogServiceRef,
      deps: {},
      factory: () =>
        catalogServiceMock({
          entities: Array.from({ length: options.entities }, (_, i) =>
            entity(i),
          ),
        }),
    }),
    createServiceFactory({
      service: notificationService,
      deps: {},
      factory: () => ({ send: async () => undefined }),
    }),
    mockServices.rootConfig.factory({
      data: {
        backend: {
          baseUrl: `http://127.0.0.1:${port}`,
          listen: { host: '127.0.0.1', port },
          database: { client: 'better-sqlite3', connection: ':memory:' },
        },
        events: { useEventBus: 'never' },
        aws: BENCH_AWS,
        codepipeline: {
          defaultRegion: world.REGION,
          aws: { maxAttempts: 2 },
          cache: {
            activeTtlSeconds: 5 / c,
            idleTtlSeconds: 60 / c,
            definitionTtlSeconds: 300 / c,
          },
          polling: {
            activeIntervalSeconds: 10 / c,
            idleIntervalSeconds: 60 / c,
          },
          liveUpdates: {
            enabled: options.live,
            topic: TOPIC,
            heartbeatSeconds: 30,
          },
        },
      },
    }),
  ];
  features.forEach(f => backend.add(f));
  await backend.start();
  return {
    fake,
    base: `http://127.0.0.1:${port}`,
    publish: (payload: unknown) =>
      events!.publish({ topic: TOPIC, eventPayload: payload }),
    async stop() {
      await backend.stop();
      await fake.stop();
    },
  };
}

type Bench = Awaited<ReturnType<typeof startLiveBench>>;

const entityUrl = (bench: Bench, i: number) =>
  `${bench.base}/api/codepipeline/v1/entities/component/default/bench-e${i}`;

/** The revision of each pipeline an answer shows. */
async function fetchPipelines(bench: Bench, i: number) {
  const response = await fetch(`${entityUrl(bench, i)}/pipelines`);
  const body = (await response.json()) as any;
  const shown = new Map<string, number>();
  for (const p of body.pipelines ?? []) {
    shown.set(
      p.name,
      world.revisionOf(p.status?.stages?.[0]?.pipelineExecutionId),
    );
  }
  return { shown, pollIntervalSeconds: body.pollIntervalSeconds as number };
}

async function fetchEcs(bench: Bench, i: number) {
  const response = await fetch(`${entityUrl(bench, i)}/ecs`);
  const body = (await response.json()) as any;
  return body.pollIntervalSeconds as number;
}

/** One mode for one simulated hour. */
async function runMode(options: LiveBenchOptions, live: boolean) {
  world.resetWorld();
  world.setIdle(true);
  const bench = await startLiveBench({ ...options, live });
  const c = options.compression;
  /** pending[pipeline] = { revision, at (wall ms) }, latest change not yet seen per page. */
  const changes = new Map<string, { revision: number; at: number }>();
  const latenciesS: number[] = [];
  let stopped = false;
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const sockets: WebSocket[] = [];

  const pages = Array.from(
    { length: options.entities * options.pagesPerEntity },
    (_, n) => ({
      entity: n % options.entities,
      seen: new Map<string, number>(),
    }),
  );
  /** Records the latency of every change the answer shows for the first time on this page. */
  const observe = (
    page: (typeof pages)[number],
    shown: Map<string, number>,
  ) => {
    const now = performance.now();
    for (const [pipeline, revision] of shown) {
      const before = page.seen.get(pipeline) ?? 0;
      if (revision > before) {
        page.seen.set(pipeline, revision);
        const change = changes.get(pipeline);
        if (change && change.revision === revision) {
          const wallMs = now - change.at;
          latenciesS.push(live ? wallMs / 1000 : (wallMs * c) / 1000);
        }
      }
    }
  };

  // Every page opens: one load of both views (not counted below).
  await Promise.all(
    pages.map(async page => {
      const { shown } = await fetchPipelines(bench, page.entity);
      await fetchEcs(bench, page.entity);
      shown.forEach((r, p) => page.seen.set(p, r));
    }),
  );

  /** A live page's slow recheck of both views, from a random point of its interval. */
  const recheck = (page: (typeof pages)[number]) => {
    const everyMs = (LIVE_RECHECK_SECONDS * 1000) / c;
    const run = async () => {
      if (stopped) return;
      const { shown } = await fetchPipelines(bench, page.entity);
      observe(page, shown);
      await fetchEcs(bench, page.entity);
      if (stopped) return;
      const timer = setTimeout(run, everyMs);
      timers.add(timer);
    };
    timers.add(setTimeout(run, Math.random() * everyMs));
  };

  if (live) {
    for (const page of pages) {
      const channel = `codepipeline:entity:component:default/bench-e${page.entity}`;
      const ws = new WebSocket(
        `${bench.base.replace('http', 'ws')}/api/signals`,
        'mock-user-token',
      );
      await new Promise<void>((resolve, reject) => {
        ws.onopen = () => resolve();
        ws.onerror = () => reject(new Error('signals WebSocket failed'));
      });
      ws.send(JSON.stringify({ action: 'subscribe', channel }));
      ws.onmessage = async event => {
        const { channel: on } = JSON.parse(String(event.data));
        if (on !== channel || stopped) return;
        const { shown } = await fetchPipelines(bench, page.entity);
        observe(page, shown);
      };
      sockets.push(ws);
      recheck(page);
    }
    await sleep(300);
  } else {
    const poll = (page: (typeof pages)[number], view: 'pipelines' | 'ecs') => {
      const run = async () => {
        if (stopped) return;
        let next: number;
        if (view === 'pipelines') {
          const answer = await fetchPipelines(bench, page.entity);
          observe(page, answer.shown);
          next = answer.pollIntervalSeconds;
        } else {
          next = await fetchEcs(bench, page.entity);
        }
        if (stopped) return;
        const timer = setTimeout(() => {
          timers.delete(timer);
          run();
        }, next * 1000);
        timers.add(timer);
      };
      // Pages opened at different moments: start each at a random point of its interval.
      const timer = setTimeout(run, Math.random() * (60_000 / c));
      timers.add(timer);
    };
    pages.forEach(page => {
      poll(page, 'pipelines');
      poll(page, 'ecs');
    });
  }

  await sleep(200);
  bench.fake.resetCounts();
  const started = performance.now();
  const durationMs = (SIM_DURATION_S * 1000) / c;
  const everyMs = (SIM_CHANGE_EVERY_S * 1000) / c;
  let changesMade = 0;
  // Entity i changes at (i + 0.5) / E of every 10 minutes, its pipelines in turn.
  const schedule: Array<{ at: number; entity: number; round: number }> = [];
  for (let round = 0; round * everyMs < durationMs; round++) {
    for (let i = 0; i < options.entities; i++) {
      const at = round * everyMs + ((i + 0.5) / options.entities) * everyMs;
      if (at < durationMs) schedule.push({ at, entity: i, round });
    }
  }
  for (const change of schedule) {
    await sleep(Math.max(0, started + change.at - performance.now()));
    const { pipelines } = world.entityResources(change.entity);
    const pipeline = pipelines[change.round % pipelines.length];
    const revision = world.changePipeline(pipeline);
    changes.set(pipeline, { revision, at: performance.now() });
    changesMade++;
    if (live) {
      await bench.publish({
        version: '0',
        id: `bench-${changesMade}`,
        source: 'aws.codepipeline',
        'detail-type': 'CodePipeline Pipeline Execution State Change',
        account: world.ACCOUNT,
        region: world.REGION,
        time: new Date().toISOString(),
        resources: [world.pipelineArn(pipeline)],
        detail: { pipeline, state: 'STARTED', 'execution-id': 'x' },
      });
    }
  }
  await sleep(Math.max(0, started + durationMs - performance.now()));
  const calls = Object.fromEntries(bench.fake.calls);
  const awsCalls = bench.fake.totalCalls();
  stopped = true;
  timers.forEach(clearTimeout);
  sockets.forEach(ws => ws.close());
  const expected = changesMade * options.pagesPerEntity;
  await bench.stop();
  world.resetWorld();

  const scale = 100 / options.entities;
  return {
    mode: live ? 'events' : 'polling',
    changes: changesMade,
    pageObservations: latenciesS.length,
    expectedObservations: expected,
    latencySeconds: {
      p50: round(percentile(latenciesS, 50), 2),
      p95: round(percentile(latenciesS, 95), 2),
      max: round(Math.max(0, ...latenciesS), 2),
    },
    awsReadsPerHour: {
      measured: awsCalls,
      byOperation: calls,
      for100Entities: Math.round(awsCalls * scale),
      getPipelineStateFor100Entities: Math.round(
        (calls.GetPipelineState ?? 0) * scale,
      ),
    },
  };
}

/** Polling, then events, on fresh backends, in one run. */
export async function liveVsPolling(
  options: LiveBenchOptions = {
    entities: 10,
    pagesPerEntity: 5,
    compression: 60,
  },
) {
  const polling = await runMode(options, false);
  const events = await runMode(options, true);
  const changesPerHourFor100 = 100 * (SIM_DURATION_S / SIM_CHANGE_EVERY_S);
  return {
    ...options,
    simulated: '1 h, one change per entity every 10 min, idle pipelines',
    eventsInjectedThrough: 'events service (topic publish), not SQS',
    physicalLimitReadsPerHourFor100Entities: changesPerHourFor100,
    polling,
    events,
  };
}
