import { useApi } from '@backstage/core-plugin-api';
import { codePipelineApiRef, DoraWindowDays } from '../api';
import { useEntityRef } from './useEntityRef';
import { PIPELINE_CHANGES, useLiveUpdates } from './useLiveUpdates';
import { usePollingQuery } from './usePollingQuery';

/** History metrics move slowly: ask again every few minutes at most. */
const DORA_POLL_SECONDS = 300;

/** The entity's DORA metrics over the last `windowDays` days. */
export function useDoraMetrics(windowDays: DoraWindowDays) {
  const api = useApi(codePipelineApiRef);
  const entityRef = useEntityRef();
  const live = useLiveUpdates(entityRef, PIPELINE_CHANGES);
  return usePollingQuery(
    ({ refresh }) => api.getDoraMetrics(entityRef, windowDays, { refresh }),
    [api, entityRef, windowDays],
    () => DORA_POLL_SECONDS,
    live,
  );
}
