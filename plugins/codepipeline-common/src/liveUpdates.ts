/**
 * Live updates over Backstage signals: the backend pushes a change notice on
 * an entity's channel when AWS reports a change to one of its resources, and
 * a heartbeat on {@link LIVE_UPDATES_HEARTBEAT_CHANNEL} while events flow, so
 * a browser knows when it may stop polling.
 *
 * A notice says only that something changed (no status, no ARN): the browser
 * reads the new state through the permission-checked routes.
 */

/** The signal channel of one entity's change notices. */
export function entityChangesChannel(entityRef: string): string {
  return `codepipeline:entity:${entityRef.toLocaleLowerCase('en-US')}`;
}

/** The channel the backend beats on while its change events are wired up. */
export const LIVE_UPDATES_HEARTBEAT_CHANNEL = 'codepipeline:live';

/**
 * How often a live page asks again without a notice: it keeps the backend's
 * watch of the page's resources from expiring (an hour) and bounds how long
 * a lost notice can leave the page behind.
 */
export const LIVE_RECHECK_SECONDS = 900;

/** What changed, as much as a browser needs to know which view to refresh. */
export type ChangedResourceKind = 'pipeline' | 'ecs';

/** The message on an entity's channel. */
export type EntityChangeSignal = {
  kind: ChangedResourceKind;
  /** When the backend handled the change (epoch ms). */
  at: number;
};

/** The heartbeat message; `intervalSeconds` is when the next one is due. */
export type LiveUpdatesHeartbeat = {
  at: number;
  intervalSeconds: number;
};
