export { ActionExecutionList } from './ActionExecutionList';
