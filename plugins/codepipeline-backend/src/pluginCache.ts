import type {
  CacheService,
  DatabaseService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { AwsClientFactory } from '@slipway/plugin-codepipeline-node';
import { CoalescingCache } from './cache';
import type { PluginSettings } from './config';
import { DatabaseLoadLock } from './loadLock';

/**
 * The plugin's cache over the Backstage cache service: with a networked
 * store (several replicas share it) loads are also coalesced across replicas
 * through a database lock; with the in-memory store, per process.
 */
export async function createPluginCache(deps: {
  config: Config;
  cacheService: CacheService;
  database: DatabaseService;
  logger: LoggerService;
}): Promise<CoalescingCache> {
  return new CoalescingCache(
    deps.cacheService,
    deps.logger,
    isSharedCache(deps.config)
      ? await DatabaseLoadLock.create(deps.database)
      : undefined,
  );
}

/** Replicas share the cache only with a networked store; memory is per process. */
function isSharedCache(config: Config): boolean {
  const store = config.getOptionalString('backend.cache.store') ?? 'memory';
  return store !== 'memory';
}

/**
 * The plugin's AWS clients, with the configured attempts and timeouts. Routes
 * have their own, shorter deadline; the per-call limit bounds scheduled work.
 */
export function createPluginAwsClients(
  config: Config,
  settings: PluginSettings,
): AwsClientFactory {
  return AwsClientFactory.fromConfig(config, {
    maxAttempts: settings.maxAttempts,
    ...settings.awsTimeouts,
    callTimeoutMs: 30_000,
  });
}
