import type {
  CodeDeployDeploymentStatus,
  EcsDeployment,
  EcsServiceStatus,
  TimelineRollout,
} from '@slipway/plugin-codepipeline-common';
import type { PipelineDefinition } from '../aws/codePipeline';
import type { HistoryActionExecution } from '../aws/codePipelineHistory';
import { ms } from './history';

/** ECS creates its deployment a little after the Deploy action starts and reports it a little after it ends. */
const SLACK_MS = 60_000;

type DefinitionStage = PipelineDefinition['stages'][number];

/**
 * The ECS rollouts (and CodeDeploy blue/green deployments) one deploy stage
 * of an execution caused. A deployment matches when the Deploy action names
 * it (its external execution id is the ECS or CodeDeploy deployment id), when
 * the action's summary names its task definition revision, or when it was
 * created while the stage ran. Only services the stage's Deploy actions target
 * are considered (all of the entity's services when the actions name none).
 * `assigned` keeps a deployment from being attributed to two changes.
 */
export function correlateRollouts(
  stage: DefinitionStage,
  deployActions: HistoryActionExecution[],
  services: EcsServiceStatus[],
  assigned: Set<string>,
  now: Date,
): TimelineRollout[] {
  if (deployActions.length === 0) {
    return [];
  }
  const starts = deployActions.flatMap(a => ms(a.startTime) ?? []);
  const ends = deployActions.map(a => ms(a.lastUpdateTime) ?? now.getTime());
  const window = {
    from: Math.min(...starts) - SLACK_MS,
    to: Math.max(...ends) + SLACK_MS,
  };
  const within = (time: string | undefined) => {
    const at = ms(time);
    return at !== undefined && at >= window.from && at <= window.to;
  };
  const externalIds = new Set(
    deployActions.flatMap(a => a.externalExecutionId ?? []),
  );
  const summaries = deployActions.flatMap(a => a.summary ?? []);
  const claim = (key: string) => {
    if (assigned.has(key)) {
      return false;
    }
    assigned.add(key);
    return true;
  };

  return services
    .filter(service => isTargetOf(stage, service))
    .flatMap(service => {
      const ecs = service.deployments
        .filter(
          d =>
            externalIds.has(d.id) ||
            summaries.some(s => s.includes(d.taskDefinition)) ||
            within(d.createdAt),
        )
        .filter(d => claim(`${service.arn}|${d.id}`))
        .map(d => fromEcsDeployment(service, d));
      const codeDeploy = service.codeDeploy;
      const blueGreen =
        codeDeploy &&
        (externalIds.has(codeDeploy.deploymentId) ||
          within(codeDeploy.createTime)) &&
        claim(`codedeploy|${codeDeploy.deploymentId}`)
          ? [fromCodeDeploy(service, codeDeploy)]
          : [];
      return [...ecs, ...blueGreen];
    });
}

function isTargetOf(stage: DefinitionStage, service: EcsServiceStatus) {
  const targets = stage.actions
    .filter(a => a.category === 'Deploy')
    .map(a => a.configuration);
  const named = targets.filter(
    t => t.ServiceName || (t.ApplicationName && t.DeploymentGroupName),
  );
  if (named.length === 0) {
    return true;
  }
  return named.some(t =>
    t.ServiceName
      ? t.ServiceName === service.serviceName &&
        (!t.ClusterName || lastSegment(t.ClusterName) === service.clusterName)
      : service.codeDeploy?.applicationName === t.ApplicationName &&
        service.codeDeploy?.deploymentGroupName === t.DeploymentGroupName,
  );
}

function fromEcsDeployment(
  service: EcsServiceStatus,
  deployment: EcsDeployment,
): TimelineRollout {
  const finished =
    deployment.rolloutState === 'COMPLETED' ||
    deployment.rolloutState === 'FAILED';
  return {
    serviceArn: service.arn,
    serviceName: service.serviceName,
    deploymentId: deployment.id,
    taskDefinition: deployment.taskDefinition,
    rolloutState: deployment.rolloutState,
    rolloutStateReason: deployment.rolloutStateReason,
    startTime: deployment.createdAt,
    endTime: finished ? deployment.updatedAt : undefined,
    // A FAILED rollout is what the circuit breaker rolls back.
    rolledBack: deployment.rolloutState === 'FAILED',
  };
}

const CODE_DEPLOY_FAILED = new Set(['Failed', 'Stopped']);
const CODE_DEPLOY_DONE = new Set(['Succeeded', 'Failed', 'Stopped']);

function fromCodeDeploy(
  service: EcsServiceStatus,
  deployment: CodeDeployDeploymentStatus,
): TimelineRollout {
  const status = deployment.status ?? '';
  const green = deployment.taskSets.find(t => t.targetGroupRole === 'GREEN');
  let rolloutState: TimelineRollout['rolloutState'] = 'IN_PROGRESS';
  if (status === 'Succeeded') {
    rolloutState = 'COMPLETED';
  } else if (CODE_DEPLOY_FAILED.has(status)) {
    rolloutState = 'FAILED';
  }
  return {
    serviceArn: service.arn,
    serviceName: service.serviceName,
    deploymentId: deployment.deploymentId,
    taskDefinition: green?.taskDefinition ?? service.taskDefinition ?? '',
    rolloutState,
    rolloutStateReason: deployment.errorMessage ?? deployment.rollbackInfo,
    startTime: deployment.createTime,
    endTime: CODE_DEPLOY_DONE.has(status) ? deployment.completeTime : undefined,
    // A failed or stopped ECS blue/green deployment sends traffic back to the original task set.
    rolledBack: CODE_DEPLOY_FAILED.has(status),
  };
}

function lastSegment(value: string): string {
  return value.split('/').pop() ?? value;
}
