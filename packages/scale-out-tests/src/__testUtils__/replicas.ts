import {
  coreServices,
  createServiceFactory,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { cacheServiceFactory } from '@backstage/backend-defaults/cache';
import { databaseServiceFactory } from '@backstage/backend-defaults/database';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import codePipelinePlugin from '@slipway/plugin-codepipeline-backend';
import type { AddressInfo } from 'node:net';
import { benchEntity } from 'bench/harness';
import * as world from 'bench/fakeAws/world';

export interface Replica {
  name: string;
  baseUrl: string;
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

  const backend = await startTestBackend({
    features: [
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
          backend: {
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
          },
        },
      }),
    ],
  });
  const { port } = backend.server.address() as AddressInfo;
  return {
    name: options.name,
    baseUrl: `http://127.0.0.1:${port}/api/codepipeline/v1/entities/component/default/bench-shop`,
    notificationRuns: () => runs,
    warnings,
    stop: () => backend.stop(),
  };
}
