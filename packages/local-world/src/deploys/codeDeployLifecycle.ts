import type { Clock } from '../pipelines/clock';
import { trafficSteps, type TrafficRoutingConfig } from './codeDeployConfigs';
import type { CodeDeployMoto, MotoService } from './codeDeployMoto';
import { firstImageProblem, type ImageCheck } from './ecsImages';
import {
  deploymentPlace,
  type Deployment,
  type EcsLifecycleEventName,
  type LifecycleEvent,
  type TaskSetInfo,
} from './codeDeployModel';

/** How long each step takes, in AWS seconds (scaled by `minuteMs`). */
export const STEP_SECONDS = {
  /** Created → InProgress. */
  start: 3,
  /** A hook event without a hook function, and test-traffic rerouting. */
  hook: 2,
  /** Starting the replacement task set's tasks. */
  install: 60,
} as const;

/** Why a deployment ends early: a failure, a stop, or a ready wait that timed out. */
export class DeploymentEnd extends Error {
  constructor(
    readonly status: 'Failed' | 'Stopped',
    readonly code: string,
    message: string,
    /** Whether this end rolls back under `autoRollbackConfiguration.events`. */
    readonly rollbackEvent: 'DEPLOYMENT_FAILURE' | 'DEPLOYMENT_STOP_ON_REQUEST',
    /** StopDeployment's autoRollbackEnabled, when given. */
    readonly rollbackRequested?: boolean,
  ) {
    super(message);
  }
}

export type WaitType = 'READY_WAIT' | 'TERMINATION_WAIT';

export interface LifecycleDeps {
  moto: CodeDeployMoto;
  /** Whether the replacement's images can be pulled (the emulated ECR). */
  images: ImageCheck;
  clock: Clock;
  minuteMs: number;
  routing: TrafficRoutingConfig;
  /** Which of the group's two target groups serves production now (0 or 1). */
  productionIndex: number;
  signal: AbortSignal;
  /** Registers the resume function of a wait ContinueDeployment may end. */
  onWait(type: WaitType, resume: (() => void) | undefined): void;
  /** Called after each change of the deployment (its status among them). */
  onChange?(): void;
}

/**
 * Runs one ECS blue/green deployment the way CodeDeploy does: a replacement
 * (green) task set beside the original (blue) one, test traffic, production
 * traffic shifted by the deployment configuration, the green task set made
 * primary, and the blue one terminated after the group's wait.
 */
export class EcsBlueGreenLifecycle {
  service?: MotoService;
  blue?: TaskSetInfo;
  green?: TaskSetInfo;

  constructor(
    private readonly d: Deployment,
    private readonly deps: LifecycleDeps,
  ) {}

  private ms(awsSeconds: number): number {
    return (awsSeconds * this.deps.minuteMs) / 60;
  }

  /** Waits `awsSeconds`, or until ContinueDeployment of `type`; rejects on stop. */
  hold(awsSeconds: number, type?: WaitType): Promise<'elapsed' | 'continued'> {
    const { clock, signal } = this.deps;
    return new Promise((resolve, reject) => {
      if (signal.aborted) {
        reject(signal.reason);
        return;
      }
      let cancel = () => {};
      const settle = () => {
        cancel();
        signal.removeEventListener('abort', onAbort);
        if (type) this.deps.onWait(type, undefined);
      };
      const finish = (how: 'elapsed' | 'continued') => {
        settle();
        resolve(how);
      };
      function onAbort() {
        settle();
        reject(signal.reason);
      }
      cancel = clock.schedule(this.ms(awsSeconds), () => finish('elapsed'));
      signal.addEventListener('abort', onAbort, { once: true });
      if (type) this.deps.onWait(type, () => finish('continued'));
    });
  }

  private touch() {
    this.d.target.lastUpdatedAt = this.deps.clock.now();
    this.deps.onChange?.();
  }

  private event(name: EcsLifecycleEventName): LifecycleEvent {
    return this.d.target.lifecycleEvents.find(
      e => e.lifecycleEventName === name,
    )!;
  }

  /** Runs one lifecycle event: InProgress, `work`, then Succeeded (or Failed with diagnostics). */
  private async step(
    name: EcsLifecycleEventName,
    awsSeconds: number,
    work?: () => Promise<void>,
  ) {
    const event = this.event(name);
    event.status = 'InProgress';
    event.startTime = this.deps.clock.now();
    this.touch();
    try {
      await work?.();
      if (awsSeconds > 0) await this.hold(awsSeconds);
      event.status = 'Succeeded';
    } catch (error) {
      if (error instanceof DeploymentEnd && error.status === 'Failed') {
        event.status = 'Failed';
        event.diagnostics = {
          errorCode: 'UnknownError',
          scriptName: '',
          message: error.message,
          logTail: '',
        };
      } else if (error instanceof DeploymentEnd || this.deps.signal.aborted) {
        event.status = 'Failed';
      }
      throw error;
    } finally {
      event.endTime = this.deps.clock.now();
      this.touch();
    }
  }

  private setWeights(greenPercent: number) {
    if (this.blue) this.blue.trafficWeight = 100 - greenPercent;
    if (this.green) this.green.trafficWeight = greenPercent;
    this.touch();
  }

  async run(): Promise<void> {
    const { d, deps } = this;
    await this.hold(STEP_SECONDS.start);
    d.status = 'InProgress';
    d.startTime = deps.clock.now();
    d.target.status = 'InProgress';
    this.touch();
    await this.step('BeforeInstall', STEP_SECONDS.hook, () =>
      this.findService(),
    );
    await this.step('Install', STEP_SECONDS.install, () => this.install());
    if (this.green) {
      this.green.pendingCount = 0;
      this.green.runningCount = this.green.desiredCount;
    }
    await this.step('AfterInstall', STEP_SECONDS.hook);
    await this.step('AllowTestTraffic', STEP_SECONDS.hook);
    await this.step('AfterAllowTestTraffic', STEP_SECONDS.hook);
    await this.readyWait();
    await this.step('BeforeAllowTraffic', STEP_SECONDS.hook);
    await this.step('AllowTraffic', 0, () => this.shiftTraffic());
    await this.step('AfterAllowTraffic', STEP_SECONDS.hook);
    await this.terminateBlue();
  }

  private groupNames(): string[] {
    const pair = this.d.group.loadBalancerInfo?.targetGroupPairInfoList?.[0];
    return (pair?.targetGroups ?? []).map((g: { name: string }) => g.name);
  }

  private async findService() {
    const ecs = this.d.group.ecsServices?.[0];
    const service = ecs
      ? await this.deps.moto.describeService(
          deploymentPlace(this.d),
          ecs.clusterName,
          ecs.serviceName,
        )
      : undefined;
    if (!service) {
      throw new DeploymentEnd(
        'Failed',
        'INVALID_ECS_SERVICE',
        `The ECS service ${ecs?.serviceName} in cluster ${ecs?.clusterName} does not exist.`,
        'DEPLOYMENT_FAILURE',
      );
    }
    this.service = service;
    this.d.target.targetArn = service.serviceArn;
  }

  /** The original task set (created for the service's current task definition when it has none, as ECS does for CODE_DEPLOY services) and the replacement. */
  private async install() {
    const { d, deps } = this;
    const service = this.service!;
    const names = this.groupNames();
    const taskSet = (
      info: { id: string; taskSetArn: string },
      label: 'Blue' | 'Green',
      index: number,
    ): TaskSetInfo => ({
      identifer: info.id,
      arn: info.taskSetArn,
      desiredCount: service.desiredCount,
      pendingCount: label === 'Green' ? service.desiredCount : 0,
      runningCount: label === 'Blue' ? service.desiredCount : 0,
      status: label === 'Blue' ? 'PRIMARY' : 'ACTIVE',
      trafficWeight: label === 'Blue' ? 100 : 0,
      targetGroup: names[index] ? { name: names[index] } : undefined,
      taskSetLabel: label,
    });
    let primary = service.taskSets?.find(t => t.status === 'PRIMARY');
    if (!primary) {
      const created = await deps.moto.createTaskSet(
        deploymentPlace(d),
        service,
        service.taskDefinition,
      );
      await deps.moto.makePrimary(
        deploymentPlace(d),
        service,
        created.taskSetArn,
      );
      primary = {
        ...created,
        status: 'PRIMARY',
        taskDefinition: service.taskDefinition,
      };
    }
    this.blue = taskSet(primary, 'Blue', deps.productionIndex);
    const definition = await deps.moto.describeTaskDefinition(
      deploymentPlace(d),
      d.taskDefinition!,
    );
    const green = await deps.moto.createTaskSet(
      deploymentPlace(d),
      service,
      definition.taskDefinitionArn,
      d.deploymentId,
    );
    this.green = taskSet(green, 'Green', 1 - deps.productionIndex);
    d.target.taskSetsInfo = [this.blue, this.green];
    this.touch();
    const problem = await firstImageProblem(
      deps.images,
      (definition.containerDefinitions ?? []).map(
        (c: { image: string }) => c.image,
      ),
    );
    if (problem) {
      await this.hold(STEP_SECONDS.install);
      this.green.pendingCount = 0;
      throw new DeploymentEnd(
        'Failed',
        'ECS_UPDATE_ERROR',
        `The replacement task set's tasks failed to start: ${problem}`,
        'DEPLOYMENT_FAILURE',
      );
    }
  }

  private async readyWait() {
    const ready =
      this.d.group.blueGreenDeploymentConfiguration?.deploymentReadyOption;
    if (ready?.actionOnTimeout !== 'STOP_DEPLOYMENT') return;
    this.d.status = 'Ready';
    this.d.target.status = 'Ready';
    this.touch();
    const how = await this.hold(
      (ready.waitTimeInMinutes ?? 0) * 60,
      'READY_WAIT',
    );
    if (how === 'elapsed') {
      throw new DeploymentEnd(
        'Stopped',
        'TIMEOUT',
        'The deployment was stopped because the replacement task set was not rerouted to within the wait time.',
        'DEPLOYMENT_STOP_ON_REQUEST',
        false,
      );
    }
    this.d.status = 'InProgress';
    this.d.target.status = 'InProgress';
    this.touch();
  }

  private async shiftTraffic() {
    for (const step of trafficSteps(this.deps.routing)) {
      this.setWeights(step.greenPercent);
      if (step.holdMinutes > 0) await this.hold(step.holdMinutes * 60);
    }
    await this.deps.moto.makePrimary(
      deploymentPlace(this.d),
      this.service!,
      this.green!.arn,
    );
    this.blue!.status = 'ACTIVE';
    this.green!.status = 'PRIMARY';
    this.touch();
  }

  private async terminateBlue() {
    const { d, deps } = this;
    const config =
      d.group.blueGreenDeploymentConfiguration
        ?.terminateBlueInstancesOnDeploymentSuccess;
    if (config?.action === 'KEEP_ALIVE') return;
    d.instanceTerminationWaitTimeStarted = true;
    this.touch();
    await this.hold(
      (config?.terminationWaitTimeInMinutes ?? 0) * 60,
      'TERMINATION_WAIT',
    );
    this.blue!.status = 'DRAINING';
    await deps.moto.deleteTaskSet(
      deploymentPlace(d),
      this.service!,
      this.blue!.arn,
    );
    d.target.taskSetsInfo = d.target.taskSetsInfo.filter(t => t !== this.blue);
    this.touch();
  }

  /** Traffic back to the original task set, which becomes primary again; the replacement is deleted. */
  async rollBack(): Promise<void> {
    const { d, deps } = this;
    if (this.service && this.blue) {
      await deps.moto.makePrimary(
        deploymentPlace(d),
        this.service,
        this.blue.arn,
      );
      this.blue.status = 'PRIMARY';
    }
    this.setWeights(0);
    if (this.service && this.green) {
      this.green.status = 'DRAINING';
      await deps.moto.deleteTaskSet(
        deploymentPlace(d),
        this.service,
        this.green.arn,
      );
    }
    this.touch();
  }
}
