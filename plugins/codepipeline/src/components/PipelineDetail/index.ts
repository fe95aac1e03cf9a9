export { PipelineDetail } from './PipelineDetail';
