/**
 * Backstage backend plugin for Slipway: CodePipeline and ECS status and control.
 *
 * @packageDocumentation
 */
export { codePipelinePlugin as default } from './plugin';
