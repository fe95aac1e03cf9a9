import type { PipelineDeclaration } from '@aws-sdk/client-codepipeline';
import type { PipelineEngine } from '../pipelines/engine';
import type { Interceptor } from '../server/interceptors';
import { BadNameError } from './names';

const CREATE_PIPELINE = 'CodePipeline_20150709.CreatePipeline';

export interface StartOnCreateOptions {
  /** The executor of a region: the server handler's `engineFor`. */
  engineFor(region: string): PipelineEngine;
  /**
   * Whether to start this pipeline (default: every pipeline, as AWS does).
   * E.g. {@link sourcesServedBy}: only pipelines whose sources the local git
   * server already holds, so pipelines of repositories that live nowhere here
   * do not start runs that fail at Source.
   */
  shouldStart?(pipeline: PipelineDeclaration): Promise<boolean>;
  /** Where a failed start is reported (the pipeline is created either way). */
  onError?(error: unknown, pipelineName: string): void;
}

/**
 * CodePipeline starts an execution of a pipeline as soon as it is created
 * (trigger `CreatePipeline`, the caller as its detail); moto does not. This
 * interceptor of CreatePipeline lets moto create it, then starts that first
 * execution in the local world's executor, on the head of each source's branch.
 */
export function startOnCreate(options: StartOnCreateOptions): Interceptor {
  return {
    targets: [CREATE_PIPELINE],
    async rewrite(call, answer) {
      const pipeline: PipelineDeclaration | undefined =
        answer.json?.pipeline ?? call.input.pipeline;
      const name = pipeline?.name;
      if (answer.status !== 200 || !pipeline || !name) return answer;
      try {
        if (!options.shouldStart || (await options.shouldStart(pipeline))) {
          const engine = options.engineFor(call.region);
          await engine.start({
            name,
            trigger: {
              triggerType: 'CreatePipeline',
              triggerDetail: engine.caller,
            },
          });
        }
      } catch (error) {
        (
          options.onError ??
          ((e: unknown) =>
            // eslint-disable-next-line no-console
            console.error(
              `local world: first execution of ${name}: ${
                (e as Error).message
              }`,
            ))
        )(error, name);
      }
      return answer;
    },
  };
}

/**
 * For {@link StartOnCreateOptions.shouldStart}: true when every
 * CodeStarSourceConnection source of the pipeline reads a branch that
 * `hasBranch` knows (e.g. `localGit().hasBranch`).
 */
export function sourcesServedBy(
  hasBranch: (fullRepositoryId: string, branch: string) => Promise<boolean>,
) {
  return async (pipeline: PipelineDeclaration): Promise<boolean> => {
    const sources = (pipeline.stages ?? [])
      .flatMap(stage => stage.actions ?? [])
      .filter(a => a.actionTypeId?.provider === 'CodeStarSourceConnection');
    if (!sources.length) return false;
    for (const source of sources) {
      const config = source.configuration ?? {};
      try {
        if (
          !(await hasBranch(
            config.FullRepositoryId ?? '',
            config.BranchName ?? '',
          ))
        ) {
          return false;
        }
      } catch (error) {
        if (error instanceof BadNameError) return false;
        throw error;
      }
    }
    return true;
  };
}
