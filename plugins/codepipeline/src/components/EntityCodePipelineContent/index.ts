export { EntityCodePipelineContent } from './EntityCodePipelineContent';
