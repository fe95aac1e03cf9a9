import type { CacheService } from '@backstage/backend-plugin-api';
import type { JsonValue } from '@backstage/types';

/**
 * Typed access to the Backstage cache service (memory, Redis/Valkey or
 * memcache, whatever the backend is configured with), plus in-process
 * coalescing: concurrent calls for the same key share one load.
 */
export class CoalescingCache {
  private readonly inFlight = new Map<string, Promise<unknown>>();

  constructor(private readonly cache: CacheService) {}

  async getOrLoad<T>(
    key: string,
    load: () => Promise<T>,
    ttlMs: (value: T) => number,
  ): Promise<T> {
    const cached = await this.cache.get(key);
    if (cached !== undefined) {
      return cached as T;
    }
    const pending = this.inFlight.get(key) as Promise<T> | undefined;
    if (pending) {
      return pending;
    }
    const loading = (async () => {
      const value = await load();
      await this.cache.set(key, value as unknown as JsonValue, {
        ttl: ttlMs(value),
      });
      return value;
    })().finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, loading);
    return loading;
  }

  async delete(key: string): Promise<void> {
    await this.cache.delete(key);
  }
}
