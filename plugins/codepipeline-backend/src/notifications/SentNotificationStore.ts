import { createHash } from 'crypto';
import type { DatabaseService } from '@backstage/backend-plugin-api';

type Knex = Awaited<ReturnType<DatabaseService['getClient']>>;

export const SENT_NOTIFICATIONS_TABLE = 'codepipeline_sent_notifications';

/**
 * Which events were already announced, in the plugin's own database, so an
 * event is sent once across replicas and restarts. `claim` inserts the key
 * (the primary key makes a second insert fail, whichever replica tries), so
 * it both checks and records in one step; `release` undoes a claim whose
 * notification could not be sent, so the next run tries again.
 */
export class SentNotificationStore {
  private constructor(private readonly knex: Knex) {}

  static async create(knex: Knex): Promise<SentNotificationStore> {
    if (!(await knex.schema.hasTable(SENT_NOTIFICATIONS_TABLE))) {
      try {
        await knex.schema.createTable(SENT_NOTIFICATIONS_TABLE, table => {
          table.string('key', 64).primary().notNullable();
          table.text('scope').notNullable();
          table.timestamp('sent_at').notNullable().defaultTo(knex.fn.now());
        });
      } catch (error) {
        // Another replica created it at the same moment.
        if (!(await knex.schema.hasTable(SENT_NOTIFICATIONS_TABLE))) {
          throw error;
        }
      }
    }
    return new SentNotificationStore(knex);
  }

  /** True if this call recorded the event (send it); false if it was already recorded. */
  async claim(scope: string): Promise<boolean> {
    const key = keyOf(scope);
    try {
      await this.knex(SENT_NOTIFICATIONS_TABLE).insert({ key, scope });
      return true;
    } catch (error) {
      const existing = await this.knex(SENT_NOTIFICATIONS_TABLE)
        .where({ key })
        .first();
      if (existing) {
        return false;
      }
      throw error;
    }
  }

  async release(scope: string): Promise<void> {
    await this.knex(SENT_NOTIFICATIONS_TABLE)
      .where({ key: keyOf(scope) })
      .delete();
  }
}

/** ARNs make scopes long; the key is their SHA-256, short enough for any database's primary key. */
function keyOf(scope: string): string {
  return createHash('sha256').update(scope).digest('hex');
}
