import { randomInt } from 'node:crypto';
import type { Place } from '../server/accounts';

export type DeploymentStatus =
  | 'Created'
  | 'Queued'
  | 'InProgress'
  | 'Baking'
  | 'Ready'
  | 'Succeeded'
  | 'Failed'
  | 'Stopped';

export type LifecycleStatus =
  | 'Pending'
  | 'InProgress'
  | 'Succeeded'
  | 'Failed'
  | 'Skipped'
  | 'Unknown';

/** The lifecycle events of an ECS blue/green deployment, in order. */
export const ECS_LIFECYCLE_EVENTS = [
  'BeforeInstall',
  'Install',
  'AfterInstall',
  'AllowTestTraffic',
  'AfterAllowTestTraffic',
  'BeforeAllowTraffic',
  'AllowTraffic',
  'AfterAllowTraffic',
] as const;
export type EcsLifecycleEventName = (typeof ECS_LIFECYCLE_EVENTS)[number];

export interface LifecycleEvent {
  lifecycleEventName: EcsLifecycleEventName;
  status: LifecycleStatus;
  startTime?: Date;
  endTime?: Date;
  diagnostics?: {
    errorCode: string;
    scriptName: string;
    message: string;
    logTail: string;
  };
}

/** CodeDeploy's ECSTaskSet (its `identifer` spelling is the API's). */
export interface TaskSetInfo {
  identifer: string;
  /** moto's task set ARN, to delete or promote it. */
  arn: string;
  desiredCount: number;
  pendingCount: number;
  runningCount: number;
  status: 'PRIMARY' | 'ACTIVE' | 'DRAINING';
  trafficWeight: number;
  targetGroup?: { name: string };
  taskSetLabel: 'Blue' | 'Green';
}

export interface EcsTarget {
  targetId: string;
  targetArn: string;
  status: LifecycleStatus | 'Ready';
  lastUpdatedAt: Date;
  lifecycleEvents: LifecycleEvent[];
  taskSetsInfo: TaskSetInfo[];
}

export interface Deployment {
  /** The account the deployment runs in (its application's). */
  accountId: string;
  region: string;
  deploymentId: string;
  applicationName: string;
  deploymentGroupName: string;
  deploymentConfigName: string;
  status: DeploymentStatus;
  creator: 'user' | 'codeDeployRollback';
  description?: string;
  revision: Record<string, any>;
  /** GetDeploymentGroup's answer when the deployment was created. */
  group: Record<string, any>;
  autoRollbackConfiguration?: { enabled?: boolean; events?: string[] };
  createTime: Date;
  startTime?: Date;
  completeTime?: Date;
  errorInformation?: { code: string; message: string };
  rollbackInfo?: {
    rollbackDeploymentId?: string;
    rollbackTriggeringDeploymentId?: string;
    rollbackMessage?: string;
  };
  instanceTerminationWaitTimeStarted: boolean;
  /** The appspec's TaskDefinition: what the replacement task set runs. */
  taskDefinition?: string;
  target: EcsTarget;
}

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** `d-` and nine upper-case letters or digits, as CodeDeploy names deployments. */
export function newDeploymentId(): string {
  let id = 'd-';
  for (let i = 0; i < 9; i++) id += ID_ALPHABET[randomInt(ID_ALPHABET.length)];
  return id;
}

/** Where a deployment lives and its calls to moto act. */
export function deploymentPlace(d: Deployment): Place {
  return { accountId: d.accountId, region: d.region };
}

export function isDone(status: DeploymentStatus): boolean {
  return status === 'Succeeded' || status === 'Failed' || status === 'Stopped';
}

/** GetDeployment's deploymentInfo. */
export function deploymentInfo(d: Deployment): Record<string, unknown> {
  return {
    applicationName: d.applicationName,
    deploymentGroupName: d.deploymentGroupName,
    deploymentConfigName: d.deploymentConfigName,
    deploymentId: d.deploymentId,
    revision: d.revision,
    status: d.status,
    errorInformation: d.errorInformation,
    createTime: d.createTime,
    startTime: d.startTime,
    completeTime: d.completeTime,
    description: d.description,
    creator: d.creator,
    autoRollbackConfiguration: d.autoRollbackConfiguration,
    rollbackInfo: d.rollbackInfo,
    deploymentStyle: d.group.deploymentStyle,
    instanceTerminationWaitTimeStarted: d.instanceTerminationWaitTimeStarted,
    blueGreenDeploymentConfiguration: d.group.blueGreenDeploymentConfiguration,
    loadBalancerInfo: d.group.loadBalancerInfo,
    computePlatform: 'ECS',
  };
}

/** BatchGetDeploymentTargets' deploymentTargets entry. */
export function deploymentTarget(d: Deployment): Record<string, unknown> {
  const { target } = d;
  return {
    deploymentTargetType: 'ECSTarget',
    ecsTarget: {
      deploymentId: d.deploymentId,
      targetId: target.targetId,
      targetArn: target.targetArn,
      lastUpdatedAt: target.lastUpdatedAt,
      lifecycleEvents: target.lifecycleEvents,
      status: target.status,
      taskSetsInfo: target.taskSetsInfo.map(({ arn: _arn, ...info }) => info),
    },
  };
}

/**
 * The deployment CodeDeploy creates to roll `failed` back: traffic back to
 * the original task set (its only lifecycle event that does anything).
 */
export function rollbackDeployment(
  failed: Deployment,
  rollback: {
    deploymentId: string;
    revision: Record<string, any>;
    start: Date;
    end: Date;
  },
): Deployment {
  const { start, end } = rollback;
  return {
    ...failed,
    deploymentId: rollback.deploymentId,
    status: 'Succeeded',
    creator: 'codeDeployRollback',
    description: undefined,
    revision: rollback.revision,
    createTime: start,
    startTime: start,
    completeTime: end,
    errorInformation: undefined,
    rollbackInfo: { rollbackTriggeringDeploymentId: failed.deploymentId },
    target: {
      ...failed.target,
      status: 'Succeeded',
      lastUpdatedAt: end,
      lifecycleEvents: ECS_LIFECYCLE_EVENTS.map(name =>
        name === 'AllowTraffic'
          ? {
              lifecycleEventName: name,
              status: 'Succeeded',
              startTime: start,
              endTime: end,
            }
          : { lifecycleEventName: name, status: 'Skipped' },
      ),
      taskSetsInfo: failed.target.taskSetsInfo
        .filter(t => t.taskSetLabel === 'Blue')
        .map(t => ({ ...t })),
    },
  };
}
