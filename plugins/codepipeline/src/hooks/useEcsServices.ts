import { useApi } from '@backstage/core-plugin-api';
import { codePipelineApiRef } from '../api';
import { useEntityRef } from './useEntityRef';
import { ECS_CHANGES, useLiveUpdates } from './useLiveUpdates';
import { usePollingQuery } from './usePollingQuery';

/** The entity's ECS services, polled at the backend's `pollIntervalSeconds`. */
export function useEcsServices() {
  const api = useApi(codePipelineApiRef);
  const entityRef = useEntityRef();
  const live = useLiveUpdates(entityRef, ECS_CHANGES);
  return usePollingQuery(
    ({ refresh }) => api.getEcsServices(entityRef, { refresh }),
    [api, entityRef],
    value => value.pollIntervalSeconds,
    live,
  );
}
