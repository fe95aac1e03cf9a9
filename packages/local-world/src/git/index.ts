export {
  localGit,
  type LocalGit,
  type LocalGitOptions,
  type PushListener,
} from './localGit';
export {
  BadNameError,
  parseFullRepositoryId,
  repositoryName,
  type RepositoryName,
} from './names';
export { GitRepositories, type CommitInfo } from './repositories';
export { GIT_PREFIX } from './route';
export type { PushEvent } from './pushes';
export {
  sourcesStartedBy,
  startPipelinesOnPush,
  upstreamPipelineNames,
  type PushTriggerOptions,
  type WatchingSource,
} from './pushTrigger';
export {
  sourcesServedBy,
  startOnCreate,
  type StartOnCreateOptions,
} from './startOnCreate';
export { localGitPart, type GitPartContext, type GitPartOptions } from './part';
