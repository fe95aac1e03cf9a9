/**
 * The `Compute/AWS/Commands` action runner. CodePipeline runs a Commands
 * action's `commands` on CodeBuild compute, as one buildspec BUILD phase; so
 * does this runner, with the local world's CodeBuild emulation (../builds):
 * the commands run in bash, one after the other, in a fresh copy of the first
 * input artifact's files, stopping at the first one that fails, in their own
 * process group (killed when the action is stopped), with the `docker` and
 * `aws` stand-ins on the PATH and the action's environment variables, the
 * local world as AWS_ENDPOINT_URL and placeholder credentials; with a
 * `roleArn`, the credentials of an sts:AssumeRole of it (the commands act in
 * the role's account), and AWS_REGION of the action's region.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { buildAsAction } from '../builds/pipelineRunner';
import { startBuild, type RunBuildOptions } from '../builds/runner';
import { BuildStore } from '../builds/store';
import { failedAction, type ActionRunner } from '../pipelines/runners';
import { actionPlace, assumeActionRole, roleProblem } from './actionRole';

export interface CommandsRunnerOptions {
  /**
   * AWS_ENDPOINT_URL of the commands: the local world's URL, or a function
   * giving it (the server's URL is known once it listens).
   */
  endpointUrl: string | (() => string);
  /** Where the runs are kept; give the same store to the server for BatchGetBuilds. */
  builds?: BuildStore;
  /** The pipeline's account (CODEBUILD_BUILD_ARN's); an action's `roleArn` names another. */
  accountId?: string;
  /** AWS_MAX_ATTEMPTS of the commands' AWS CLI and SDKs; default 3. */
  maxAttempts?: number;
  /** Passed to every run (workRoot, tmpIsolation, logUrlBase, onLog…); no virtualenv unless `virtualenv: true`. */
  buildOptions?: Partial<RunBuildOptions>;
}

/** A CodeBuild-like project name for the action: `<pipeline>-<stage>-<action>`. */
const projectName = (...parts: string[]) =>
  parts
    .join('-')
    .replace(/[^A-Za-z0-9_-]/g, '-')
    .slice(0, 255);

export function commandsRunner(options: CommandsRunnerOptions): ActionRunner {
  const builds = options.builds ?? new BuildStore();
  return {
    async run(context) {
      const { action } = context;
      const commands = action.commands ?? [];
      if (commands.length === 0) {
        return failedAction(
          'Invalid action configuration: commands is required',
          'ConfigurationError',
        );
      }
      const environment: Record<string, string> = {};
      for (const variable of action.environmentVariables ?? []) {
        if (variable.type && variable.type !== 'PLAINTEXT') {
          return failedAction(
            `environmentVariables: ${variable.name} is of type ${variable.type}, which the local world does not emulate`,
            'ConfigurationError',
          );
        }
        environment[variable.name ?? ''] = variable.value ?? '';
      }
      const endpointUrl =
        typeof options.endpointUrl === 'function'
          ? options.endpointUrl()
          : options.endpointUrl;
      // The local world passes IAM and STS (query protocol) on to moto.
      const unassumable = await roleProblem(endpointUrl, context);
      if (unassumable) return failedAction(unassumable);
      const credentials = await assumeActionRole(endpointUrl, context);
      const artifact = action.inputArtifacts?.[0]?.name ?? '';
      const given = context.inputArtifacts?.[artifact];
      const empty = given
        ? undefined
        : await fs.mkdtemp(path.join(os.tmpdir(), 'slipway-commands-'));
      const buildspec = stringify({
        version: '0.2',
        ...(action.outputVariables?.length && {
          env: { 'exported-variables': action.outputVariables },
        }),
        phases: { build: { commands } },
      });
      const name = projectName(
        context.pipelineName,
        context.stageName,
        action.name ?? 'Commands',
      );
      try {
        const handle = startBuild({
          virtualenv: false,
          ...options.buildOptions,
          projectName: name,
          sourceDir: given ?? empty!,
          sourceVersion: context.inputRevisions?.[artifact]?.revisionId ?? '',
          buildspec,
          endpointUrl,
          region: context.region,
          accountId: action.roleArn
            ? actionPlace(context).accountId
            : options.accountId,
          environmentVariablesOverride: {
            AWS_MAX_ATTEMPTS: String(options.maxAttempts ?? 3),
            ...credentials,
            ...environment,
          },
          timeoutMs: (action.timeoutInMinutes ?? 60) * 60_000,
          buildNumber: builds.nextBuildNumber(name),
          initiator: `codepipeline/${context.pipelineName}`,
          signal: context.signal,
        });
        return await buildAsAction(handle, builds, context, () => ({
          summary: `${commands.length} command${
            commands.length === 1 ? '' : 's'
          } ran successfully`,
        }));
      } finally {
        if (empty) await fs.rm(empty, { recursive: true, force: true });
      }
    },
  };
}
