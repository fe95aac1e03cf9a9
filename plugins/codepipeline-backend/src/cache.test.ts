import { TestDatabases } from '@backstage/backend-test-utils';
import { withAwsDeadline } from '@slipway/plugin-codepipeline-node';
import { MemoryCacheService } from './__testUtils__/testDoubles';
import { CoalescingCache } from './cache';
import { DatabaseLoadLock } from './loadLock';

describe('CoalescingCache', () => {
  it('shares one load between concurrent callers in a process', async () => {
    const cache = new CoalescingCache(new MemoryCacheService());
    const load = jest.fn(async () => 'fresh');
    const values = await Promise.all(
      Array.from({ length: 5 }, () => cache.getOrLoad('k', load, () => 1000)),
    );
    expect(values).toEqual(['fresh', 'fresh', 'fresh', 'fresh', 'fresh']);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('degrades to loading directly, with one warning, when the cache throws or hangs', async () => {
    const warn = jest.fn();
    const broken = {
      get: () => new Promise(() => {}),
      set: async () => {
        throw new Error('connect ECONNREFUSED 127.0.0.1:6379');
      },
      delete: async () => undefined,
      withOptions: () => broken,
    } as any;
    const cache = new CoalescingCache(broken, { warn } as any);
    await expect(
      cache.getOrLoad(
        'k',
        async () => 'direct',
        () => 1000,
      ),
    ).resolves.toBe('direct');
    await expect(
      cache.getOrLoad(
        'k',
        async () => 'direct again',
        () => 1000,
      ),
    ).resolves.toBe('direct again');
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toContain('Cache unavailable');
  });

  describe('deadlines', () => {
    const sleep = (ms: number) =>
      new Promise(resolve => setTimeout(resolve, ms));

    it('forgets a failed load, so that the next caller tries again', async () => {
      const cache = new CoalescingCache(new MemoryCacheService());
      const load = jest
        .fn()
        .mockRejectedValueOnce(new Error('endpoint hung up'))
        .mockResolvedValueOnce('recovered');

      await expect(cache.getOrLoad('k', load, () => 1000)).rejects.toThrow(
        'endpoint hung up',
      );
      expect(cache.loadsInFlight).toBe(0);
      await expect(cache.getOrLoad('k', load, () => 1000)).resolves.toBe(
        'recovered',
      );
    });

    it('does not let a refresh (or anyone) join a load that is past its deadline', async () => {
      const cache = new CoalescingCache(new MemoryCacheService());
      const stuck = jest.fn(() => new Promise<string>(() => {}));
      void withAwsDeadline(30, () => cache.getOrLoad('k', stuck, () => 1000));
      await sleep(40);

      const fresh = jest.fn(async () => 'fresh');
      await expect(
        withAwsDeadline(1_000, () =>
          cache.getOrLoad('k', fresh, () => 1000, { refresh: true }),
        ),
      ).resolves.toBe('fresh');
      expect(fresh).toHaveBeenCalledTimes(1);
    });

    it('still shares a load that is within its deadline', async () => {
      const cache = new CoalescingCache(new MemoryCacheService());
      const load = jest.fn(async () => {
        await sleep(20);
        return 'shared';
      });
      const values = await withAwsDeadline(1_000, () =>
        Promise.all([
          cache.getOrLoad('k', load, () => 1000),
          cache.getOrLoad('k', load, () => 1000, { refresh: true }),
        ]),
      );
      expect(values).toEqual(['shared', 'shared']);
      expect(load).toHaveBeenCalledTimes(1);
    });

    it('does not cache an answer completed after its deadline (it holds timeouts)', async () => {
      const memory = new MemoryCacheService();
      const cache = new CoalescingCache(memory);
      await withAwsDeadline(10, () =>
        cache.getOrLoad(
          'k',
          async () => {
            await sleep(20);
            return 'partial';
          },
          () => 60_000,
        ),
      );
      await expect(memory.get('k')).resolves.toBeUndefined();

      await withAwsDeadline(1_000, () =>
        cache.getOrLoad(
          'k',
          async () => 'complete',
          () => 60_000,
        ),
      );
      await expect(memory.get('k')).resolves.toBe('complete');
    });
  });

  describe('with a load lock in the plugin database', () => {
    const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

    it('lets one of two replicas load a key; the other waits for its value', async () => {
      const knex = await databases.init('SQLITE_3');
      const database = { getClient: async () => knex } as any;
      const shared = new MemoryCacheService();
      const replicaA = new CoalescingCache(
        shared,
        undefined,
        await DatabaseLoadLock.create(database),
      );
      const replicaB = new CoalescingCache(
        shared,
        undefined,
        await DatabaseLoadLock.create(database),
      );
      let loads = 0;
      const slowLoad = async () => {
        loads++;
        await new Promise(resolve => setTimeout(resolve, 100));
        return `loaded ${loads}`;
      };
      const [a, b] = await Promise.all([
        replicaA.getOrLoad('pipeline:status:x', slowLoad, () => 60_000),
        replicaB.getOrLoad('pipeline:status:x', slowLoad, () => 60_000),
      ]);
      expect(loads).toBe(1);
      expect([a, b]).toEqual(['loaded 1', 'loaded 1']);
      // The lock is released: the next miss (after expiry) can load again.
      await shared.delete('pipeline:status:x');
      await replicaB.getOrLoad('pipeline:status:x', slowLoad, () => 60_000);
      expect(loads).toBe(2);
    });

    it('waits for another replica only until its own deadline, then loads', async () => {
      const knex = await databases.init('SQLITE_3');
      const lock = await DatabaseLoadLock.create({
        getClient: async () => knex,
      } as any);
      // Another replica holds the lock and never writes a value.
      await lock.tryAcquire('pipeline:status:y', 60_000);
      const cache = new CoalescingCache(
        new MemoryCacheService(),
        undefined,
        lock,
      );

      const started = Date.now();
      const value = await withAwsDeadline(200, () =>
        cache.getOrLoad(
          'pipeline:status:y',
          async () => 'own',
          () => 1000,
        ),
      );

      expect(value).toBe('own');
      expect(Date.now() - started).toBeLessThan(1_500);
    });
  });
});
