/**
 * Shared annotations, permissions and API types for the Slipway CodePipeline and ECS plugins.
 *
 * @packageDocumentation
 */
export * from './annotations';
export * from './arn';
export * from './controlTypes';
export * from './ecsTypes';
export * from './environmentTag';
export * from './errors';
export * from './fleetTypes';
export * from './insightTypes';
export * from './liveUpdates';
export * from './permissions';
export * from './pipelineTypes';
export * from './serviceUrl';
export * from './types';
