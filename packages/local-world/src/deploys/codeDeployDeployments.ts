import type { Clock } from '../pipelines/clock';
import { placeOf, type Place, type Where } from '../server/accounts';
import { DeploymentConfigStore } from './codeDeployConfigs';
import { CodeDeployError } from './codeDeployErrors';
import {
  DeploymentEnd,
  EcsBlueGreenLifecycle,
  STEP_SECONDS,
  type WaitType,
} from './codeDeployLifecycle';
import {
  deploymentPlace,
  ECS_LIFECYCLE_EVENTS,
  isDone,
  newDeploymentId,
  rollbackDeployment,
  type Deployment,
} from './codeDeployModel';
import type { CodeDeployMoto } from './codeDeployMoto';
import { appSpecTaskDefinition, withSha256 } from './codeDeployRevision';
import type { ImageCheck } from './ecsImages';

export interface CodeDeployDeploymentsOptions {
  moto: CodeDeployMoto;
  /** Whether a task's images can be pulled (the ECS runner's check of the emulated ECR). */
  images: ImageCheck;
  clock: Clock;
  /** Local milliseconds per AWS minute (traffic intervals, termination waits). */
  minuteMs: number;
  configs?: DeploymentConfigStore;
  /** Called when a deployment may have changed status (see ../events: EventBridge events). */
  onChange?(d: Deployment): void;
}

interface Running {
  stop: AbortController;
  waits: Map<WaitType, () => void>;
  done: Promise<void>;
}

/** The deployment group's state across deployments. */
interface GroupState {
  /** Which of the group's target groups serves production (0 or 1). */
  productionIndex: number;
  lastSuccessfulRevision?: Record<string, any>;
}

/**
 * CodeDeploy deployments to ECS (blue/green), in memory: created here,
 * run on the clock against moto's ECS, read in AWS's shapes. Each lives in
 * an account and a region (a bare region: the default account's), and is
 * seen only there, as its application is.
 */
export class CodeDeployDeployments {
  readonly configs: DeploymentConfigStore;
  private readonly deployments = new Map<string, Deployment>();
  private readonly running = new Map<string, Running>();
  private readonly groups = new Map<string, GroupState>();

  constructor(private readonly options: CodeDeployDeploymentsOptions) {
    this.configs = options.configs ?? new DeploymentConfigStore(options.clock);
  }

  private groupState(place: Place, app: string, group: string): GroupState {
    const key = `${place.accountId}/${place.region}/${app}/${group}`;
    let state = this.groups.get(key);
    if (!state) {
      state = { productionIndex: 0 };
      this.groups.set(key, state);
    }
    return state;
  }

  /** CreateDeployment: validates against moto's deployment group, then runs. */
  async create(
    where: Where,
    input: Record<string, any>,
  ): Promise<{ deploymentId: string }> {
    const { accountId, region } = placeOf(where);
    const { applicationName, deploymentGroupName } = input;
    if (!applicationName) {
      throw new CodeDeployError(
        'ApplicationNameRequiredException',
        'The application name was not specified.',
      );
    }
    if (!deploymentGroupName) {
      throw new CodeDeployError(
        'DeploymentGroupNameRequiredException',
        'The deployment group name was not specified.',
      );
    }
    const group = await this.options.moto.deploymentGroup(
      { accountId, region },
      applicationName,
      deploymentGroupName,
    );
    if (group.computePlatform !== 'ECS') {
      throw new CodeDeployError(
        'InvalidComputePlatformException',
        `The local world runs ECS deployments only; ${applicationName} is ${group.computePlatform}.`,
      );
    }
    const active = [...this.deployments.values()].find(
      d =>
        d.accountId === accountId &&
        d.region === region &&
        d.applicationName === applicationName &&
        d.deploymentGroupName === deploymentGroupName &&
        !isDone(d.status),
    );
    if (active) {
      throw new CodeDeployError(
        'DeploymentLimitExceededException',
        `The Deployment Group '${deploymentGroupName}' already has an active Deployment '${active.deploymentId}'`,
      );
    }
    const configName =
      input.deploymentConfigName ??
      group.deploymentConfigName ??
      'CodeDeployDefault.ECSAllAtOnce';
    this.configs.get({ accountId, region }, configName);
    const revision = withSha256(input.revision ?? {});
    const now = this.options.clock.now();
    const ecs = group.ecsServices?.[0] ?? {};
    const deployment: Deployment = {
      accountId,
      region,
      deploymentId: newDeploymentId(),
      applicationName,
      deploymentGroupName,
      deploymentConfigName: configName,
      status: 'Created',
      creator: 'user',
      description: input.description,
      revision,
      group,
      autoRollbackConfiguration:
        input.autoRollbackConfiguration ?? group.autoRollbackConfiguration,
      createTime: now,
      instanceTerminationWaitTimeStarted: false,
      taskDefinition: appSpecTaskDefinition(revision),
      target: {
        targetId: `${ecs.clusterName}:${ecs.serviceName}`,
        targetArn: '',
        status: 'Pending',
        lastUpdatedAt: now,
        lifecycleEvents: ECS_LIFECYCLE_EVENTS.map(name => ({
          lifecycleEventName: name,
          status: 'Pending',
        })),
        taskSetsInfo: [],
      },
    };
    this.deployments.set(deployment.deploymentId, deployment);
    this.options.onChange?.(deployment);
    this.start(deployment);
    return { deploymentId: deployment.deploymentId };
  }

  private start(d: Deployment) {
    const state = this.groupState(
      deploymentPlace(d),
      d.applicationName,
      d.deploymentGroupName,
    );
    const stop = new AbortController();
    const waits = new Map<WaitType, () => void>();
    const lifecycle = new EcsBlueGreenLifecycle(d, {
      moto: this.options.moto,
      images: this.options.images,
      clock: this.options.clock,
      minuteMs: this.options.minuteMs,
      routing: this.configs.get(deploymentPlace(d), d.deploymentConfigName)
        .trafficRoutingConfig,
      productionIndex: state.productionIndex,
      signal: stop.signal,
      onWait: (type, resume) =>
        resume ? waits.set(type, resume) : waits.delete(type),
      onChange: () => this.options.onChange?.(d),
    });
    const done = (async () => {
      try {
        if (!d.taskDefinition) {
          throw new DeploymentEnd(
            'Failed',
            'INVALID_REVISION',
            'The AppSpec file has no Resources[0].TargetService.Properties.TaskDefinition.',
            'DEPLOYMENT_FAILURE',
          );
        }
        await lifecycle.run();
        d.status = 'Succeeded';
        d.target.status = 'Succeeded';
        state.productionIndex = 1 - state.productionIndex;
        state.lastSuccessfulRevision = d.revision;
      } catch (error) {
        const end = this.endOf(error, stop.signal);
        if (this.rollsBack(d, end)) {
          await this.rollBack(d, lifecycle, state).catch(rollbackError => {
            d.rollbackInfo = {
              rollbackMessage: `Rollback failed: ${
                (rollbackError as Error).message
              }`,
            };
          });
        }
        d.status = end.status;
        d.target.status = 'Failed';
        d.errorInformation = { code: end.code, message: end.message };
      } finally {
        d.completeTime = this.options.clock.now();
        d.target.lastUpdatedAt = d.completeTime;
        this.running.delete(d.deploymentId);
        this.options.onChange?.(d);
      }
    })();
    this.running.set(d.deploymentId, { stop, waits, done });
  }

  /** A stop's reason, a failure, or an unexpected error as an internal one. */
  private endOf(error: unknown, signal: AbortSignal): DeploymentEnd {
    if (error instanceof DeploymentEnd) return error;
    if (signal.reason instanceof DeploymentEnd) return signal.reason;
    return new DeploymentEnd(
      'Failed',
      'INTERNAL_ERROR',
      (error as Error).message,
      'DEPLOYMENT_FAILURE',
    );
  }

  private rollsBack(d: Deployment, end: DeploymentEnd): boolean {
    if (end.rollbackRequested !== undefined) return end.rollbackRequested;
    const config = d.autoRollbackConfiguration;
    return (
      !!config?.enabled && (config.events ?? []).includes(end.rollbackEvent)
    );
  }

  /** As CodeDeploy does on auto-rollback: a rollback deployment restores the original task set. */
  private async rollBack(
    d: Deployment,
    lifecycle: EcsBlueGreenLifecycle,
    state: GroupState,
  ) {
    const clock = this.options.clock;
    const rollbackId = newDeploymentId();
    await lifecycle.rollBack();
    const now = clock.now();
    const rollback = rollbackDeployment(d, {
      deploymentId: rollbackId,
      revision: state.lastSuccessfulRevision ?? d.revision,
      start: now,
      end: new Date(
        now.getTime() + (STEP_SECONDS.hook * this.options.minuteMs) / 60,
      ),
    });
    this.deployments.set(rollbackId, rollback);
    d.rollbackInfo = {
      rollbackDeploymentId: rollbackId,
      rollbackMessage: `Deployment ${d.deploymentId} has been rolled back by deployment ${rollbackId}.`,
    };
  }

  get(where: Where, deploymentId: string): Deployment | undefined {
    const d = this.deployments.get(deploymentId);
    return d && this.isIn(d, where) ? d : undefined;
  }

  private isIn(d: Deployment, where: Where): boolean {
    const { accountId, region } = placeOf(where);
    return d.accountId === accountId && d.region === region;
  }

  require(where: Where, deploymentId: unknown): Deployment {
    if (!deploymentId) {
      throw new CodeDeployError(
        'DeploymentIdRequiredException',
        'At least one deployment ID must be specified.',
      );
    }
    const d = this.get(where, String(deploymentId));
    if (!d) {
      throw new CodeDeployError(
        'DeploymentDoesNotExistException',
        `The deployment ${deploymentId} could not be found.`,
      );
    }
    return d;
  }

  /** Resolves once the deployment has succeeded, failed or stopped. */
  async whenDone(where: Where, deploymentId: string): Promise<Deployment> {
    const d = this.require(where, deploymentId);
    await this.running.get(d.deploymentId)?.done;
    return d;
  }

  /** Newest first, as the console lists them. */
  list(where: Where, filter: Record<string, any> = {}): Deployment[] {
    const from = filter.createTimeRange?.start;
    const to = filter.createTimeRange?.end;
    const seconds = (date: Date) => date.getTime() / 1000;
    return [...this.deployments.values()]
      .filter(d => this.isIn(d, where))
      .filter(
        d =>
          !filter.applicationName ||
          d.applicationName === filter.applicationName,
      )
      .filter(
        d =>
          !filter.deploymentGroupName ||
          d.deploymentGroupName === filter.deploymentGroupName,
      )
      .filter(
        d =>
          !filter.includeOnlyStatuses?.length ||
          filter.includeOnlyStatuses.includes(d.status),
      )
      .filter(d => from === undefined || seconds(d.createTime) >= from)
      .filter(d => to === undefined || seconds(d.createTime) <= to)
      .sort((a, b) => b.createTime.getTime() - a.createTime.getTime());
  }

  stop(where: Where, deploymentId: unknown, autoRollbackEnabled?: boolean) {
    const d = this.require(where, deploymentId);
    const run = this.running.get(d.deploymentId);
    if (!run || isDone(d.status)) {
      throw new CodeDeployError(
        'DeploymentAlreadyCompletedException',
        `The deployment ${d.deploymentId} has already completed.`,
      );
    }
    run.stop.abort(
      new DeploymentEnd(
        'Stopped',
        'MANUAL_STOP',
        'The deployment was stopped by a StopDeployment request.',
        'DEPLOYMENT_STOP_ON_REQUEST',
        autoRollbackEnabled,
      ),
    );
    return { status: 'Pending', statusMessage: 'Stopping Active Deployment' };
  }

  continue(
    where: Where,
    deploymentId: unknown,
    waitType: WaitType = 'READY_WAIT',
  ) {
    const d = this.require(where, deploymentId);
    const resume = this.running.get(d.deploymentId)?.waits.get(waitType);
    if (!resume) {
      throw new CodeDeployError(
        'DeploymentIsNotInReadyStateException',
        `The deployment ${d.deploymentId} is not waiting (${waitType}).`,
      );
    }
    resume();
  }
}
