import type {
  DatabaseService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { DeliveryNotifier } from './DeliveryNotifier';
import { SentNotificationStore } from './SentNotificationStore';

export const NOTIFICATION_TASK_ID = 'codepipeline-notifications';

type NotifierDeps = Omit<
  ConstructorParameters<typeof DeliveryNotifier>[0],
  'store'
>;

/**
 * Registers the notification sweep with the scheduler when
 * `codepipeline.notifications.enabled` is true. `scope: 'global'` makes the
 * scheduler take a lock in the database, so one replica runs each sweep.
 */
export async function scheduleDeliveryNotifications(
  deps: NotifierDeps & {
    scheduler: SchedulerService;
    database: DatabaseService;
  },
): Promise<void> {
  const { scheduler, database, ...notifierDeps } = deps;
  const { settings, logger } = notifierDeps;
  if (!settings.enabled) {
    return;
  }
  const store = await SentNotificationStore.create(await database.getClient());
  const notifier = new DeliveryNotifier({ ...notifierDeps, store });
  await scheduler.scheduleTask({
    id: NOTIFICATION_TASK_ID,
    scope: 'global',
    frequency: { seconds: settings.intervalSeconds },
    timeout: { seconds: Math.max(300, settings.intervalSeconds) },
    initialDelay: { seconds: Math.min(30, settings.intervalSeconds) },
    fn: async () => {
      const { entities, sent } = await notifier.run();
      logger.debug(
        `Checked ${entities} entities for delivery notifications, sent ${sent}`,
      );
    },
  });
  logger.info(
    `Delivery notifications every ${settings.intervalSeconds}s (approvals after ${settings.approvalWaitMinutes} min)`,
  );
}
