export { StopExecutionButton } from './StopExecutionButton';
