import type { BuildStore } from '../builds/store';
import { codeBuildRunner, upstreamProjects } from '../builds/pipelineRunner';
import type { RunBuildOptions } from '../builds/runner';
import type { PipelineEngine } from '../pipelines/engine';
import {
  codeStarSourceRunner,
  type ActionRunner,
  type ActionRunners,
} from '../pipelines/runners';
import type { LocalWorldRoute } from '../server/handler';
import type { Interceptor } from '../server/interceptors';
import type { LocalGit } from './localGit';
import { startPipelinesOnPush, upstreamPipelineNames } from './pushTrigger';
import { sourcesServedBy, startOnCreate } from './startOnCreate';

/** What the part reads of the launcher's context (LocalWorldContext). */
export interface GitPartContext {
  endpoint: string;
  motoEndpoint: string;
  region: string;
  builds: BuildStore;
  /** The executor of a region, once the server runs (when the launcher gives it). */
  engineFor?(region: string): PipelineEngine;
}

export interface GitPartOptions {
  /**
   * The executor of a region: `world.server.handler.engineFor`, called only
   * once the server runs. Needed unless the context gives `engineFor`.
   */
  engineFor?(region: string): PipelineEngine;
  /** The regions whose pipelines a push may start; default the context's region. */
  regions?: readonly string[];
  /** Start every created pipeline, not only those whose branch is here (AWS's way). */
  startEveryCreatedPipeline?: boolean;
  /** Options for every build of the CodeBuild runner; false leaves CodeBuild to others. */
  codeBuild?: false | { buildOptions?: Partial<RunBuildOptions> };
}

/**
 * The git server as a part of the local world (`startLocalWorld({ parts })`):
 * its `/git/` route; CodeStar source actions reading its branches; CodeBuild
 * actions building checkouts of its commits; the first execution of a
 * pipeline created for a branch it holds; and pushes starting the pipelines
 * that watch the pushed branch.
 */
export function localGitPart(git: LocalGit, options: GitPartOptions = {}) {
  return (ctx: GitPartContext) => {
    const engineFor = (region: string) => {
      const find = options.engineFor ?? ctx.engineFor;
      if (!find) {
        throw new Error(
          'localGitPart needs engineFor (the server handler’s) to start pipelines',
        );
      }
      return find(region);
    };
    git.onPush(
      startPipelinesOnPush({
        regions: options.regions ?? [ctx.region],
        pipelineNames: upstreamPipelineNames(ctx.motoEndpoint),
        engineFor,
      }),
    );
    const byProvider: Record<string, ActionRunner> = {
      'Source/AWS/CodeStarSourceConnection': codeStarSourceRunner({
        latestRevision: git.latestRevision,
      }),
    };
    if (options.codeBuild !== false) {
      byProvider['Build/AWS/CodeBuild'] = codeBuildRunner({
        sourceFor: git.sourceFor,
        projects: upstreamProjects(ctx.motoEndpoint),
        endpointUrl: ctx.endpoint,
        builds: ctx.builds,
        buildOptions: options.codeBuild?.buildOptions,
      });
    }
    const runners: ActionRunners = { byProvider };
    const interceptors: Interceptor[] = [
      startOnCreate({
        engineFor,
        shouldStart: options.startEveryCreatedPipeline
          ? undefined
          : sourcesServedBy(git.hasBranch),
      }),
    ];
    const routes: LocalWorldRoute[] = [git.route];
    return { runners, interceptors, routes };
  };
}
