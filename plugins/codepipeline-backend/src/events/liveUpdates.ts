import type {
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { EventsService } from '@backstage/plugin-events-node';
import type { SignalsService } from '@backstage/plugin-signals-node';
import {
  LIVE_RECHECK_SECONDS,
  LIVE_UPDATES_HEARTBEAT_CHANNEL,
  type LiveUpdatesHeartbeat,
} from '@slipway/plugin-codepipeline-common';
import type { AwsChangeHandler } from './AwsChangeHandler';
import { resourceChangeOf } from './awsChangeEvents';

/** `codepipeline.liveUpdates`, with defaults. */
export interface LiveUpdatesSettings {
  enabled: boolean;
  /** The events topic the AWS SQS module publishes EventBridge events to. */
  topic: string;
  heartbeatSeconds: number;
  /** How long idle pipeline and ECS answers are cached while live (`idleTtlSeconds`). */
  idleTtlSeconds: number;
}

export function readLiveUpdatesSettings(config: Config): LiveUpdatesSettings {
  const live = config.getOptionalConfig('codepipeline.liveUpdates');
  return {
    enabled: live?.getOptionalBoolean('enabled') ?? false,
    topic: live?.getOptionalString('topic') ?? 'aws-delivery',
    heartbeatSeconds: live?.getOptionalNumber('heartbeatSeconds') ?? 30,
    idleTtlSeconds:
      live?.getOptionalNumber('idleTtlSeconds') ?? LIVE_RECHECK_SECONDS,
  };
}

/**
 * Wires AWS change events to the caches and the browsers: one subscriber id,
 * so each event is handled by one replica; and a heartbeat on the live
 * channel from one replica at a time, which tells browsers they may stop
 * polling.
 */
export async function startLiveUpdates(deps: {
  settings: LiveUpdatesSettings;
  events: EventsService;
  signals: SignalsService;
  scheduler: SchedulerService;
  handler: AwsChangeHandler;
  logger: LoggerService;
}): Promise<void> {
  const { settings, logger } = deps;
  if (!settings.enabled) return;
  await deps.events.subscribe({
    id: 'aws-changes',
    topics: [settings.topic],
    onEvent: async ({ eventPayload }) => {
      const change = resourceChangeOf(eventPayload);
      if (!change) {
        // Another source's event on a shared topic, or a shape EventBridge
        // changed: visible at debug level, never an error.
        logger.debug(
          `Event on '${settings.topic}' ignored: not a pipeline, ECS service or CodeDeploy change`,
        );
        return;
      }
      try {
        await deps.handler.handle(change);
      } catch (error) {
        // The cache windows still bound staleness; the event is not retried.
        logger.warn(`AWS change event not applied: ${String(error)}`);
      }
    },
  });
  await deps.scheduler.scheduleTask({
    id: 'live-updates-heartbeat',
    frequency: { seconds: settings.heartbeatSeconds },
    timeout: { seconds: 10 },
    scope: 'global',
    fn: async () => {
      const message: LiveUpdatesHeartbeat = {
        at: Date.now(),
        intervalSeconds: settings.heartbeatSeconds,
      };
      await deps.signals.publish({
        recipients: { type: 'broadcast' },
        channel: LIVE_UPDATES_HEARTBEAT_CHANNEL,
        message,
      });
    },
  });
  logger.info(
    `Live updates: AWS change events from topic '${settings.topic}', heartbeat every ${settings.heartbeatSeconds} s`,
  );
}
