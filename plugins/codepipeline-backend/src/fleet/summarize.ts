import type {
  DoraMetric,
  EcsServiceResult,
  EcsServiceStatus,
  EntityDoraResponse,
  EntityTimelineResponse,
  FleetCommit,
  FleetEntityStatus,
  FleetPipelineSummary,
  FleetProduction,
  FleetRollout,
  PipelineResult,
  PipelineStatus,
  ResourceError,
  SourceRevision,
} from '@slipway/plugin-codepipeline-common';
import type { EnvironmentKnowledge } from '../insights/productionStage';

/** The 30-day DORA metrics kept with a summary (no trend: the overview pools them per owner). */
export type DoraSnapshot = Pick<
  EntityDoraResponse,
  | 'deploymentFrequency'
  | 'leadTimeForChanges'
  | 'changeFailureRate'
  | 'timeToRestore'
>;

/**
 * What the overview caches per entity: AWS-derived only, the same for every
 * viewer (who may see it is decided per request, before it is read).
 */
export interface DeliverySummary {
  status: Exclude<FleetEntityStatus, 'loading'>;
  pipelines: FleetPipelineSummary[];
  rollouts: FleetRollout[];
  production?: FleetProduction;
  dora?: DoraSnapshot;
  errors?: Array<{ name: string; error: ResourceError }>;
  /** Something moves (or failed to load): kept for the active cache window only. */
  active: boolean;
  refreshedAt: string;
}

/** What one entity's load read, from the same cached services as the entity routes. */
export interface DeliveryReadings {
  pipelines: PipelineResult[];
  services: EcsServiceResult[];
  timeline?: EntityTimelineResponse;
  dora?: EntityDoraResponse;
  /** Lookups and reads that failed as a whole (tag searches, the timeline, DORA). */
  errors: Array<{ name: string; error: ResourceError }>;
  environments: EnvironmentKnowledge;
  now: Date;
}

const DEPLOY_STAGE = /^Deploy-(.+)$/;

/** Reduces one entity's status, ECS, timeline and DORA answers to its overview row. */
export function summarize(readings: DeliveryReadings): DeliverySummary {
  const pipelineStatuses = readings.pipelines.flatMap(p => p.status ?? []);
  const serviceStatuses = readings.services.flatMap(s => s.status ?? []);
  const pipelines = pipelineStatuses.map(pipelineSummary);
  const rollouts = serviceStatuses.flatMap(rolloutOf);
  const errors = [
    ...readings.pipelines.flatMap(p =>
      p.error ? [{ name: p.name, error: p.error }] : [],
    ),
    ...readings.services.flatMap(s =>
      s.error ? [{ name: s.name, error: s.error }] : [],
    ),
    ...readings.errors,
  ];
  const status = statusOf(pipelines, rollouts, serviceStatuses.length);
  return {
    status,
    pipelines,
    rollouts,
    production: productionOf(readings, serviceStatuses),
    dora: readings.dora && {
      deploymentFrequency: readings.dora.deploymentFrequency,
      leadTimeForChanges: readings.dora.leadTimeForChanges,
      changeFailureRate: readings.dora.changeFailureRate,
      timeToRestore: readings.dora.timeToRestore,
    },
    errors: errors.length > 0 ? errors : undefined,
    active:
      pipelineStatuses.some(p => p.active) ||
      serviceStatuses.some(s => s.active) ||
      errors.some(e => e.error.kind !== 'truncated'),
    refreshedAt: readings.now.toISOString(),
  };
}

function statusOf(
  pipelines: FleetPipelineSummary[],
  rollouts: FleetRollout[],
  servicesRead: number,
): DeliverySummary['status'] {
  const latest = pipelines.map(p => p.latestExecution?.status);
  if (latest.includes('Failed') || rollouts.some(r => r.state === 'FAILED')) {
    return 'failing';
  }
  if (pipelines.some(p => p.awaitingApprovals.length > 0)) {
    return 'awaiting-approval';
  }
  if (rollouts.some(r => r.state === 'IN_PROGRESS')) {
    return 'rolling-out';
  }
  if (latest.includes('InProgress') || latest.includes('Stopping')) {
    return 'in-progress';
  }
  return pipelines.length + servicesRead > 0 ? 'healthy' : 'unknown';
}

function pipelineSummary(status: PipelineStatus): FleetPipelineSummary {
  const latest = status.latestExecution;
  const failed =
    latest?.status === 'Failed'
      ? status.stages.find(
          s =>
            s.status === 'Failed' &&
            s.pipelineExecutionId === latest.executionId,
        ) ?? status.stages.find(s => s.status === 'Failed')
      : undefined;
  return {
    arn: status.arn,
    name: status.name,
    latestExecution: latest && {
      id: latest.executionId,
      status: latest.status,
      startTime: latest.startTime,
      commit: commitOf(latest.sourceRevisions[0]),
    },
    failingStage: failed?.name,
    awaitingApprovals: status.stages.flatMap(stage =>
      stage.actions
        .filter(action => action.awaitingApproval)
        .map(action => ({ stageName: stage.name, actionName: action.name })),
    ),
  };
}

/** The newest (PRIMARY) deployment, when it rolls out or failed; a CodeDeploy blue/green in progress. */
function rolloutOf(service: EcsServiceStatus): FleetRollout[] {
  const primary = service.deployments.find(d => d.status === 'PRIMARY');
  let state: FleetRollout['state'] | undefined;
  if (
    primary?.rolloutState === 'IN_PROGRESS' ||
    primary?.rolloutState === 'FAILED'
  ) {
    state = primary.rolloutState;
  } else if (service.active) {
    state = 'IN_PROGRESS'; // e.g. a CodeDeploy blue/green shifting traffic
  }
  return state
    ? [
        {
          service: service.serviceName,
          serviceArn: service.arn,
          environment: service.environment,
          state,
        },
      ]
    : [];
}

/**
 * The change live in production (the timeline's `liveInProduction`) with the
 * service its production deploy rolled out; without one, the ECS service
 * whose `slipway:environment` is a production environment.
 */
function productionOf(
  readings: DeliveryReadings,
  services: EcsServiceStatus[],
): FleetProduction | undefined {
  const live = readings.timeline?.changes.find(c => c.liveInProduction);
  const productionService = (arn?: string) =>
    services.find(s => s.arn === arn) ??
    services.find(
      s =>
        s.environment !== undefined &&
        readings.environments.production.includes(s.environment),
    );
  if (live) {
    const rollout = live.rollouts.find(r => !r.rolledBack);
    const service = productionService(rollout?.serviceArn);
    const stage = live.stages.find(s => s.isProduction)?.stageName;
    const taskDefinition = service?.taskDefinition ?? rollout?.taskDefinition;
    return {
      environment: service?.environment ?? stage?.match(DEPLOY_STAGE)?.[1],
      version: imageTagOf(service) ?? taskDefinition,
      taskDefinition,
      commit: commitOf(live.commit),
    };
  }
  const service = productionService();
  if (!service) {
    return undefined;
  }
  return {
    environment: service.environment,
    version: imageTagOf(service) ?? service.taskDefinition,
    taskDefinition: service.taskDefinition,
  };
}

/** The image tag (or short digest) of a running task of the service's current task definition. */
function imageTagOf(service: EcsServiceStatus | undefined): string | undefined {
  const task = service?.tasks.find(
    t =>
      t.lastStatus === 'RUNNING' && t.taskDefinition === service.taskDefinition,
  );
  const image = task?.containers.find(c => c.image)?.image;
  if (!image) {
    return undefined;
  }
  const at = image.indexOf('@');
  if (at >= 0) {
    return image.slice(at + 1, at + 1 + 19); // sha256:<12 hex>
  }
  const colon = image.lastIndexOf(':');
  return colon > image.lastIndexOf('/') ? image.slice(colon + 1) : undefined;
}

function commitOf(
  revision: SourceRevision | undefined,
): FleetCommit | undefined {
  return revision?.revisionId
    ? {
        id: revision.revisionId,
        message: revision.revisionSummary,
        url: revision.revisionUrl,
      }
    : undefined;
}

/** For tests and aggregation: a metric with no data. */
export function emptyMetric(unit: DoraMetric['unit']): DoraMetric {
  return { unit, sampleSize: 0 };
}
