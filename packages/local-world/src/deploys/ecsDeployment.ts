/**
 * ECS rolling deployments in the local world, composed: the rollout store,
 * the interceptors that show it through ECS's API, and the runners of the
 * pipeline actions that drive it (`Deploy/AWS/ECS`, `Compute/AWS/Commands`).
 */
import type { ActionRunner } from '../pipelines/runners';
import type { Interceptor } from '../server/interceptors';
import { commandsRunner, type CommandsRunnerOptions } from './commandsRunner';
import { ecsRolloutInterceptors } from './ecsInterceptors';
import { EcsRollouts, type EcsRolloutsOptions } from './ecsRollouts';
import { ecsDeployRunner } from './ecsRunner';

export interface EcsDeploymentOptions extends EcsRolloutsOptions {
  /** How Commands actions run (their AWS_ENDPOINT_URL: the local world's URL). */
  commands: CommandsRunnerOptions;
}

export interface EcsDeployment {
  rollouts: EcsRollouts;
  /** Give to `startLocalWorldServer({ interceptors })`. */
  interceptors: Interceptor[];
  /** Runners by `category/owner/provider`: spread into `runners.byProvider`. */
  runners: Record<string, ActionRunner>;
}

export function ecsDeployment(options: EcsDeploymentOptions): EcsDeployment {
  const rollouts = new EcsRollouts(options);
  return {
    rollouts,
    interceptors: ecsRolloutInterceptors(rollouts),
    runners: {
      'Deploy/AWS/ECS': ecsDeployRunner({
        upstream: options.upstream,
        rollouts,
      }),
      'Compute/AWS/Commands': commandsRunner(options.commands),
    },
  };
}
