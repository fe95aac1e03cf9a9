export { StageFlow, toneColor } from './StageFlow';
export type { StageFlowProps } from './StageFlow';
