/**
 * Slipway frontend plugin: CodePipeline pipelines and ECS deployments on the entity page.
 *
 * @packageDocumentation
 */
export {
  codePipelinePlugin,
  DeliveryOverviewPage,
  EntityCodePipelineCard,
  EntityCodePipelineContent,
  EntityDeliveryTimeline,
  EntityDoraMetricsCard,
  EntityEcsDeploymentsCard,
  EntityEcsDeploymentsContent,
} from './plugin';
export { codePipelineApiRef, CodePipelineClient } from './api';
export { deliveryOverviewRouteRef } from './routes';
export type { DeliveryOverviewPageProps } from './components/DeliveryOverviewPage';
export type {
  CodePipelineApi,
  DoraWindowDays,
  FleetOverviewQuery,
  ReadOptions,
} from './api';
export {
  isCodePipelineAvailable,
  isEcsAvailable,
} from '@slipway/plugin-codepipeline-common';
