/**
 * The local world's EventBridge events: what CodePipeline, CodeBuild, ECS and
 * CodeDeploy would put on their account's default bus, sent into moto (see
 * the README, "Events").
 */
import type { BuildHandle } from '../builds/runner';
import type { EmulatedService } from '../deploys/ecsModel';
import { buildEvents } from './buildEvents';
import { codeDeployEvents, type DeploymentLike } from './codeDeployEvents';
import { ecsEvents } from './ecsEvents';
import { EventEmitter, type EventEmitterOptions } from './emitter';
import { pipelineEvents, type PipelineObserver } from './pipelineEvents';

export { EventEmitter, type AwsEvent, type EventSink } from './emitter';
export type { PipelineObserver } from './pipelineEvents';

/** The hooks to give each part of the local world. */
export interface LocalWorldEvents {
  /** For the executor (`startLocalWorldServer({ events })`). */
  pipelines: PipelineObserver;
  /** For `new BuildStore(builds)`. */
  builds(handle: BuildHandle): void;
  /** For `ecsDeployment({ onChange })`. */
  ecs(service: EmulatedService): void;
  /** For `codeDeployBlueGreen({ onChange })`. */
  codeDeploy(deployment: DeploymentLike): void;
  /** Settles once every event emitted so far was sent (or its failure logged). */
  flushed(): Promise<void>;
}

export function localWorldEvents(
  options: EventEmitterOptions,
): LocalWorldEvents {
  const emitter = new EventEmitter(options);
  return {
    pipelines: pipelineEvents(emitter),
    builds: buildEvents(emitter),
    ecs: ecsEvents(emitter),
    codeDeploy: codeDeployEvents(emitter),
    flushed: () => emitter.flushed(),
  };
}
