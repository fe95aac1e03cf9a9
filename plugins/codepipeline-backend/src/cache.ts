import type {
  CacheService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { JsonValue } from '@backstage/types';
import {
  currentAwsDeadline,
  withAwsDeadline,
} from '@slipway/plugin-codepipeline-node';
import type { LoadLock } from './loadLock';

export interface LoadOptions {
  /** Skip the cached value (the answer is still cached for the next caller). */
  refresh?: boolean;
}

/** How long one replica may hold a key's load before others load it themselves. */
const LOAD_LOCK_TTL_MS = 15_000;
const LOAD_WAIT_POLL_MS = 25;
/** A cache that does not answer within this is treated as down… */
const CACHE_TIMEOUT_MS = 500;
/** …and left alone for this long before it is tried again. */
const CACHE_RETRY_AFTER_MS = 5_000;

/** A load other callers may join until `joinableUntil` (its starter's deadline). */
interface InFlightLoad {
  promise: Promise<unknown>;
  joinableUntil: number;
}

/**
 * Typed access to the Backstage cache service (memory, Redis/Valkey or
 * memcache, whatever the backend is configured with), plus coalescing:
 * concurrent calls for the same key share one load in this process and, when
 * a {@link LoadLock} is given (shared cache, several replicas), across
 * replicas. A cache that fails or hangs degrades to loading directly.
 *
 * Deadlines (`withAwsDeadline`, set per route): a load runs under its
 * starter's deadline, leaves the in-flight map when it settles, whatever the
 * outcome, and is not joined once that deadline has passed, so a load stuck
 * past it cannot capture later viewers. An answer in which an AWS call timed
 * out is not cached: the next viewer asks AWS again.
 */
export class CoalescingCache {
  private readonly inFlight = new Map<string, InFlightLoad>();
  private lastWarningAt = 0;
  private unavailableUntil = 0;

  constructor(
    private readonly cache: CacheService,
    private readonly logger?: LoggerService,
    private readonly lock?: LoadLock,
  ) {}

  async getOrLoad<T>(
    key: string,
    load: () => Promise<T>,
    ttlMs: (value: T) => number,
    options: LoadOptions = {},
  ): Promise<T> {
    const pending = this.joinable<T>(key);
    if (pending) {
      return pending;
    }
    if (!options.refresh) {
      const cached = await this.get<T>(key);
      if (cached !== undefined) {
        return cached;
      }
    }
    return this.coalesceAcrossReplicas(
      key,
      async () => {
        const value = await load();
        await this.set(key, value, ttlMs(value));
        return value;
      },
      () => this.read<T>(key),
      options,
    );
  }

  /**
   * Runs `load` once across replicas: in this process through `coalesce`,
   * and, with a load lock, by letting only the lock holder load while the
   * other replicas wait for what it writes (`readBack`). Without the result
   * by the lock's expiry, or when the cache is down, a replica loads itself.
   */
  coalesceAcrossReplicas<T>(
    key: string,
    load: () => Promise<T>,
    readBack: () => Promise<{ ok: boolean; value?: T }>,
    options: LoadOptions = {},
  ): Promise<T> {
    return this.coalesce(key, async () => {
      let holdsLock = false;
      if (this.lock && !options.refresh) {
        const turn = await this.awaitTurn<T>(key, readBack);
        if ('value' in turn) {
          return turn.value;
        }
        holdsLock = turn.holdsLock;
      }
      try {
        return await load();
      } finally {
        if (holdsLock) {
          await this.lock!.release(key).catch(() => undefined);
        }
      }
    });
  }

  private async awaitTurn<T>(
    key: string,
    readBack: () => Promise<{ ok: boolean; value?: T }>,
  ): Promise<{ value: T } | { holdsLock: boolean }> {
    // Never wait for another replica past this request's own deadline: then
    // load (AWS calls made past it fail at once, as per-resource timeouts).
    const deadline = Math.min(
      Date.now() + LOAD_LOCK_TTL_MS,
      currentAwsDeadline()?.at ?? Infinity,
    );
    while (Date.now() < deadline) {
      let acquired: boolean;
      try {
        acquired = await this.lock!.tryAcquire(key, LOAD_LOCK_TTL_MS);
      } catch {
        return { holdsLock: false }; // no lock store: load rather than wait
      }
      if (acquired) {
        // The previous holder may have written the value and released the
        // lock between our cache miss and this acquisition.
        const written = await readBack();
        if (written.value !== undefined) {
          await this.lock!.release(key).catch(() => undefined);
          return { value: written.value };
        }
        return { holdsLock: true };
      }
      await new Promise(resolve => setTimeout(resolve, LOAD_WAIT_POLL_MS));
      const read = await readBack();
      if (!read.ok) {
        return { holdsLock: false }; // cache down: the other replica cannot share its answer
      }
      if (read.value !== undefined) {
        return { value: read.value };
      }
    }
    return { holdsLock: false };
  }

  /**
   * Runs `load` unless a load for `key` is already running and still within
   * its deadline, in which case it joins it. The load runs in a deadline
   * scope of its own, so that {@link CoalescingCache.set} can tell whether
   * any of its AWS calls timed out.
   */
  coalesce<T>(key: string, load: () => Promise<T>): Promise<T> {
    const pending = this.joinable<T>(key);
    if (pending) {
      return pending;
    }
    const entry: InFlightLoad = {
      promise: Promise.resolve(),
      // Without a deadline (scheduled work) the per-call timeouts bound the
      // load; still, nobody joins one older than a lock's lifetime.
      joinableUntil: currentAwsDeadline()?.at ?? Date.now() + LOAD_LOCK_TTL_MS,
    };
    const loading = withAwsDeadline(Infinity, load).finally(() => {
      // A newer load may have replaced this one after its deadline.
      if (this.inFlight.get(key) === entry) {
        this.inFlight.delete(key);
      }
    });
    entry.promise = loading;
    this.inFlight.set(key, entry);
    return loading;
  }

  /** The running load for `key`, unless its deadline has passed. */
  private joinable<T>(key: string): Promise<T> | undefined {
    const pending = this.inFlight.get(key);
    if (pending && Date.now() < pending.joinableUntil) {
      return pending.promise as Promise<T>;
    }
    return undefined;
  }

  /** Number of loads running (for tests). */
  get loadsInFlight(): number {
    return this.inFlight.size;
  }

  async get<T>(key: string): Promise<T | undefined> {
    return (await this.read<T>(key)).value;
  }

  /** A cache read that also says whether the cache answered at all. */
  async read<T>(key: string): Promise<{ ok: boolean; value?: T }> {
    try {
      const value = (await this.guard(() => this.cache.get(key))) as
        | T
        | undefined;
      return { ok: true, value };
    } catch {
      // A cache outage (e.g. Redis down) degrades to calling AWS directly.
      return { ok: false };
    }
  }

  /**
   * Runs a cache operation with a timeout. After a failure the cache is
   * skipped for a few seconds, so an outage costs one timeout, not one per
   * operation; then it is tried again, which is how caching resumes.
   */
  private async guard<T>(operation: () => Promise<T>): Promise<T> {
    if (Date.now() < this.unavailableUntil) {
      throw new Error('cache marked unavailable');
    }
    try {
      return await withTimeout(operation());
    } catch (error) {
      this.unavailableUntil = Date.now() + CACHE_RETRY_AFTER_MS;
      this.warnUnavailable(error);
      throw error;
    }
  }

  async set<T>(key: string, value: T, ttlMs: number): Promise<void> {
    if (answeredLate()) {
      return; // a partial answer: let the next viewer ask AWS again
    }
    try {
      await this.guard(() =>
        this.cache.set(key, value as unknown as JsonValue, { ttl: ttlMs }),
      );
    } catch {
      // Never fail a request because the cache is unavailable.
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await this.guard(() => this.cache.delete(key));
    } catch {
      // See set().
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

/** True inside a load whose deadline passed or one of whose AWS calls timed out. */
function answeredLate(): boolean {
  const deadline = currentAwsDeadline();
  return (
    deadline !== undefined &&
    (deadline.timedOutCalls > 0 || Date.now() >= deadline.at)
  );
}

function withTimeout<T>(operation: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer within ${CACHE_TIMEOUT_MS} ms`)),
      CACHE_TIMEOUT_MS,
    );
  });
  return Promise.race([operation, timeout]).finally(() => clearTimeout(timer));
}
