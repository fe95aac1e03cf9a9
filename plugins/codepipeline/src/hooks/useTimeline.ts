import { useApi } from '@backstage/core-plugin-api';
import type { EntityTimelineResponse } from '@slipway/plugin-codepipeline-common';
import { codePipelineApiRef } from '../api';
import { useEntityRef } from './useEntityRef';
import { ANY_CHANGE, useLiveUpdates } from './useLiveUpdates';
import { usePollingQuery } from './usePollingQuery';

/** How many recent changes the timeline shows. */
export const TIMELINE_LIMIT = 10;

const BUSY_POLL_SECONDS = 15;
const IDLE_POLL_SECONDS = 60;

/** True while some change is still on its way (a run or a rollout in progress). */
export function timelineInMotion(timeline: EntityTimelineResponse): boolean {
  return timeline.changes.some(
    change =>
      change.executionStatus === 'InProgress' ||
      change.executionStatus === 'Stopping' ||
      change.rollouts.some(r => r.rolloutState === 'IN_PROGRESS'),
  );
}

/**
 * The entity's recent changes from commit to production; polled often while a
 * change is moving, slowly otherwise.
 */
export function useTimeline(limit: number = TIMELINE_LIMIT) {
  const api = useApi(codePipelineApiRef);
  const entityRef = useEntityRef();
  const live = useLiveUpdates(entityRef, ANY_CHANGE);
  return usePollingQuery(
    ({ refresh }) => api.getTimeline(entityRef, { limit, refresh }),
    [api, entityRef, limit],
    value => (timelineInMotion(value) ? BUSY_POLL_SECONDS : IDLE_POLL_SECONDS),
    live,
  );
}
