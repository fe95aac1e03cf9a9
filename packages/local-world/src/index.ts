/**
 * The local world: an executor for what moto lacks, in front of moto_server.
 * This first slice runs CodePipeline executions; see the README.
 */
export {
  FakeClock,
  systemClock,
  sleep,
  settle,
  type Clock,
} from './pipelines/clock';
export {
  CodePipelineError,
  type CodePipelineErrorType,
} from './pipelines/errors';
export {
  PipelineEngine,
  type PipelineEngineOptions,
  type StartExecutionRequest,
} from './pipelines/engine';
export type { DefinitionSource, PipelineDefinition } from './pipelines/model';
export { pipelineOperations } from './pipelines/operations';
export {
  codeStarSourceRunner,
  defaultRunners,
  delayRunner,
  failingRunner,
  manualApprovalRunner,
  runnerKey,
  type ActionProgress,
  type ActionResult,
  type ActionRunContext,
  type ActionRunner,
  type ActionRunners,
  type SourceRevisionResult,
} from './pipelines/runners';
export {
  getPipelineExecution,
  getPipelineState,
  listActionExecutions,
  listPipelineExecutions,
} from './pipelines/views';
export {
  awsJson,
  createLocalWorldHandler,
  startLocalWorldServer,
  type LocalWorldHandler,
  type LocalWorldHandlerOptions,
  type LocalWorldRoute,
  type LocalWorldServer,
} from './server/handler';
export * from './builds';
export type { AwsAnswer, AwsCall, Interceptor } from './server/interceptors';
export { buildLogRoute } from './server/buildLogs';
export * from './launcher';
export {
  ecsDeployment,
  type EcsDeployment,
  type EcsDeploymentOptions,
} from './deploys/ecsDeployment';
export {
  EcsRollouts,
  type EcsRolloutsOptions,
  type ServiceChange,
} from './deploys/ecsRollouts';
export { ecsRolloutInterceptors } from './deploys/ecsInterceptors';
export {
  ecsDeployRunner,
  type EcsDeployRunnerOptions,
} from './deploys/ecsRunner';
export {
  commandsRunner,
  type CommandsRunnerOptions,
} from './deploys/commandsRunner';
export {
  ecrImageCheck,
  registerEcrImage,
  type ImageCheck,
} from './deploys/ecsImages';
export {
  codeDeployBlueGreen,
  DEFAULT_CODEDEPLOY_MINUTE_MS,
  type CodeDeployBlueGreenOptions,
} from './deploys/codeDeploy';
export { CodeDeployDeployments } from './deploys/codeDeployDeployments';
export {
  codeDeployToEcsRunner,
  codeDeployConsoleUrl,
} from './deploys/codeDeployRunner';
export {
  DeploymentConfigStore,
  trafficSteps,
} from './deploys/codeDeployConfigs';
export * from './git';
