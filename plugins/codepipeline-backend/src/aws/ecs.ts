import {
  CapacityProviderStrategyItem,
  Container,
  DescribeServicesCommand,
  DescribeTasksCommand,
  DesiredStatus,
  ECSClient,
  Deployment,
  Service,
  Task,
  TaskSet,
  paginateListTasks,
} from '@aws-sdk/client-ecs';
import {
  consoleHost,
  type EcsContainerState,
  type EcsDeployment,
  type EcsDeploymentController,
  type EcsRolloutState,
  type EcsServiceStatus,
  type EcsTask,
  type EcsTaskSet,
  ENVIRONMENT_TAG,
  safeEnvironmentName,
  SERVICE_URL_TAG,
  safeServiceUrl,
} from '@slipway/plugin-codepipeline-common';
import { ConsoleLinks, DIRECT_CONSOLE_LINKS } from '../consoleLinks';

/** Where a cluster lives, for building console links. */
export interface EcsClusterLocation {
  partition: string;
  accountId: string;
  region: string;
  clusterName: string;
}

/** A described service before its tasks and CodeDeploy deployment are known. */
export type EcsServiceSnapshot = Omit<
  EcsServiceStatus,
  'tasks' | 'codeDeploy' | 'codeDeployError' | 'active'
>;

export interface DescribedEcsService {
  snapshot: EcsServiceSnapshot;
  /** The CodeDeploy deployment that created the newest task set, if any. */
  codeDeployDeploymentId?: string;
}

/** A service DescribeServices could not return, e.g. reason `MISSING`. */
export interface EcsServiceFailure {
  serviceName: string;
  reason: string;
  detail?: string;
}

export const MAX_SERVICES_PER_DESCRIBE = 10;
export const MAX_TASKS_PER_DESCRIBE = 100;
const MAX_EVENTS = 20;

/** A page of the ECS console (v2) for a cluster, e.g. `services/web/health`, in the cluster's account. */
export function ecsConsoleUrl(
  { partition, accountId, region, clusterName }: EcsClusterLocation,
  path: string,
  links: ConsoleLinks = DIRECT_CONSOLE_LINKS,
): string {
  const cluster = encodeURIComponent(clusterName);
  return links.to(
    accountId,
    `https://${region}.${consoleHost(
      partition,
    )}/ecs/v2/clusters/${cluster}/${path}?region=${region}`,
  );
}

/**
 * DescribeServices for at most {@link MAX_SERVICES_PER_DESCRIBE} services of
 * one cluster, with their tags (for `slipway:url` and `slipway:environment`; no extra call or
 * permission): for each name, in order, the service or why ECS did not return it.
 */
export async function describeEcsServices(
  client: ECSClient,
  location: EcsClusterLocation,
  serviceNames: string[],
  links: ConsoleLinks = DIRECT_CONSOLE_LINKS,
): Promise<Array<DescribedEcsService | EcsServiceFailure>> {
  const { services = [], failures = [] } = await client.send(
    new DescribeServicesCommand({
      cluster: location.clusterName,
      services: serviceNames,
      include: ['TAGS'],
    }),
  );
  return serviceNames.map(serviceName => {
    const service = services.find(s => s.serviceName === serviceName);
    if (service) {
      return toDescribedService(service, location, links);
    }
    const failure = failures.find(
      f => lastSegment(f.arn ?? '') === serviceName,
    );
    return {
      serviceName,
      reason: failure?.reason ?? 'MISSING',
      detail: failure?.detail,
    };
  });
}

/** Task ARNs of a service with the given desired status, newest pages first, at most `max`. */
async function listEcsServiceTaskArns(
  client: ECSClient,
  clusterName: string,
  serviceName: string,
  desiredStatus: DesiredStatus,
  max: number,
): Promise<string[]> {
  const arns: string[] = [];
  const pages = paginateListTasks(
    { client, pageSize: Math.min(max, 100) },
    { cluster: clusterName, serviceName, desiredStatus },
  );
  for await (const page of pages) {
    arns.push(...(page.taskArns ?? []));
    if (arns.length >= max) {
      break;
    }
  }
  return arns.slice(0, max);
}

export interface EcsServiceTaskArns {
  running: string[];
  /** Recently stopped tasks (ECS keeps them visible for about an hour). */
  stopped: string[];
}

/** ListTasks for a service's running and recently stopped tasks, in parallel. */
export async function listEcsServiceTasks(
  client: ECSClient,
  { clusterName }: EcsClusterLocation,
  serviceName: string,
  limits: { running: number; stopped: number },
): Promise<EcsServiceTaskArns> {
  const [running, stopped] = await Promise.all([
    listEcsServiceTaskArns(
      client,
      clusterName,
      serviceName,
      'RUNNING',
      limits.running,
    ),
    listEcsServiceTaskArns(
      client,
      clusterName,
      serviceName,
      'STOPPED',
      limits.stopped,
    ),
  ]);
  // A task that stopped between the two calls is listed once, as stopped.
  return { running: running.filter(arn => !stopped.includes(arn)), stopped };
}

/** DescribeTasks for at most {@link MAX_TASKS_PER_DESCRIBE} tasks of one cluster. */
export async function describeEcsTasks(
  client: ECSClient,
  location: EcsClusterLocation,
  taskArns: string[],
  links: ConsoleLinks = DIRECT_CONSOLE_LINKS,
): Promise<EcsTask[]> {
  const response = await client.send(
    new DescribeTasksCommand({
      cluster: location.clusterName,
      tasks: taskArns,
    }),
  );
  return (response.tasks ?? []).map(task => toEcsTask(task, location, links));
}

function tagValue(service: Service, key: string): string | undefined {
  return service.tags?.find(tag => tag.key === key)?.value;
}

function toDescribedService(
  service: Service,
  location: EcsClusterLocation,
  links: ConsoleLinks,
): DescribedEcsService {
  const serviceName = service.serviceName ?? '';
  const taskSets = service.taskSets ?? [];
  const breaker = service.deploymentConfiguration?.deploymentCircuitBreaker;
  const snapshot: EcsServiceSnapshot = {
    arn: service.serviceArn ?? '',
    serviceName,
    clusterName: location.clusterName,
    clusterArn: service.clusterArn ?? '',
    accountId: location.accountId,
    region: location.region,
    consoleUrl: ecsConsoleUrl(
      location,
      `services/${encodeURIComponent(serviceName)}/health`,
      links,
    ),
    url: safeServiceUrl(tagValue(service, SERVICE_URL_TAG)),
    environment: safeEnvironmentName(tagValue(service, ENVIRONMENT_TAG)),
    status: service.status,
    launchType: describeCompute(
      service.launchType ?? taskSets[0]?.launchType,
      service.capacityProviderStrategy ?? taskSets[0]?.capacityProviderStrategy,
    ),
    desiredCount: service.desiredCount ?? 0,
    runningCount: service.runningCount ?? 0,
    pendingCount: service.pendingCount ?? 0,
    deploymentController: (service.deploymentController?.type ??
      'ECS') as EcsDeploymentController,
    circuitBreaker: breaker
      ? { enable: Boolean(breaker.enable), rollback: Boolean(breaker.rollback) }
      : undefined,
    taskDefinition: service.taskDefinition
      ? lastSegment(service.taskDefinition)
      : undefined,
    deployments: (service.deployments ?? []).map(toEcsDeployment),
    events: [...(service.events ?? [])]
      .sort((a, b) => time(b.createdAt) - time(a.createdAt))
      .slice(0, MAX_EVENTS)
      .map(event => ({
        id: event.id ?? '',
        createdAt: iso(event.createdAt),
        message: event.message ?? '',
      })),
    taskSets: taskSets.map(toEcsTaskSet),
  };
  // Under the CODE_DEPLOY controller only CodeDeploy creates task sets, and
  // their externalId is its deployment id (startedBy is not reliably set).
  const newestCodeDeployTaskSet =
    snapshot.deploymentController === 'CODE_DEPLOY'
      ? taskSets
          .filter(taskSet => taskSet.externalId)
          .sort((a, b) => time(b.createdAt) - time(a.createdAt))[0]
      : undefined;
  return {
    snapshot,
    codeDeployDeploymentId: newestCodeDeployTaskSet?.externalId,
  };
}

function toEcsDeployment(deployment: Deployment): EcsDeployment {
  return {
    id: deployment.id ?? '',
    status: deployment.status ?? 'UNKNOWN',
    taskDefinition: lastSegment(deployment.taskDefinition ?? ''),
    taskDefinitionArn: deployment.taskDefinition ?? '',
    desiredCount: deployment.desiredCount ?? 0,
    runningCount: deployment.runningCount ?? 0,
    pendingCount: deployment.pendingCount ?? 0,
    failedTasks: deployment.failedTasks ?? 0,
    rolloutState: deployment.rolloutState as EcsRolloutState | undefined,
    rolloutStateReason: deployment.rolloutStateReason,
    createdAt: iso(deployment.createdAt),
    updatedAt: iso(deployment.updatedAt),
  };
}

function toEcsTaskSet(taskSet: TaskSet): EcsTaskSet {
  return {
    id: taskSet.id ?? '',
    status: taskSet.status ?? 'UNKNOWN',
    taskDefinition: lastSegment(taskSet.taskDefinition ?? ''),
    runningCount: taskSet.runningCount,
    pendingCount: taskSet.pendingCount,
    computedDesiredCount: taskSet.computedDesiredCount,
    stabilityStatus: taskSet.stabilityStatus,
  };
}

function toEcsTask(
  task: Task,
  location: EcsClusterLocation,
  links: ConsoleLinks,
): EcsTask {
  const arn = task.taskArn ?? '';
  const id = lastSegment(arn);
  return {
    arn,
    id,
    lastStatus: task.lastStatus,
    desiredStatus: task.desiredStatus,
    taskDefinition: task.taskDefinitionArn
      ? lastSegment(task.taskDefinitionArn)
      : undefined,
    healthStatus: task.healthStatus,
    launchType: task.launchType ?? task.capacityProviderName,
    availabilityZone: task.availabilityZone,
    startedAt: iso(task.startedAt),
    stoppedAt: iso(task.stoppedAt),
    stoppedReason: task.stoppedReason,
    stopCode: task.stopCode,
    containers: (task.containers ?? []).map(toContainerState),
    consoleUrl: ecsConsoleUrl(
      location,
      `tasks/${encodeURIComponent(id)}/configuration`,
      links,
    ),
  };
}

function toContainerState(container: Container): EcsContainerState {
  return {
    name: container.name ?? '',
    lastStatus: container.lastStatus,
    exitCode: container.exitCode,
    reason: container.reason,
    healthStatus: container.healthStatus,
    image: container.image,
  };
}

/** `FARGATE`, or the capacity provider strategy, e.g. `FARGATE_SPOT (weight 3), FARGATE (base 1, weight 1)`. */
function describeCompute(
  launchType: string | undefined,
  strategy: CapacityProviderStrategyItem[] = [],
): string | undefined {
  if (launchType || strategy.length === 0) {
    return launchType;
  }
  return strategy
    .map(
      ({ capacityProvider, base, weight }) =>
        `${capacityProvider} (${base ? `base ${base}, ` : ''}weight ${
          weight ?? 0
        })`,
    )
    .join(', ');
}

/** Also turns `arn:…:task-definition/web:42` into `web:42`. */
function lastSegment(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

function iso(date: Date | undefined): string | undefined {
  return date ? new Date(date).toISOString() : undefined;
}

function time(date: Date | undefined): number {
  return date ? new Date(date).getTime() : 0;
}

/** Running tasks (newest started first), then stopped ones (newest stopped first; still stopping before). */
export function orderTasks(running: EcsTask[], stopped: EcsTask[]): EcsTask[] {
  const newestFirst =
    (field: 'startedAt' | 'stoppedAt') => (a: EcsTask, b: EcsTask) =>
      (b[field] ? Date.parse(b[field]!) : Infinity) -
      (a[field] ? Date.parse(a[field]!) : Infinity);
  return [
    ...[...running].sort(newestFirst('startedAt')),
    ...[...stopped].sort(newestFirst('stoppedAt')),
  ];
}
