import { systemClock, type Clock } from '../pipelines/clock';
import type { ActionRunner } from '../pipelines/runners';
import type { Interceptor } from '../server/interceptors';
import { codeDeployInterceptors } from './codeDeployApi';
import {
  CodeDeployDeployments,
  type CodeDeployDeploymentsOptions,
} from './codeDeployDeployments';
import { CodeDeployMoto } from './codeDeployMoto';
import { codeDeployToEcsRunner } from './codeDeployRunner';
import { ecrImageCheck } from './ecsImages';

/** One AWS minute of traffic shifting and waiting lasts this long here by default. */
export const DEFAULT_CODEDEPLOY_MINUTE_MS = 2000;

export interface CodeDeployBlueGreenOptions {
  /** moto_server's URL. */
  upstream: string;
  /** The engine's clock (give the server the same one). */
  clock?: Clock;
  /** Local milliseconds per AWS minute; default {@link DEFAULT_CODEDEPLOY_MINUTE_MS}. */
  minuteMs?: number;
  /** Called when a deployment may have changed status (see ../events). */
  onChange?: CodeDeployDeploymentsOptions['onChange'];
}

/**
 * CodeDeploy ECS blue/green for the local world: the CodeDeployToECS action
 * runner and the interceptors answering the deployments it creates.
 */
export function codeDeployBlueGreen(options: CodeDeployBlueGreenOptions): {
  deployments: CodeDeployDeployments;
  runners: Record<string, ActionRunner>;
  interceptors: Interceptor[];
} {
  const moto = new CodeDeployMoto(options.upstream);
  const deployments = new CodeDeployDeployments({
    moto,
    images: ecrImageCheck(options.upstream),
    clock: options.clock ?? systemClock,
    minuteMs: options.minuteMs ?? DEFAULT_CODEDEPLOY_MINUTE_MS,
    onChange: options.onChange,
  });
  return {
    deployments,
    runners: {
      'Deploy/AWS/CodeDeployToECS': codeDeployToEcsRunner({
        upstream: options.upstream,
        moto,
        deployments,
      }),
    },
    interceptors: codeDeployInterceptors(deployments),
  };
}
