import {
  BatchGetDeploymentTargetsCommand,
  CodeDeployClient,
  DeploymentInfo,
  ECSTarget,
  GetDeploymentCommand,
  GetDeploymentGroupCommand,
  LifecycleEvent,
  ListDeploymentTargetsCommand,
  RollbackInfo,
} from '@aws-sdk/client-codedeploy';
import {
  consoleHost,
  type CodeDeployDeploymentStatus,
  type CodeDeployLifecycleEvent,
  type EcsTaskSet,
} from '@slipway/plugin-codepipeline-common';
import { ConsoleLinks, DIRECT_CONSOLE_LINKS } from '../consoleLinks';

/** What CodeDeploy says about one ECS task set in a blue/green deployment. */
export interface CodeDeployTaskSetTraffic {
  /** The ECS task set id, e.g. `ecs-svc/1234567890123456789`. */
  taskSetId: string;
  trafficWeight?: number;
  /** `BLUE` or `GREEN` */
  targetGroupRole?: string;
  targetGroupName?: string;
}

/** A CodeDeploy deployment, with traffic per task set still to be merged into ECS's task sets. */
export type CodeDeployDeploymentSnapshot = Omit<
  CodeDeployDeploymentStatus,
  'taskSets'
> & { taskSetTraffic: CodeDeployTaskSetTraffic[] };

const IN_PROGRESS_STATUSES = new Set([
  'Created',
  'Queued',
  'InProgress',
  'Baking',
  'Ready',
]);

/** True until the deployment has succeeded, failed or been stopped. */
export function isCodeDeployInProgress(status: string | undefined): boolean {
  return status !== undefined && IN_PROGRESS_STATUSES.has(status);
}

/** Where a CodeDeploy deployment lives, for its console link. */
export interface CodeDeployLocation {
  partition: string;
  accountId: string;
  region: string;
}

export function codeDeployDeploymentConsoleUrl(
  location: CodeDeployLocation,
  deploymentId: string,
  links: ConsoleLinks = DIRECT_CONSOLE_LINKS,
): string {
  const { partition, accountId, region } = location;
  return links.to(
    accountId,
    `https://${region}.${consoleHost(
      partition,
    )}/codesuite/codedeploy/deployments/${encodeURIComponent(
      deploymentId,
    )}?region=${region}`,
  );
}

/**
 * GetDeployment, plus the deployment's ECS target (ListDeploymentTargets +
 * BatchGetDeploymentTargets) for lifecycle events and traffic weights.
 */
export async function describeCodeDeployDeployment(
  client: CodeDeployClient,
  location: CodeDeployLocation,
  deploymentId: string,
  links: ConsoleLinks = DIRECT_CONSOLE_LINKS,
): Promise<CodeDeployDeploymentSnapshot> {
  const [deployment, target] = await Promise.all([
    client
      .send(new GetDeploymentCommand({ deploymentId }))
      .then(response => response.deploymentInfo ?? {}),
    getEcsTarget(client, deploymentId),
  ]);
  return {
    ...toDeploymentFields(deployment),
    deploymentId,
    lifecycleEvents: (target?.lifecycleEvents ?? []).map(toLifecycleEvent),
    taskSetTraffic: (target?.taskSetsInfo ?? []).map(taskSet => ({
      taskSetId: taskSet.identifer ?? '',
      trafficWeight: taskSet.trafficWeight,
      targetGroupRole: taskSet.taskSetLabel?.toUpperCase(),
      targetGroupName: taskSet.targetGroup?.name,
    })),
    consoleUrl: codeDeployDeploymentConsoleUrl(location, deploymentId, links),
  };
}

/** An ECS deployment has exactly one target: the service (`cluster:service`). */
async function getEcsTarget(
  client: CodeDeployClient,
  deploymentId: string,
): Promise<ECSTarget | undefined> {
  const { targetIds = [] } = await client.send(
    new ListDeploymentTargetsCommand({ deploymentId }),
  );
  if (targetIds.length === 0) {
    return undefined;
  }
  const { deploymentTargets = [] } = await client.send(
    new BatchGetDeploymentTargetsCommand({
      deploymentId,
      targetIds: targetIds.slice(0, 25),
    }),
  );
  return deploymentTargets.find(target => target.ecsTarget)?.ecsTarget;
}

function toDeploymentFields(
  deployment: DeploymentInfo,
): Omit<
  CodeDeployDeploymentSnapshot,
  'deploymentId' | 'lifecycleEvents' | 'taskSetTraffic' | 'consoleUrl'
> {
  const { errorInformation, rollbackInfo } = deployment;
  return {
    applicationName: deployment.applicationName,
    deploymentGroupName: deployment.deploymentGroupName,
    deploymentConfigName: deployment.deploymentConfigName,
    status: deployment.status,
    createTime: iso(deployment.createTime),
    completeTime: iso(deployment.completeTime),
    errorMessage: errorInformation
      ? [errorInformation.code, errorInformation.message]
          .filter(Boolean)
          .join(': ')
      : undefined,
    rollbackInfo: describeRollback(rollbackInfo),
  };
}

function describeRollback(rollback: RollbackInfo | undefined) {
  if (rollback?.rollbackMessage) {
    return rollback.rollbackMessage;
  }
  if (rollback?.rollbackDeploymentId) {
    return `Rolled back by deployment ${rollback.rollbackDeploymentId}.`;
  }
  if (rollback?.rollbackTriggeringDeploymentId) {
    return `Rollback of deployment ${rollback.rollbackTriggeringDeploymentId}.`;
  }
  return undefined;
}

function toLifecycleEvent(event: LifecycleEvent): CodeDeployLifecycleEvent {
  const diagnostics = event.diagnostics;
  return {
    name: event.lifecycleEventName ?? '',
    status: event.status,
    startTime: iso(event.startTime),
    endTime: iso(event.endTime),
    diagnostics: diagnostics?.message
      ? [diagnostics.errorCode, diagnostics.message].filter(Boolean).join(': ')
      : undefined,
  };
}

function iso(date: Date | undefined): string | undefined {
  return date ? new Date(date).toISOString() : undefined;
}

/** ECS's live task sets, each with the traffic weight and target group CodeDeploy reports for it. */
export function mergeTaskSetTraffic(
  deployment: CodeDeployDeploymentSnapshot,
  ecsTaskSets: EcsTaskSet[],
): CodeDeployDeploymentStatus {
  const { taskSetTraffic, ...rest } = deployment;
  return {
    ...rest,
    taskSets: ecsTaskSets.map(taskSet => {
      const traffic = taskSetTraffic.find(t => t.taskSetId === taskSet.id);
      return {
        ...taskSet,
        trafficWeight: traffic?.trafficWeight,
        targetGroupRole: traffic?.targetGroupRole,
        targetGroupName: traffic?.targetGroupName,
      };
    }),
  };
}

/** The ECS services a CodeDeploy deployment group deploys to. */
export async function getDeploymentGroupEcsServices(
  client: CodeDeployClient,
  applicationName: string,
  deploymentGroupName: string,
): Promise<Array<{ clusterName: string; serviceName: string }>> {
  const { deploymentGroupInfo } = await client.send(
    new GetDeploymentGroupCommand({ applicationName, deploymentGroupName }),
  );
  return (deploymentGroupInfo?.ecsServices ?? []).flatMap(service =>
    service.clusterName && service.serviceName
      ? [{ clusterName: service.clusterName, serviceName: service.serviceName }]
      : [],
  );
}
