import {
  coreServices,
  createServiceFactory,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { cacheServiceFactory } from '@backstage/backend-defaults/cache';
import { databaseServiceFactory } from '@backstage/backend-defaults/database';
import { createBackend } from '@backstage/backend-defaults';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import eventsPlugin from '@backstage/plugin-events-backend';
import awsSqsEventsModule from '@backstage/plugin-events-backend-module-aws-sqs';
import signalsPlugin from '@backstage/plugin-signals-backend';
import codePipelinePlugin from '@slipway/plugin-codepipeline-backend';
import type { AddressInfo } from 'node:net';
import type { FakeAws } from 'bench/fakeAws/server';
import { benchEntity } from 'bench/harness';
import * as world from 'bench/fakeAws/world';
import { freePort } from './servers';

/**
 * Live updates as production wires them: the events backend with its
 * PostgreSQL event bus, the signals backend, and Backstage's AWS SQS module
 * long-polling a queue (in moto_server) onto the topic Slipway listens to.
 */
export interface LiveUpdatesWiring {
  /** moto_server's URL: the SQS module's `queue.endpoint` (the plugin's AWS stays the fake). */
  sqsEndpoint: string;
  queueUrl: string;
  region: string;
  topic: string;
  heartbeatSeconds: number;
}

export interface Replica {
  name: string;
  baseUrl: string;
  /** The signals WebSocket (`/api/signals`), with live updates. */
  signalsUrl?: string;
  /** Catalog entity listings by the scheduled notification task on this replica. */
  notificationRuns: () => number;
  warnings: string[];
  stop(): Promise<void>;
}

/**
 * One replica of the example backend's Slipway part: the codepipeline plugin
 * with the real cache (Redis), database (PostgreSQL) and scheduler services of
 * @backstage/backend-defaults, configured exactly like the other replicas.
 */
export async function startReplica(options: {
  name: string;
  redisPort: number;
  postgresPort: number;
  notificationIntervalSeconds: number;
  /** `redis` (@keyv/redis) or `valkey` (@keyv/valkey); both speak to redis-server. */
  store?: 'redis' | 'valkey';
  liveUpdates?: LiveUpdatesWiring;
}): Promise<Replica> {
  const entity = benchEntity('tags');
  const catalog = catalogServiceMock({ entities: [entity] });
  let runs = 0;
  const queryEntities = catalog.queryEntities.bind(catalog);
  catalog.queryEntities = (...args: Parameters<typeof queryEntities>) => {
    runs++;
    return queryEntities(...args);
  };
  const getEntities = catalog.getEntities.bind(catalog);
  catalog.getEntities = (...args: Parameters<typeof getEntities>) => {
    runs++;
    return getEntities(...args);
  };
  const warnings: string[] = [];
  const logger: LoggerService = {
    error: (message: string) => {
      warnings.push(`error: ${message}`);
    },
    info: () => undefined,
    debug: () => undefined,
    warn: (message: string) => {
      warnings.push(message);
    },
    child: () => logger,
  };

  const live = options.liveUpdates;
  // startTestBackend's root router has no HTTP server to upgrade WebSockets
  // on (the signals backend needs one), and it cannot be swapped there: with
  // live updates the replica is a production backend (createBackend: its
  // root router, discovery and events service) with the test's mock auth,
  // permissions and config.
  const port = live ? await freePort() : 0;
  const liveFeatures = live
    ? [
        eventsPlugin,
        signalsPlugin,
        awsSqsEventsModule,
        mockServices.auth.factory(),
        mockServices.httpAuth.factory(),
        mockServices.userInfo.factory(),
        mockServices.permissions.factory(),
        mockServices.auditor.factory(),
        mockServices.rootLogger.factory(),
      ]
    : [];
  const liveConfig = live
    ? {
        events: {
          useEventBus: 'always',
          modules: {
            awsSqs: {
              awsSqsConsumingEventPublisher: {
                topics: {
                  [live.topic]: {
                    queue: {
                      url: live.queueUrl,
                      region: live.region,
                      endpoint: live.sqsEndpoint,
                      waitTime: { seconds: 1 },
                    },
                    waitTimeAfterEmptyReceive: { milliseconds: 0 },
                  },
                },
              },
            },
          },
        },
      }
    : {};
  const features = [
    ...liveFeatures,
    codePipelinePlugin,
    cacheServiceFactory,
    databaseServiceFactory,
    schedulerServiceFactory,
    createServiceFactory({
      service: coreServices.logger,
      deps: {},
      factory: () => logger,
    }),
    createServiceFactory({
      service: catalogServiceRef,
      deps: {},
      factory: () => catalog,
    }),
    createServiceFactory({
      service: notificationService,
      deps: {},
      factory: () => ({ send: async () => undefined }),
    }),
    mockServices.rootConfig.factory({
      data: {
        ...liveConfig,
        backend: {
          ...(live
            ? {
                baseUrl: `http://127.0.0.1:${port}`,
                listen: { host: '127.0.0.1', port },
              }
            : {}),
          cache: {
            store: options.store ?? 'redis',
            connection: `redis://127.0.0.1:${options.redisPort}`,
          },
          database: {
            client: 'pg',
            connection: {
              host: '127.0.0.1',
              port: options.postgresPort,
              user: 'postgres',
            },
          },
        },
        aws: {
          accounts: [
            {
              accountId: world.ACCOUNT,
              accessKeyId: 'AKIASCALEOUTSCALEOUT',
              secretAccessKey: 'scale-out',
            },
          ],
        },
        codepipeline: {
          defaultRegion: world.REGION,
          tagSearch: { regions: [world.REGION], accountIds: [world.ACCOUNT] },
          aws: { maxAttempts: 1 },
          notifications: {
            enabled: true,
            intervalSeconds: options.notificationIntervalSeconds,
          },
          ...(live
            ? {
                liveUpdates: {
                  enabled: true,
                  topic: live.topic,
                  heartbeatSeconds: live.heartbeatSeconds,
                },
              }
            : {}),
        },
      },
    }),
  ];
  let listening = port;
  let stop: () => Promise<void>;
  if (live) {
    const backend = createBackend();
    features.forEach(feature => backend.add(feature));
    await backend.start();
    stop = () => backend.stop();
  } else {
    const backend = await startTestBackend({ features });
    listening = (backend.server.address() as AddressInfo).port;
    stop = () => backend.stop();
  }
  return {
    name: options.name,
    baseUrl: `http://127.0.0.1:${listening}/api/codepipeline/v1/entities/component/default/bench-shop`,
    signalsUrl: live ? `ws://127.0.0.1:${listening}/api/signals` : undefined,
    notificationRuns: () => runs,
    warnings,
    stop,
  };
}

/**
 * Waits until the replicas' start-up work (the notification task's first
 * sweep) has stopped calling AWS: no new call for 1.5 s. A fixed wait was
 * too short on a loaded machine, and the sweep's calls counted as views'.
 */
export async function untilReplicasQuiet(fake: FakeAws) {
  let last = -1;
  for (let waited = 0; waited < 60_000; waited += 1500) {
    const now = fake.totalCalls();
    if (now === last) return;
    last = now;
    await new Promise(resolve => setTimeout(resolve, 1500));
  }
  throw new Error('The replicas kept calling AWS for a minute after start');
}
