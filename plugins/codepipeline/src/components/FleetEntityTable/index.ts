export { FleetEntityTable } from './FleetEntityTable';
export type { FleetEntityTableProps } from './FleetEntityTable';
