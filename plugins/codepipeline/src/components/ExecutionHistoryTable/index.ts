export { ExecutionHistoryTable } from './ExecutionHistoryTable';
