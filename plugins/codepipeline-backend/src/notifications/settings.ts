import type { Config } from '@backstage/config';

/** `codepipeline.notifications.*`, with defaults applied. */
export interface NotificationSettings {
  enabled: boolean;
  intervalSeconds: number;
  approvalWaitMinutes: number;
}

export function readNotificationSettings(config: Config): NotificationSettings {
  const settings = config.getOptionalConfig('codepipeline.notifications');
  return {
    enabled: settings?.getOptionalBoolean('enabled') ?? false,
    intervalSeconds: settings?.getOptionalNumber('intervalSeconds') ?? 120,
    approvalWaitMinutes:
      settings?.getOptionalNumber('approvalWaitMinutes') ?? 60,
  };
}
