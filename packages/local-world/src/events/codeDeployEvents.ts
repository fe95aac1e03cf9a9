/**
 * CodeDeploy's `CodeDeploy Deployment State-change Notification` events for
 * the emulated blue/green deployments, from the deployments' change hook:
 * each new status becomes a state (Created → CREATED, InProgress → START,
 * Ready → READY, Succeeded → SUCCESS, Failed → FAILURE, Stopped → STOP).
 */
import { defaultAccountId } from '../server/accounts';
import type { EventSink } from './emitter';

/** What the events read of a deployment (the emulation's Deployment has it). */
export interface DeploymentLike {
  region: string;
  /** The deployment's account; the default account when absent. */
  accountId?: string;
  deploymentId: string;
  applicationName: string;
  deploymentGroupName: string;
  deploymentConfigName?: string;
  status: string;
  group?: Record<string, any>;
}

const STATE: Record<string, string> = {
  Created: 'CREATED',
  InProgress: 'START',
  Ready: 'READY',
  Succeeded: 'SUCCESS',
  Failed: 'FAILURE',
  Stopped: 'STOP',
};

/** For `CodeDeployDeploymentsOptions.onChange`: the events of each new status. */
export function codeDeployEvents(
  sink: EventSink,
): (deployment: DeploymentLike) => void {
  const told = new Map<string, Set<string>>();
  return d => {
    const state = STATE[d.status];
    const states = told.get(d.deploymentId) ?? new Set<string>();
    told.set(d.deploymentId, states);
    // START once: back from READY, a deployment goes on without a new start.
    if (!state || states.has(state)) return;
    states.add(state);
    const accountId = d.accountId ?? defaultAccountId();
    const arn = `arn:aws:codedeploy:${d.region}:${accountId}`;
    sink.emit({
      place: { accountId, region: d.region },
      source: 'aws.codedeploy',
      detailType: 'CodeDeploy Deployment State-change Notification',
      resources: [
        `${arn}:application:${d.applicationName}`,
        `${arn}:deploymentgroup:${d.applicationName}/${d.deploymentGroupName}`,
      ],
      time: new Date(),
      detail: {
        account: accountId,
        region: d.region,
        application: d.applicationName,
        deploymentId: d.deploymentId,
        instanceGroupId: d.group?.deploymentGroupId,
        deploymentGroup: d.deploymentGroupName,
        deploymentConfigName: d.deploymentConfigName,
        state,
      },
    });
  };
}
