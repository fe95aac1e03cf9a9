import type { DatabaseService } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';

/** Lets one replica at a time load a cache key from AWS. */
export interface LoadLock {
  /** True if this replica may load `key` now; the lock expires by itself after `ttlMs`. */
  tryAcquire(key: string, ttlMs: number): Promise<boolean>;
  release(key: string): Promise<void>;
}

const TABLE = 'codepipeline_load_locks';

/**
 * A lock row per cache key in the plugin's database (PostgreSQL in a
 * multi-replica deployment): an INSERT that conflicts means another replica
 * is already loading. Used only when the cache is shared, so that replicas
 * that miss the same key at the same moment make one set of AWS calls.
 */
export class DatabaseLoadLock implements LoadLock {
  static async create(database: DatabaseService): Promise<DatabaseLoadLock> {
    const knex = await database.getClient();
    if (!(await knex.schema.hasTable(TABLE))) {
      try {
        await knex.schema.createTable(TABLE, table => {
          table.string('key', 1024).primary();
          table.bigInteger('expires_at').notNullable();
        });
      } catch (error) {
        // Another replica created it at the same moment.
        if (!(await knex.schema.hasTable(TABLE))) throw error;
      }
    }
    return new DatabaseLoadLock(knex);
  }

  constructor(private readonly knex: Knex) {}

  async tryAcquire(key: string, ttlMs: number): Promise<boolean> {
    const now = Date.now();
    await this.knex(TABLE)
      .where({ key })
      .andWhere('expires_at', '<', now)
      .delete();
    const inserted = await this.knex(TABLE)
      .insert({ key, expires_at: now + ttlMs })
      .onConflict('key')
      .ignore()
      .returning('key');
    return inserted.length === 1;
  }

  async release(key: string): Promise<void> {
    await this.knex(TABLE).where({ key }).delete();
  }
}
