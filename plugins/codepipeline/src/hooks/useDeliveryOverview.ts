import { useApi } from '@backstage/core-plugin-api';
import { codePipelineApiRef, FleetOverviewQuery } from '../api';
import { usePollingQuery } from './usePollingQuery';

/**
 * One page of the delivery overview, polled at the backend's
 * `pollIntervalSeconds` (short while the fleet is still being read). A new
 * query keeps the previous page visible until its answer arrives.
 */
export function useDeliveryOverview(query: FleetOverviewQuery) {
  const api = useApi(codePipelineApiRef);
  const { owner, system, status, q, limit, cursor } = query;
  return usePollingQuery(
    () => api.getOverview({ owner, system, status, q, limit, cursor }),
    [api, owner, system, status, q, limit, cursor],
    value => value.pollIntervalSeconds,
  );
}
