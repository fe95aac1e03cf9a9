import {
  stringifyEntityRef,
  type CompoundEntityRef,
} from '@backstage/catalog-model';
import { useApiHolder } from '@backstage/core-plugin-api';
import { signalApiRef } from '@backstage/plugin-signals-react';
import {
  entityChangesChannel,
  LIVE_UPDATES_HEARTBEAT_CHANNEL,
  type ChangedResourceKind,
  type EntityChangeSignal,
  type LiveUpdatesHeartbeat,
} from '@slipway/plugin-codepipeline-common';
import { useEffect, useState } from 'react';

/** A heartbeat is late after this many of its intervals: polling takes over. */
const MISSED_BEATS = 2.5;
/**
 * One AWS change comes as a burst of events (pipeline, stage, action, ECS
 * deployment within a second): notices this close together cause one
 * refetch, not one each.
 */
export const NOTICE_COALESCE_MS = 300;

export interface LiveUpdates {
  /** Heartbeats arrive: change notices will come, so there is no need to poll. */
  live: boolean;
  /** Bumped by every change notice of the watched kinds: refetch when it moves. */
  changes: number;
}

/**
 * The entity's change notices over Backstage signals, and whether the
 * backend's live updates are flowing (its heartbeat). Without the signals
 * API in the app, or while heartbeats do not come, `live` is false and the
 * views poll as before.
 */
export function useLiveUpdates(
  entity: CompoundEntityRef,
  kinds: readonly ChangedResourceKind[],
): LiveUpdates {
  const entityRef = stringifyEntityRef(entity);
  const signals = useApiHolder().get(signalApiRef);
  const [live, setLive] = useState(false);
  const [changes, setChanges] = useState(0);
  const kindsKey = kinds.join(',');

  useEffect(() => {
    if (!signals) return undefined;
    let expiry: ReturnType<typeof setTimeout> | undefined;
    let pending: ReturnType<typeof setTimeout> | undefined;
    const heartbeat = signals.subscribe<LiveUpdatesHeartbeat>(
      LIVE_UPDATES_HEARTBEAT_CHANNEL,
      beat => {
        setLive(true);
        clearTimeout(expiry);
        expiry = setTimeout(
          () => setLive(false),
          beat.intervalSeconds * MISSED_BEATS * 1000,
        );
      },
    );
    const watched = kindsKey.split(',');
    const notices = signals.subscribe<EntityChangeSignal>(
      entityChangesChannel(entityRef),
      notice => {
        if (!watched.includes(notice.kind) || pending) return;
        pending = setTimeout(() => {
          pending = undefined;
          setChanges(n => n + 1);
        }, NOTICE_COALESCE_MS);
      },
    );
    return () => {
      clearTimeout(expiry);
      clearTimeout(pending);
      heartbeat.unsubscribe();
      notices.unsubscribe();
      setLive(false);
    };
  }, [signals, entityRef, kindsKey]);

  return { live, changes };
}

/** The notices each view follows. */
export const PIPELINE_CHANGES: readonly ChangedResourceKind[] = ['pipeline'];
export const ECS_CHANGES: readonly ChangedResourceKind[] = ['ecs'];
export const ANY_CHANGE: readonly ChangedResourceKind[] = ['pipeline', 'ecs'];
