export { StageFlow } from './StageFlow';
export type { StageFlowProps } from './StageFlow';
