/** CodeBuild builds in the local world: the buildspec runs for real on this machine, in a sandbox. */
export {
  BuildspecError,
  COMMAND_PHASES,
  parseBuildspec,
  type Buildspec,
  type BuildspecArtifacts,
  type BuildspecPhase,
  type CommandPhaseName,
} from './buildspec';
export { collectFiles, patternToRegExp } from './files';
export { probeTmpIsolation, type TmpIsolation } from './sandbox';
export {
  runBuild,
  startBuild,
  type BuildHandle,
  type BuildPhase,
  type BuildPhaseType,
  type BuildResult,
  type BuildStatus,
  type PhaseEndListener,
  type RunBuildOptions,
} from './runner';
export {
  buildFailureSummary,
  codeBuildRunner,
  upstreamProjects,
  type CodeBuildProject,
  type CodeBuildRunnerOptions,
  type ProjectSource,
} from './pipelineRunner';
export { BuildStore } from './store';
