/**
 * Backstage backend plugin for Slipway: CodePipeline and ECS status and control.
 *
 * @packageDocumentation
 */
export { codePipelinePlugin as default } from './plugin';
export {
  entityResourceResolverServiceRef,
  type EntityResourceResolverService,
} from './services/entityResourceResolverServiceRef';
export type {
  LookupFailure,
  ResolvedEntity,
} from './services/EntityResourceResolver';
export type {
  EcsServiceRef,
  EntityResources,
  PipelineRef,
} from './services/resourceRefs';
export type { LoadOptions } from './cache';
export {
  resourceChangeOf,
  SLIPWAY_EVENT_PATTERN,
  type AwsResourceChange,
} from './events/awsChangeEvents';
