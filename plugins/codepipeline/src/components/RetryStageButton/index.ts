export { RetryStageButton } from './RetryStageButton';
export type { StageControlProps } from './RetryStageButton';
