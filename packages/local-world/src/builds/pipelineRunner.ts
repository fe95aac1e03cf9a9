/**
 * The `Build/AWS/CodeBuild` action runner: runs the action's CodeBuild project
 * for real (see ./runner) on the source revision of its primary input artifact.
 */
import {
  failedAction,
  type ActionResult,
  type ActionRunContext,
  type ActionRunner,
} from '../pipelines/runners';
import { upstreamCall } from '../server/upstream';
import {
  startBuild,
  type BuildHandle,
  type BuildResult,
  type RunBuildOptions,
} from './runner';
import { BuildStore } from './store';

/** What the runner needs of a CodeBuild project. */
export interface CodeBuildProject {
  /** The project's environment variables (PLAINTEXT values). */
  environmentVariables?: Record<string, string>;
  timeoutInMinutes?: number;
  /** The project source's `buildspec`: a path in the source, or an inline buildspec. */
  buildspec?: string;
}

/** Reads a project (undefined when there is none). */
export type ProjectSource = (
  projectName: string,
  region: string,
) => Promise<CodeBuildProject | undefined>;

export interface CodeBuildRunnerOptions {
  /**
   * A checkout of the pipeline's repository at `revision` (copied, never
   * written to). Injected until the local git server lands.
   */
  sourceFor(pipelineName: string, revision: string): Promise<string>;
  /** The projects: e.g. {@link upstreamProjects} of moto. */
  projects: ProjectSource;
  /** AWS_ENDPOINT_URL of the builds (the local world's URL). */
  endpointUrl: string;
  /** Where the runner keeps its builds; give the same store to the server for BatchGetBuilds. */
  builds?: BuildStore;
  accountId?: string;
  /** Passed to every build (workRoot, tmpIsolation, virtualenv, logUrlBase, onLog…). */
  buildOptions?: Partial<RunBuildOptions>;
}

/** Reads projects from the upstream (moto) with CodeBuild's BatchGetProjects. */
export function upstreamProjects(upstream: string): ProjectSource {
  return async (projectName, region) => {
    const { status, json } = await upstreamCall(
      upstream,
      region,
      'CodeBuild_20161006.BatchGetProjects',
      { names: [projectName] },
      'codebuild',
    );
    if (status !== 200) {
      throw new Error(
        `BatchGetProjects ${projectName} upstream: HTTP ${status} ${
          json.message ?? ''
        }`,
      );
    }
    const project = (json.projects ?? []).find(
      (p: { name?: string }) => p.name === projectName,
    );
    if (!project) return undefined;
    const variables: { name: string; value: string; type?: string }[] =
      project.environment?.environmentVariables ?? [];
    return {
      environmentVariables: Object.fromEntries(
        variables.map(v => [v.name, v.value]),
      ),
      timeoutInMinutes: project.timeoutInMinutes,
      buildspec: project.source?.buildspec || undefined,
    };
  };
}

/** "Build terminated with state: FAILED. Phase: BUILD, Code: …, Message: …", as CodePipeline shows it. */
export function buildFailureSummary(build: BuildResult): string {
  const phase =
    build.phases.find(
      p => p.phaseStatus && p.phaseStatus !== 'SUCCEEDED' && p.contexts?.length,
    ) ?? build.phases.find(p => p.contexts?.length);
  const context = phase?.contexts?.[0];
  const detail = context
    ? `. Phase: ${phase.phaseType}, Code: ${context.statusCode}, Message: ${context.message}`
    : '';
  return `Build terminated with state: ${build.buildStatus}${detail}`;
}

/**
 * A started build as a pipeline action: remembered for BatchGetBuilds,
 * reported as the action's external execution (id and log link), then
 * Succeeded with its exported variables (plus `succeeded`) or Failed with
 * CodePipeline's summary of the build.
 */
export async function buildAsAction(
  handle: BuildHandle,
  builds: BuildStore,
  context: ActionRunContext,
  succeeded: (build: BuildResult) => Partial<ActionResult> = () => ({}),
): Promise<ActionResult> {
  builds.add(handle);
  const external = {
    externalExecutionId: handle.id,
    externalExecutionUrl: handle.snapshot().logs.deepLink,
  };
  context.report(external);
  const build = await handle.done;
  if (build.buildStatus !== 'SUCCEEDED') {
    return { ...failedAction(buildFailureSummary(build)), ...external };
  }
  return {
    ...succeeded(build),
    status: 'Succeeded',
    ...external,
    outputVariables: Object.fromEntries(
      (build.exportedEnvironmentVariables ?? []).map(v => [v.name, v.value]),
    ),
  };
}

/** The action's `EnvironmentVariables` configuration (a JSON array of {name, value, type}). */
function overrides(context: ActionRunContext): Record<string, string> | string {
  const text = context.resolvedConfiguration.EnvironmentVariables;
  if (!text) return {};
  let list: unknown;
  try {
    list = JSON.parse(text);
  } catch {
    return 'EnvironmentVariables is not valid JSON';
  }
  if (!Array.isArray(list)) return 'EnvironmentVariables is not a JSON array';
  const result: Record<string, string> = {};
  for (const item of list as {
    name?: string;
    value?: string;
    type?: string;
  }[]) {
    if (!item?.name) return 'EnvironmentVariables: an entry has no name';
    if (item.type && item.type !== 'PLAINTEXT') {
      return `EnvironmentVariables: ${item.name} is of type ${item.type}, which the local world does not emulate`;
    }
    result[item.name] = String(item.value ?? '');
  }
  return result;
}

/**
 * Runs CodeBuild actions: the project named by `ProjectName`, on the revision
 * of the primary input artifact (`PrimarySource`, else the first input), with
 * the action's `EnvironmentVariables` as StartBuild overrides. Reports the
 * build id and its log link as the external execution; a failed build fails
 * the action with the build's failure context as its summary. The build's
 * exported variables become the action's output variables.
 */
export function codeBuildRunner(options: CodeBuildRunnerOptions): ActionRunner {
  const builds = options.builds ?? new BuildStore();
  const accountId = options.accountId ?? '123456789012';
  return {
    async run(context) {
      const config = context.resolvedConfiguration;
      const projectName = config.ProjectName;
      if (!projectName) {
        return failedAction(
          'The action has no ProjectName',
          'ConfigurationError',
        );
      }
      const project = await options.projects(projectName, context.region);
      if (!project) {
        return failedAction(
          `Error calling startBuild: Project cannot be found: arn:aws:codebuild:${context.region}:${accountId}:project/${projectName}`,
        );
      }
      const primary =
        config.PrimarySource ?? context.action.inputArtifacts?.[0]?.name ?? '';
      const revision = context.inputRevisions?.[primary]?.revisionId;
      if (!revision) {
        return failedAction(
          `The local world has no source revision for input artifact ${
            primary || '(none)'
          }`,
        );
      }
      const environmentVariablesOverride = overrides(context);
      if (typeof environmentVariablesOverride === 'string') {
        return failedAction(environmentVariablesOverride, 'ConfigurationError');
      }
      const sourceDir = await options.sourceFor(context.pipelineName, revision);
      const buildspec = project.buildspec;
      const inline = !!buildspec && /\n|^\s*version\s*:/.test(buildspec);
      const handle = startBuild({
        ...options.buildOptions,
        projectName,
        sourceDir,
        sourceVersion: revision,
        buildspec: inline ? buildspec : undefined,
        buildspecPath: inline ? undefined : buildspec,
        endpointUrl: options.endpointUrl,
        region: context.region,
        accountId,
        environmentVariables: project.environmentVariables,
        environmentVariablesOverride,
        timeoutMs: project.timeoutInMinutes
          ? project.timeoutInMinutes * 60_000
          : options.buildOptions?.timeoutMs,
        buildNumber: builds.nextBuildNumber(projectName),
        initiator: `codepipeline/${context.pipelineName}`,
        signal: context.signal,
      });
      return buildAsAction(handle, builds, context, build => {
        const output = context.action.outputArtifacts?.[0]?.name;
        return output ? { artifacts: { [output]: build.artifactsDir } } : {};
      });
    },
  };
}
