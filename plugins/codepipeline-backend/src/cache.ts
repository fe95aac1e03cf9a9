import type {
  CacheService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { JsonValue } from '@backstage/types';

export interface LoadOptions {
  /** Skip the cached value (the answer is still cached for the next caller). */
  refresh?: boolean;
}

/**
 * Typed access to the Backstage cache service (memory, Redis/Valkey or
 * memcache, whatever the backend is configured with), plus in-process
 * coalescing: concurrent calls for the same key share one load.
 */
export class CoalescingCache {
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private lastWarningAt = 0;

  constructor(
    private readonly cache: CacheService,
    private readonly logger?: LoggerService,
  ) {}

  async getOrLoad<T>(
    key: string,
    load: () => Promise<T>,
    ttlMs: (value: T) => number,
    options: LoadOptions = {},
  ): Promise<T> {
    const pending = this.inFlight.get(key) as Promise<T> | undefined;
    if (pending) {
      return pending;
    }
    if (!options.refresh) {
      const cached = await this.get<T>(key);
      if (cached !== undefined) {
        return cached;
      }
    }
    return this.coalesce(key, async () => {
      const value = await load();
      await this.set(key, value, ttlMs(value));
      return value;
    });
  }

  /** Runs `load` unless a load for `key` is already running, in which case it joins it. */
  coalesce<T>(key: string, load: () => Promise<T>): Promise<T> {
    const pending = this.inFlight.get(key) as Promise<T> | undefined;
    if (pending) {
      return pending;
    }
    const loading = load().finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, loading);
    return loading;
  }

  async get<T>(key: string): Promise<T | undefined> {
    try {
      return (await this.cache.get(key)) as T | undefined;
    } catch (error) {
      // A cache outage (e.g. Redis down) degrades to calling AWS directly.
      this.warnUnavailable(error);
      return undefined;
    }
  }

  async set<T>(key: string, value: T, ttlMs: number): Promise<void> {
    try {
      await this.cache.set(key, value as unknown as JsonValue, { ttl: ttlMs });
    } catch (error) {
      // See get(): never fail a request because the cache is unavailable.
      this.warnUnavailable(error);
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await this.cache.delete(key);
    } catch (error) {
      this.warnUnavailable(error);
    }
  }

  /** At most one warning a minute, however many requests hit the outage. */
  private warnUnavailable(error: unknown) {
    const now = Date.now();
    if (now - this.lastWarningAt > 60_000) {
      this.lastWarningAt = now;
      this.logger?.warn(
        `Cache unavailable, calling AWS directly: ${
          error instanceof Error ? error.message : String(error)
        }`,
      );
    }
  }
}
