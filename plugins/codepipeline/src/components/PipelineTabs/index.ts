export { PipelineTabs } from './PipelineTabs';
