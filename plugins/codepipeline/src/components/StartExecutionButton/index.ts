export { StartExecutionButton } from './StartExecutionButton';
