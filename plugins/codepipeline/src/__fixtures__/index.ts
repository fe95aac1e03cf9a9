export * from './entities';
export * from './pipelines';
export * from './executions';
export * from './ecs';
export * from './fakeApi';
export * from './timeline';
export * from './dora';
export * from './fleet';
