export { RollbackStageButton } from './RollbackStageButton';
