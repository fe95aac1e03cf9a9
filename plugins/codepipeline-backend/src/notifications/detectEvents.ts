import type {
  EcsServiceStatus,
  PipelineStatus,
} from '@slipway/plugin-codepipeline-common';

/** Something an entity's owners should hear about, once. */
export interface DeliveryEvent {
  /** Unique per event: the notification's `scope` and the de-duplication key. */
  scope: string;
  title: string;
  description: string;
  severity: 'high' | 'normal';
  topic: string;
}

/**
 * Failures and rollbacks older than this when first seen are not announced,
 * so that turning notifications on does not replay old history to owners.
 */
export const MAX_EVENT_AGE_MS = 24 * 3_600_000;

export const TOPICS = {
  failed: 'Pipeline failures',
  rolledBack: 'Deployment rollbacks',
  approval: 'Pending approvals',
};

/** The latest execution failed; an approval has waited longer than `approvalWaitMinutes`. */
export function pipelineEvents(
  pipeline: PipelineStatus,
  now: Date,
  approvalWaitMinutes: number,
): DeliveryEvent[] {
  const events: DeliveryEvent[] = [];
  const latest = pipeline.latestExecution;
  if (
    latest?.status === 'Failed' &&
    isRecent(latest.lastUpdateTime ?? latest.startTime, now)
  ) {
    const failedAction = pipeline.stages
      .filter(stage => stage.pipelineExecutionId === latest.executionId)
      .flatMap(stage =>
        stage.actions
          .filter(action => action.status === 'Failed')
          .map(action => ({ stage, action })),
      )[0];
    const commit = latest.sourceRevisions.find(r => r.revisionId);
    const where = failedAction
      ? `${failedAction.stage.name} / ${failedAction.action.name} failed`
      : 'The execution failed';
    const why =
      failedAction?.action.errorDetails?.message ?? latest.statusSummary;
    events.push({
      scope: `codepipeline:${pipeline.arn}:${latest.executionId}:failed`,
      title: `Pipeline ${pipeline.name} failed`,
      description: [
        sentence(`${where}${why ? `: ${why}` : ''}`),
        commit
          ? `Commit ${commit.shortRevisionId ?? commit.revisionId}${
              commit.revisionSummary ? ` "${commit.revisionSummary}"` : ''
            }.`
          : undefined,
      ]
        .filter(Boolean)
        .join(' '),
      severity: 'high',
      topic: TOPICS.failed,
    });
  }
  for (const stage of pipeline.stages) {
    for (const action of stage.actions) {
      const since = action.lastStatusChange
        ? Date.parse(action.lastStatusChange)
        : NaN;
      const waitedMinutes = (now.getTime() - since) / 60_000;
      if (action.awaitingApproval && waitedMinutes >= approvalWaitMinutes) {
        events.push({
          scope: `codepipeline:${pipeline.arn}:${stage.pipelineExecutionId}:${stage.name}/${action.name}:approval-waiting`,
          title: `Approval waiting in ${pipeline.name}`,
          description: `${stage.name} / ${
            action.name
          } has waited ${formatMinutes(waitedMinutes)} for a review.`,
          severity: 'normal',
          topic: TOPICS.approval,
        });
      }
    }
  }
  return events;
}

/** An ECS rollout the circuit breaker failed (and rolled back), or a failed/stopped CodeDeploy deployment. */
export function ecsEvents(
  service: EcsServiceStatus,
  now: Date,
): DeliveryEvent[] {
  const events: DeliveryEvent[] = service.deployments
    .filter(
      d =>
        d.rolloutState === 'FAILED' &&
        isRecent(d.updatedAt ?? d.createdAt, now),
    )
    .map(d => ({
      scope: `codepipeline:${service.arn}:${d.id}:rolled-back`,
      title: `Deployment of ${service.serviceName} rolled back`,
      description: sentence(
        `The rollout of ${d.taskDefinition} to ${
          service.serviceName
        } (cluster ${service.clusterName}) failed${
          d.rolloutStateReason ? `: ${d.rolloutStateReason}` : ''
        }`,
      ),
      severity: 'high',
      topic: TOPICS.rolledBack,
    }));
  const codeDeploy = service.codeDeploy;
  if (
    codeDeploy &&
    ['Failed', 'Stopped'].includes(codeDeploy.status ?? '') &&
    isRecent(codeDeploy.completeTime ?? codeDeploy.createTime, now)
  ) {
    const why = codeDeploy.errorMessage ?? codeDeploy.rollbackInfo;
    events.push({
      scope: `codepipeline:${service.arn}:${codeDeploy.deploymentId}:rolled-back`,
      title: `Deployment of ${service.serviceName} rolled back`,
      description: sentence(
        `CodeDeploy deployment ${codeDeploy.deploymentId} ${(
          codeDeploy.status ?? ''
        ).toLowerCase()}; traffic stays on the original task set${
          why ? `: ${why}` : ''
        }`,
      ),
      severity: 'high',
      topic: TOPICS.rolledBack,
    });
  }
  return events;
}

function isRecent(time: string | undefined, now: Date): boolean {
  const at = time ? Date.parse(time) : NaN;
  return !Number.isNaN(at) && now.getTime() - at <= MAX_EVENT_AGE_MS;
}

function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

function formatMinutes(minutes: number): string {
  return minutes < 120
    ? `${Math.floor(minutes)} minutes`
    : `${Math.floor(minutes / 60)} hours`;
}
