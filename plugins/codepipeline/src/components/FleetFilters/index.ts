export { FleetFilters, SEARCH_DEBOUNCE_MS } from './FleetFilters';
export type { FleetFilterValues, FleetFiltersProps } from './FleetFilters';
