export { ExecutionDetailDrawer } from './ExecutionDetailDrawer';
