import { useApi } from '@backstage/core-plugin-api';
import { codePipelineApiRef } from '../api';
import { useEntityRef } from './useEntityRef';
import { PIPELINE_CHANGES, useLiveUpdates } from './useLiveUpdates';
import { usePollingQuery } from './usePollingQuery';

/** The entity's pipelines, polled at the backend's `pollIntervalSeconds`. */
export function usePipelines() {
  const api = useApi(codePipelineApiRef);
  const entityRef = useEntityRef();
  const live = useLiveUpdates(entityRef, PIPELINE_CHANGES);
  return usePollingQuery(
    ({ refresh }) => api.getPipelines(entityRef, { refresh }),
    [api, entityRef],
    value => value.pollIntervalSeconds,
    live,
  );
}
