/**
 * The ECS service scheduler's steps, emulated: pure state transitions of an
 * {@link EmulatedService} at a given time (the store in ./ecsRollouts calls
 * them on its clock and tells moto about rollbacks).
 */
import {
  addEvent,
  failureThreshold,
  isPending,
  isRunning,
  isStopped,
  newDeploymentId,
  newTaskArn,
  reasonFor,
  taskId,
  type EmulatedDeployment,
  type EmulatedService,
  type EmulatedTask,
} from './ecsModel';

export interface TaskDefinitionInfo {
  arn: string;
  containers: { name: string; image: string }[];
}

export function newTask(
  service: EmulatedService,
  deployment: EmulatedDeployment,
  now: Date,
): EmulatedTask {
  return {
    taskArn: newTaskArn(service),
    deploymentId: deployment.id,
    taskDefinitionArn: deployment.taskDefinition,
    lastStatus: 'PROVISIONING',
    desiredStatus: 'RUNNING',
    containers: deployment.containers,
    createdAt: now,
  };
}

export function addDeployment(
  service: EmulatedService,
  definition: TaskDefinitionInfo,
  problem: string | undefined,
  now: Date,
  rollbackOf?: EmulatedDeployment,
): EmulatedDeployment {
  const deployment: EmulatedDeployment = {
    id: newDeploymentId(),
    status: 'PRIMARY',
    taskDefinition: definition.arn,
    desiredCount: service.desiredCount,
    failedTasks: 0,
    rolloutState: 'IN_PROGRESS',
    rolloutStateReason: '',
    createdAt: now,
    updatedAt: now,
    containers: definition.containers,
    problem,
    rollback: Boolean(rollbackOf),
  };
  deployment.rolloutStateReason = reasonFor(deployment, 'IN_PROGRESS');
  for (const older of service.deployments) {
    older.status = 'ACTIVE';
    older.updatedAt = now;
  }
  if (rollbackOf) {
    // The deployment rolled back to hands its tasks to the rollback.
    for (const task of service.tasks) {
      if (task.deploymentId === rollbackOf.id)
        task.deploymentId = deployment.id;
    }
    service.deployments = service.deployments.filter(d => d !== rollbackOf);
  }
  service.deployments.unshift(deployment);
  service.steady = false;
  return deployment;
}

export function launchMissing(service: EmulatedService, now: Date): void {
  const primary = service.deployments[0];
  if (!primary || primary.rolloutState === 'FAILED') return;
  const own = service.tasks.filter(
    t => t.deploymentId === primary.id && !isStopped(t),
  ).length;
  const missing = primary.desiredCount - own;
  if (missing <= 0) return;
  const started = Array.from({ length: missing }, () =>
    newTask(service, primary, now),
  );
  service.tasks.push(...started);
  addEvent(
    service,
    now,
    `has started ${missing} tasks: ${started
      .map(t => `(task ${taskId(t.taskArn)})`)
      .join(' ')}.`,
  );
}

function stopTasks(
  service: EmulatedService,
  tasks: EmulatedTask[],
  now: Date,
  reason: string,
): void {
  if (tasks.length === 0) return;
  for (const task of tasks) {
    task.lastStatus = 'STOPPED';
    task.desiredStatus = 'STOPPED';
    task.stoppedAt = now;
    task.stoppedReason = reason;
    task.stopCode = 'ServiceSchedulerInitiated';
  }
  addEvent(
    service,
    now,
    `has stopped ${tasks.length} running tasks: ${tasks
      .map(t => `(task ${taskId(t.taskArn)})`)
      .join(' ')}.`,
  );
}

/**
 * One scheduler step at `now`: whether more steps are needed, and the task
 * definition the service rolled back to, if the circuit breaker did.
 */
export function step(
  service: EmulatedService,
  now: Date,
  stoppedTaskTtlMs: number,
): { more: boolean; rolledBackTo?: string } {
  prune(service, now, stoppedTaskTtlMs);
  const primary = service.deployments[0];
  const byId = (id: string) => service.deployments.find(d => d.id === id);
  const pending = service.tasks.find(isPending);
  if (pending) {
    const deployment = byId(pending.deploymentId);
    if (deployment?.problem) {
      return {
        more: true,
        rolledBackTo: failTask(service, pending, deployment, now),
      };
    }
    pending.lastStatus = 'RUNNING';
    pending.startedAt = now;
    // Each new task that runs lets one older task go (minimumHealthyPercent 100).
    const running = service.tasks.filter(isRunning);
    const older = running.filter(t => t.deploymentId !== primary.id);
    if (running.length > service.desiredCount && older.length > 0) {
      stopTasks(
        service,
        [older[0]],
        now,
        `Scaling activity initiated by (deployment ${primary.id})`,
      );
    }
    return { more: true };
  }
  const own = service.tasks.filter(
    t => t.deploymentId === primary.id && isRunning(t),
  );
  if (own.length < primary.desiredCount && primary.rolloutState !== 'FAILED') {
    launchMissing(service, now);
    return { more: true };
  }
  if (own.length > primary.desiredCount) {
    stopTasks(
      service,
      own.slice(primary.desiredCount),
      now,
      `Scaling activity initiated by (deployment ${primary.id})`,
    );
    return { more: true };
  }
  // A failed deployment without a rollback leaves the older tasks running.
  if (primary.rolloutState === 'FAILED') return { more: false };
  const older = service.tasks.filter(
    t => t.deploymentId !== primary.id && isRunning(t),
  );
  if (older.length > 0) {
    stopTasks(
      service,
      older,
      now,
      `Scaling activity initiated by (deployment ${primary.id})`,
    );
    return { more: true };
  }
  service.deployments = [primary];
  if (primary.rolloutState === 'IN_PROGRESS') {
    primary.rolloutState = 'COMPLETED';
    primary.rolloutStateReason = reasonFor(primary, 'COMPLETED');
    primary.updatedAt = now;
    addEvent(service, now, `(deployment ${primary.id}) deployment completed.`);
  }
  if (!service.steady) {
    service.steady = true;
    addEvent(service, now, 'has reached a steady state.');
  }
  return { more: false };
}

function failTask(
  service: EmulatedService,
  task: EmulatedTask,
  deployment: EmulatedDeployment,
  now: Date,
): string | undefined {
  task.lastStatus = 'STOPPED';
  task.desiredStatus = 'STOPPED';
  task.stoppedAt = now;
  task.stoppedReason = deployment.problem;
  task.stopCode = 'TaskFailedToStart';
  deployment.failedTasks++;
  deployment.updatedAt = now;
  if (deployment.failedTasks === 1) {
    addEvent(
      service,
      now,
      'is unable to consistently start tasks successfully. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.',
    );
  }
  if (
    deployment === service.deployments[0] &&
    deployment.rolloutState === 'IN_PROGRESS' &&
    service.circuitBreaker.enable &&
    deployment.failedTasks >= failureThreshold(deployment.desiredCount)
  ) {
    return trip(service, deployment, now);
  }
  return undefined;
}

/** The circuit breaker: the deployment FAILED, and a rollback (its task definition) when enabled. */
function trip(
  service: EmulatedService,
  failed: EmulatedDeployment,
  now: Date,
): string | undefined {
  failed.rolloutState = 'FAILED';
  failed.rolloutStateReason = reasonFor(failed, 'FAILED');
  for (const task of service.tasks) {
    if (task.deploymentId === failed.id && isPending(task)) {
      task.lastStatus = 'STOPPED';
      task.desiredStatus = 'STOPPED';
      task.stoppedAt = now;
      task.stoppedReason = failed.problem;
      task.stopCode = 'TaskFailedToStart';
    }
  }
  addEvent(
    service,
    now,
    `(deployment ${failed.id}) deployment failed: tasks failed to start.`,
  );
  const target = service.deployments.find(
    d => d !== failed && d.rolloutState === 'COMPLETED',
  );
  if (!service.circuitBreaker.rollback || !target) return undefined;
  addEvent(service, now, `rolling back to deployment ${target.id}.`);
  addDeployment(
    service,
    { arn: target.taskDefinition, containers: target.containers },
    target.problem,
    now,
    target,
  );
  return target.taskDefinition;
}

function prune(service: EmulatedService, now: Date, ttl: number): void {
  const stopped = service.tasks
    .filter(isStopped)
    .sort((a, b) => b.stoppedAt!.getTime() - a.stoppedAt!.getTime());
  const drop = new Set(
    stopped.filter(
      (t, i) => i >= 100 || now.getTime() - t.stoppedAt!.getTime() > ttl,
    ),
  );
  if (drop.size) service.tasks = service.tasks.filter(t => !drop.has(t));
}
