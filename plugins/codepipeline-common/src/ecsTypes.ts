import type { ResourceError } from './errors';

export type EcsRolloutState = 'COMPLETED' | 'FAILED' | 'IN_PROGRESS';
export type EcsDeploymentController = 'ECS' | 'CODE_DEPLOY' | 'EXTERNAL';

/** One ECS deployment of a service (PRIMARY = the newest, ACTIVE = being replaced). */
export interface EcsDeployment {
  id: string;
  status: 'PRIMARY' | 'ACTIVE' | 'INACTIVE' | string;
  /** `family:revision` */
  taskDefinition: string;
  taskDefinitionArn: string;
  desiredCount: number;
  runningCount: number;
  pendingCount: number;
  failedTasks: number;
  rolloutState?: EcsRolloutState;
  rolloutStateReason?: string;
  createdAt?: string;
  updatedAt?: string;
}

export interface EcsServiceEvent {
  id: string;
  createdAt?: string;
  message: string;
}

export interface EcsContainerState {
  name: string;
  lastStatus?: string;
  exitCode?: number;
  reason?: string;
  healthStatus?: string;
  image?: string;
}

/** A running or recently stopped task. */
export interface EcsTask {
  arn: string;
  id: string;
  lastStatus?: string;
  desiredStatus?: string;
  /** `family:revision` */
  taskDefinition?: string;
  healthStatus?: string;
  launchType?: string;
  availabilityZone?: string;
  startedAt?: string;
  stoppedAt?: string;
  stoppedReason?: string;
  stopCode?: string;
  containers: EcsContainerState[];
  consoleUrl: string;
}

/** A blue/green task set, with the share of production traffic CodeDeploy sends to it. */
export interface EcsTaskSet {
  id: string;
  /** `PRIMARY` or `ACTIVE` */
  status: string;
  taskDefinition: string;
  runningCount?: number;
  pendingCount?: number;
  computedDesiredCount?: number;
  stabilityStatus?: string;
  /** Percent of production traffic (0–100), from CodeDeploy; unknown outside a deployment. */
  trafficWeight?: number;
  /** `BLUE` or `GREEN` in the CodeDeploy deployment. */
  targetGroupRole?: string;
  /** The load balancer target group that serves this task set, from CodeDeploy. */
  targetGroupName?: string;
}

export interface CodeDeployLifecycleEvent {
  name: string;
  status?: string;
  startTime?: string;
  endTime?: string;
  diagnostics?: string;
}

/** The CodeDeploy blue/green deployment behind a CODE_DEPLOY-controlled service. */
export interface CodeDeployDeploymentStatus {
  deploymentId: string;
  applicationName?: string;
  deploymentGroupName?: string;
  deploymentConfigName?: string;
  status?: string;
  createTime?: string;
  completeTime?: string;
  errorMessage?: string;
  rollbackInfo?: string;
  lifecycleEvents: CodeDeployLifecycleEvent[];
  taskSets: EcsTaskSet[];
  consoleUrl: string;
}

/** Everything the deployment views show about one ECS service. */
export interface EcsServiceStatus {
  arn: string;
  serviceName: string;
  clusterName: string;
  clusterArn: string;
  accountId: string;
  region: string;
  consoleUrl: string;
  /**
   * Where the service answers behind its environment's load balancer, e.g.
   * `https://orders.dev.example.com`: the service's `slipway:url` tag
   * (`SERVICE_URL_TAG`), present only when that tag is an absolute `http(s)`
   * URL without credentials (`safeServiceUrl`).
   */
  url?: string;
  /**
   * The environment the service runs in, e.g. `dev` or `prod`: its
   * `slipway:environment` tag (`ENVIRONMENT_TAG`), present only when that tag
   * is a plain name (`safeEnvironmentName`).
   */
  environment?: string;
  status?: string;
  launchType?: string;
  desiredCount: number;
  runningCount: number;
  pendingCount: number;
  deploymentController: EcsDeploymentController;
  circuitBreaker?: { enable: boolean; rollback: boolean };
  /** `family:revision` of the service's current task definition. */
  taskDefinition?: string;
  deployments: EcsDeployment[];
  /** Newest first, at most 20. */
  events: EcsServiceEvent[];
  /** Running tasks first, then recently stopped ones (newest first). */
  tasks: EcsTask[];
  taskSets: EcsTaskSet[];
  codeDeploy?: CodeDeployDeploymentStatus;
  /** Why the CodeDeploy deployment could not be read; the ECS data above is still valid. */
  codeDeployError?: ResourceError;
  /** True while a rollout or a CodeDeploy deployment is in progress. */
  active: boolean;
}

export type EcsServiceResult =
  | { arn: string; name: string; status: EcsServiceStatus; error?: undefined }
  | { arn: string; name: string; status?: undefined; error: ResourceError };

/** `GET /v1/entities/:kind/:namespace/:name/ecs` */
export interface EntityEcsResponse {
  entityRef: string;
  services: EcsServiceResult[];
  /**
   * The list was cut at `codepipeline.maxResourcesPerKind`; an entry with
   * `error.kind: 'truncated'` says which lookup matched more.
   */
  truncated?: boolean;
  refreshedAt: string;
  pollIntervalSeconds: number;
}
