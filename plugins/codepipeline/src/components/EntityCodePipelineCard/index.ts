export { EntityCodePipelineCard } from './EntityCodePipelineCard';
