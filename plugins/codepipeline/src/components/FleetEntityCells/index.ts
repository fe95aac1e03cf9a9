export {
  ApprovalsCell,
  ExecutionsCell,
  ProductionCell,
  RolloutsCell,
  StatusCell,
} from './FleetEntityCells';
