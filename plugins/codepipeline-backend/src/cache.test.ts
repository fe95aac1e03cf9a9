import { TestDatabases } from '@backstage/backend-test-utils';
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
  });
});
