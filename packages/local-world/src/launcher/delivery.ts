import path from 'node:path';
import { codeDeployBlueGreen } from '../deploys/codeDeploy';
import { ecsDeployment } from '../deploys/ecsDeployment';
import { localGit } from '../git/localGit';
import { localGitPart } from '../git/part';
import { buildLogRoute } from '../server/buildLogs';
import type { LocalWorldContext, LocalWorldPart } from './startLocalWorld';

export interface DeliveryOptions {
  /** Where the git repositories, build logs and build artifacts are kept. */
  workRoot: string;
  /** One ECS rollout step (a task starting or stopping); default 3 s. */
  ecsStepMs?: number;
  /** How long one AWS minute of a CodeDeploy deployment lasts here; default 2 s. */
  codeDeployMinuteMs?: number;
  /** Regions whose pipelines a push may start; default the world's region. */
  regions?: readonly string[];
}

/** Where builds and Commands runs keep their logs, and where the portal links to them. */
const buildOptions = (ctx: LocalWorldContext, workRoot: string) => ({
  workRoot: path.join(workRoot, 'builds'),
  logUrlBase: `${ctx.endpoint}/builds`,
});

/**
 * Everything that takes a commit to a running service in the local world:
 * the git server (push → pipeline, source, CodeBuild builds of its commits),
 * build logs over HTTP, ECS rolling deployments and Commands actions, and
 * CodeDeploy blue/green deployments. Pass to `startLocalWorld({ parts })`.
 */
export function deliveryParts(options: DeliveryOptions): LocalWorldPart[] {
  const { workRoot } = options;
  const git: LocalWorldPart = ctx =>
    localGitPart(
      localGit({ root: path.join(workRoot, 'git'), publicUrl: ctx.endpoint }),
      {
        regions: options.regions,
        codeBuild: { buildOptions: buildOptions(ctx, workRoot) },
      },
    )(ctx);
  const logs: LocalWorldPart = ctx => ({
    routes: [buildLogRoute(ctx.builds)],
  });
  const ecs: LocalWorldPart = ctx => {
    const deployment = ecsDeployment({
      upstream: ctx.motoEndpoint,
      clock: ctx.clock,
      stepMs: options.ecsStepMs,
      onChange: ctx.events?.ecs,
      commands: {
        endpointUrl: ctx.endpoint,
        builds: ctx.builds,
        buildOptions: buildOptions(ctx, workRoot),
      },
    });
    return {
      runners: { byProvider: deployment.runners },
      interceptors: deployment.interceptors,
      close: () => deployment.rollouts.close(),
    };
  };
  const blueGreen: LocalWorldPart = ctx => {
    const deployment = codeDeployBlueGreen({
      upstream: ctx.motoEndpoint,
      clock: ctx.clock,
      minuteMs: options.codeDeployMinuteMs,
      onChange: ctx.events?.codeDeploy,
    });
    return {
      runners: { byProvider: deployment.runners },
      interceptors: deployment.interceptors,
    };
  };
  return [git, logs, ecs, blueGreen];
}
