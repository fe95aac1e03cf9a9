import {
  FLEET_ENTITY_STATUSES,
  type FleetEntityStatus,
} from '@slipway/plugin-codepipeline-common';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { FleetFilterValues } from '../components/FleetFilters';

const FILTER_KEYS = ['owner', 'system', 'status', 'q'] as const;

const isStatus = (value: string | null): value is FleetEntityStatus =>
  FLEET_ENTITY_STATUSES.includes(value as FleetEntityStatus);

/**
 * The overview's filters, kept in the page's query string (`?owner=…&status=failing`)
 * so a filtered view can be bookmarked, shared and reached with Back. An
 * unknown status in a hand-edited link is ignored rather than sent on.
 */
export function useFleetFilterParams(): [
  FleetFilterValues,
  (next: FleetFilterValues) => void,
] {
  const [params, setParams] = useSearchParams();
  const owner = params.get('owner') || undefined;
  const system = params.get('system') || undefined;
  const status = params.get('status');
  const q = params.get('q') || undefined;
  const filters = useMemo<FleetFilterValues>(
    () => ({ owner, system, status: isStatus(status) ? status : undefined, q }),
    [owner, system, status, q],
  );

  const setFilters = useCallback(
    (next: FleetFilterValues) =>
      setParams(previous => {
        const updated = new URLSearchParams(previous);
        for (const key of FILTER_KEYS) {
          const value = next[key];
          if (value) updated.set(key, value);
          else updated.delete(key);
        }
        return updated;
      }),
    [setParams],
  );
  return [filters, setFilters];
}
