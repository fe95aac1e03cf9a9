/**
 * What the ECS rollout emulation keeps of a service (deployments, tasks,
 * events) and how it shows them, in the shapes of ECS's DescribeServices and
 * DescribeTasks.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Place } from '../server/accounts';

export type RolloutState = 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';

export interface EmulatedDeployment {
  id: string;
  status: 'PRIMARY' | 'ACTIVE';
  taskDefinition: string;
  desiredCount: number;
  failedTasks: number;
  rolloutState: RolloutState;
  rolloutStateReason: string;
  createdAt: Date;
  updatedAt: Date;
  /** The containers its tasks run (from the task definition). */
  containers: { name: string; image: string }[];
  /** Why its tasks cannot start (e.g. an image not in the emulated ECR); undefined when they can. */
  problem?: string;
  /** Whether the service rolled back to this deployment. */
  rollback?: boolean;
}

export type TaskStatus = 'PROVISIONING' | 'PENDING' | 'RUNNING' | 'STOPPED';

export interface EmulatedTask {
  taskArn: string;
  deploymentId: string;
  taskDefinitionArn: string;
  lastStatus: TaskStatus;
  desiredStatus: 'RUNNING' | 'STOPPED';
  containers: { name: string; image: string }[];
  createdAt: Date;
  startedAt?: Date;
  stoppedAt?: Date;
  stoppedReason?: string;
  stopCode?: 'TaskFailedToStart' | 'ServiceSchedulerInitiated';
}

export interface ServiceEvent {
  id: string;
  createdAt: Date;
  message: string;
}

export interface CircuitBreaker {
  enable: boolean;
  rollback: boolean;
}

/** As a {@link Place}: the account and region it lives in. */
export interface EmulatedService extends Place {
  key: string;
  region: string;
  accountId: string;
  clusterName: string;
  clusterArn: string;
  serviceName: string;
  serviceArn: string;
  desiredCount: number;
  launchType?: string;
  circuitBreaker: CircuitBreaker;
  /** The PRIMARY deployment first. */
  deployments: EmulatedDeployment[];
  tasks: EmulatedTask[];
  /** Newest first. */
  events: ServiceEvent[];
  /** Whether the service has reached a steady state since it last changed. */
  steady: boolean;
}

export const isPending = (task: EmulatedTask) =>
  task.lastStatus === 'PROVISIONING' || task.lastStatus === 'PENDING';
export const isRunning = (task: EmulatedTask) => task.lastStatus === 'RUNNING';
export const isStopped = (task: EmulatedTask) => task.lastStatus === 'STOPPED';

/** A service's key: same-named services of two accounts or regions are two services. */
export function serviceKey(
  place: Place,
  cluster: string,
  service: string,
): string {
  return `${place.accountId}|${place.region}|${cluster}|${service}`;
}

export function newDeploymentId(): string {
  const digits = Array.from(randomBytes(19), byte => byte % 10).join('');
  return `ecs-svc/${digits.replace(/^0/, '1')}`;
}

export function newTaskArn(service: EmulatedService): string {
  return `arn:aws:ecs:${service.region}:${service.accountId}:task/${
    service.clusterName
  }/${randomBytes(16).toString('hex')}`;
}

export const taskId = (taskArn: string) =>
  taskArn.slice(taskArn.lastIndexOf('/') + 1);

/** ECS's circuit breaker threshold: half the desired count, at least 3, at most 200. */
export function failureThreshold(desiredCount: number): number {
  return Math.min(200, Math.max(3, Math.ceil(desiredCount / 2)));
}

export function reasonFor(
  deployment: Pick<EmulatedDeployment, 'id'>,
  state: RolloutState,
): string {
  if (state === 'IN_PROGRESS')
    return `ECS deployment ${deployment.id} in progress.`;
  if (state === 'COMPLETED')
    return `ECS deployment ${deployment.id} completed.`;
  return 'ECS deployment circuit breaker: tasks failed to start.';
}

export function addEvent(
  service: EmulatedService,
  now: Date,
  message: string,
): void {
  service.events.unshift({
    id: randomUUID(),
    createdAt: now,
    message: `(service ${service.serviceName}) ${message}`,
  });
  service.events.length = Math.min(service.events.length, 100);
}

const count = (
  tasks: EmulatedTask[],
  id: string,
  test: (t: EmulatedTask) => boolean,
) => tasks.filter(task => task.deploymentId === id && test(task)).length;

/** A deployment as DescribeServices shows it. */
export function renderDeployment(
  service: EmulatedService,
  deployment: EmulatedDeployment,
  networkConfiguration: unknown,
) {
  return {
    id: deployment.id,
    status: deployment.status,
    taskDefinition: deployment.taskDefinition,
    desiredCount: deployment.desiredCount,
    pendingCount: count(service.tasks, deployment.id, isPending),
    runningCount: count(service.tasks, deployment.id, isRunning),
    failedTasks: deployment.failedTasks,
    createdAt: deployment.createdAt,
    updatedAt: deployment.updatedAt,
    ...(service.launchType && { launchType: service.launchType }),
    ...(service.launchType === 'FARGATE' && {
      platformVersion: '1.4.0',
      platformFamily: 'Linux',
    }),
    ...(networkConfiguration ? { networkConfiguration } : {}),
    rolloutState: deployment.rolloutState,
    rolloutStateReason: deployment.rolloutStateReason,
  };
}

/** Overlays the emulated rollout on a service of moto's DescribeServices/UpdateService answer. */
export function overlayService(
  service: EmulatedService,
  moto: Record<string, any>,
): Record<string, any> {
  const network =
    moto.networkConfiguration &&
    Object.keys(moto.networkConfiguration).length > 0
      ? moto.networkConfiguration
      : undefined;
  return {
    ...moto,
    taskDefinition:
      service.deployments[0]?.taskDefinition ?? moto.taskDefinition,
    desiredCount: service.desiredCount,
    runningCount: service.tasks.filter(isRunning).length,
    pendingCount: service.tasks.filter(isPending).length,
    deploymentConfiguration: {
      maximumPercent: 200,
      minimumHealthyPercent: 100,
      ...moto.deploymentConfiguration,
      deploymentCircuitBreaker: service.circuitBreaker,
    },
    deployments: service.deployments.map(d =>
      renderDeployment(service, d, network),
    ),
    events: service.events,
  };
}

/** A task as DescribeTasks shows it. */
const TASK_VERSION: Record<TaskStatus, number> = {
  PROVISIONING: 1,
  PENDING: 1,
  RUNNING: 2,
  STOPPED: 3,
};

const CONTAINER_STATUS: Record<TaskStatus, string> = {
  PROVISIONING: 'PENDING',
  PENDING: 'PENDING',
  RUNNING: 'RUNNING',
  STOPPED: 'STOPPED',
};

export function renderTask(service: EmulatedService, task: EmulatedTask) {
  const failed = task.stopCode === 'TaskFailedToStart';
  return {
    taskArn: task.taskArn,
    clusterArn: service.clusterArn,
    taskDefinitionArn: task.taskDefinitionArn,
    group: `service:${service.serviceName}`,
    startedBy: task.deploymentId,
    lastStatus: task.lastStatus,
    desiredStatus: task.desiredStatus,
    ...(service.launchType && { launchType: service.launchType }),
    ...(service.launchType === 'FARGATE' && {
      platformVersion: '1.4.0',
      platformFamily: 'Linux',
    }),
    availabilityZone: `${service.region}a`,
    connectivity: isRunning(task) ? 'CONNECTED' : undefined,
    healthStatus: 'UNKNOWN',
    version: TASK_VERSION[task.lastStatus],
    createdAt: task.createdAt,
    startedAt: task.startedAt,
    stoppedAt: task.stoppedAt,
    stoppingAt: task.stoppedAt,
    stoppedReason: task.stoppedReason,
    stopCode: task.stopCode,
    containers: task.containers.map(container => ({
      containerArn: `arn:aws:ecs:${service.region}:${
        service.accountId
      }:container/${service.clusterName}/${taskId(task.taskArn)}/${
        container.name
      }`,
      taskArn: task.taskArn,
      name: container.name,
      image: container.image,
      lastStatus: CONTAINER_STATUS[task.lastStatus],
      ...(isStopped(task) && !failed && { exitCode: 0 }),
      ...(failed && { reason: task.stoppedReason }),
      healthStatus: 'UNKNOWN',
    })),
    attachments: [],
    tags: [],
  };
}
