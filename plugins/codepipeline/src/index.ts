/**
 * Slipway frontend plugin: CodePipeline pipelines and ECS deployments on the entity page.
 *
 * @packageDocumentation
 */
export {
  codePipelinePlugin,
  EntityCodePipelineCard,
  EntityCodePipelineContent,
  EntityDeliveryTimeline,
  EntityDoraMetricsCard,
  EntityEcsDeploymentsCard,
  EntityEcsDeploymentsContent,
} from './plugin';
export { codePipelineApiRef, CodePipelineClient } from './api';
export type { CodePipelineApi, DoraWindowDays, ReadOptions } from './api';
export {
  isCodePipelineAvailable,
  isEcsAvailable,
} from '@slipway/plugin-codepipeline-common';
