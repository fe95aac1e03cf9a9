/**
 * ECS's events for the emulated rolling deployments, from the rollout
 * store's change hook: what changed since the service was last seen becomes
 * `ECS Deployment State Change` (a deployment IN_PROGRESS, COMPLETED or
 * FAILED), `ECS Service Action` (SERVICE_STEADY_STATE) and `ECS Task State
 * Change` (a task that stopped), in the service's account and region.
 */
import {
  renderTask,
  type EmulatedService,
  type EmulatedTask,
  type RolloutState,
} from '../deploys/ecsModel';
import type { AwsEvent, EventSink } from './emitter';

interface Seen {
  deployments: Map<string, RolloutState>;
  steady: boolean;
  tasks: Map<string, EmulatedTask['lastStatus']>;
}

const EVENT_NAME: Record<RolloutState, string> = {
  IN_PROGRESS: 'SERVICE_DEPLOYMENT_IN_PROGRESS',
  COMPLETED: 'SERVICE_DEPLOYMENT_COMPLETED',
  FAILED: 'SERVICE_DEPLOYMENT_FAILED',
};

const event = (
  service: EmulatedService,
  detailType: string,
  resources: string[],
  detail: Record<string, unknown>,
): AwsEvent => ({
  place: { accountId: service.accountId, region: service.region },
  source: 'aws.ecs',
  detailType,
  resources,
  time: new Date(),
  detail,
});

function changes(service: EmulatedService, seen: Seen | undefined) {
  const events: AwsEvent[] = [];
  // Oldest first: a rollback's FAILED comes before the rollback's IN_PROGRESS.
  for (const deployment of [...service.deployments].reverse()) {
    const before = seen?.deployments.get(deployment.id);
    const state = deployment.rolloutState;
    // A service first seen settled has nothing new to tell.
    if (state === before || (!seen && state !== 'IN_PROGRESS')) continue;
    events.push(
      event(service, 'ECS Deployment State Change', [service.serviceArn], {
        eventType: state === 'FAILED' ? 'ERROR' : 'INFO',
        eventName: EVENT_NAME[state],
        deploymentId: deployment.id,
        updatedAt: deployment.updatedAt.toISOString(),
        reason: deployment.rolloutStateReason,
      }),
    );
  }
  for (const task of service.tasks) {
    const before = seen?.tasks.get(task.taskArn);
    if (!seen || task.lastStatus !== 'STOPPED' || before === 'STOPPED') {
      continue;
    }
    events.push(
      event(service, 'ECS Task State Change', [task.taskArn], {
        ...renderTask(service, task),
        updatedAt: (task.stoppedAt ?? new Date()).toISOString(),
      }),
    );
  }
  if (seen && service.steady && !seen.steady) {
    events.push(
      event(service, 'ECS Service Action', [service.serviceArn], {
        eventType: 'INFO',
        eventName: 'SERVICE_STEADY_STATE',
        clusterArn: service.clusterArn,
        createdAt: new Date().toISOString(),
      }),
    );
  }
  return events;
}

/** For `EcsRolloutsOptions.onChange`: the events of each change of a service. */
export function ecsEvents(sink: EventSink): (service: EmulatedService) => void {
  const seen = new Map<string, Seen>();
  return service => {
    for (const change of changes(service, seen.get(service.key))) {
      sink.emit(change);
    }
    seen.set(service.key, {
      deployments: new Map(
        service.deployments.map(d => [d.id, d.rolloutState]),
      ),
      steady: service.steady,
      tasks: new Map(service.tasks.map(t => [t.taskArn, t.lastStatus])),
    });
  };
}
