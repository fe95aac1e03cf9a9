export * from './CodePipelineApi';
export * from './CodePipelineClient';
