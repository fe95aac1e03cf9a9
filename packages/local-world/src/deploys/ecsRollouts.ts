/**
 * ECS rolling deployments, emulated over moto: moto keeps a service's desired
 * count and task definition but no deployment progress and no tasks. This
 * store keeps, per service, the deployments (PRIMARY first), the tasks and the
 * service events, and moves them one step every `stepMs` on the clock, as
 * ECS's scheduler does with minimumHealthyPercent 100 and maximumPercent 200:
 * a new deployment starts all its tasks at once, they turn RUNNING one a step,
 * and each one that does stops one task of the older deployments; once only
 * the PRIMARY deployment runs tasks, and exactly desiredCount of them, it is
 * COMPLETED and the service "has reached a steady state".
 *
 * A task whose image cannot be pulled (see ./ecsImages) stops with ECS's
 * CannotPullContainerError; with the deployment circuit breaker enabled, a
 * deployment whose failed tasks reach the threshold is FAILED and, with
 * rollback, the service goes back to the last COMPLETED deployment's task
 * definition (in moto too).
 *
 * Services are per account and region (a region alone means the default
 * account); the emulation reads and writes moto in the service's account.
 */
import { systemClock, type Clock } from '../pipelines/clock';
import {
  accountOfArn,
  placeOf,
  type Place,
  type Where,
} from '../server/accounts';
import { ecsCall, nameOf } from './ecsApi';
import { ecrImageCheck, firstImageProblem, type ImageCheck } from './ecsImages';
import {
  newDeploymentId,
  reasonFor,
  serviceKey,
  type CircuitBreaker,
  type EmulatedDeployment,
  type EmulatedService,
} from './ecsModel';
import {
  addDeployment,
  launchMissing,
  newTask,
  step,
  type TaskDefinitionInfo,
} from './ecsScheduler';

export interface EcsRolloutsOptions {
  /** moto_server's URL: task definitions, ECR images and rollbacks are read and written there. */
  upstream: string;
  clock?: Clock;
  /** Time of one rollout step (a task starting or stopping); default 3 s. */
  stepMs?: number;
  /** Why an image cannot be pulled; default: ECR images must be in the emulated ECR. */
  imageCheck?: ImageCheck;
  /** How long stopped tasks stay listed (ECS: about an hour); default 1 h. */
  stoppedTaskTtlMs?: number;
  /**
   * The circuit breaker of services the local world did not see created
   * (moto does not keep deploymentConfiguration); default enabled, with rollback.
   */
  defaultCircuitBreaker?: CircuitBreaker;
  /** Called after every change of a service (see ../events: ECS's EventBridge events). */
  onChange?(service: EmulatedService): void;
}

/** The parts of an UpdateService or CreateService request the emulation reads. */
export interface ServiceChange {
  taskDefinition?: string;
  forceNewDeployment?: boolean;
  deploymentConfiguration?: {
    deploymentCircuitBreaker?: Partial<CircuitBreaker>;
  };
}

/** moto's timestamps: epoch seconds, or ISO-8601 with a space (`2026-01-01 10:00:00.000+00:00`). */
const toDate = (value: unknown): Date | undefined => {
  let date: Date | undefined;
  if (typeof value === 'number') date = new Date(value * 1000);
  if (typeof value === 'string') date = new Date(value.replace(' ', 'T'));
  return date && !Number.isNaN(date.getTime()) ? date : undefined;
};

/** Where a service of moto's answer lives: its ARN names the account. */
const placeOfService = (where: Where, moto: Record<string, any>): Place => {
  const place = placeOf(where);
  return {
    ...place,
    accountId: accountOfArn(String(moto.serviceArn ?? '')) ?? place.accountId,
  };
};

const isRolling = (moto: Record<string, any>) =>
  (moto.deploymentController?.type ?? 'ECS') === 'ECS' &&
  (moto.status ?? 'ACTIVE') === 'ACTIVE';

export class EcsRollouts {
  readonly stepMs: number;
  private readonly clock: Clock;
  private readonly imageCheck: ImageCheck;
  private readonly services = new Map<string, EmulatedService>();
  private readonly timers = new Map<string, () => void>();
  private readonly listeners = new Map<string, Set<() => void>>();
  private readonly locks = new Map<string, Promise<unknown>>();
  private readonly taskDefinitions = new Map<string, TaskDefinitionInfo>();

  constructor(private readonly options: EcsRolloutsOptions) {
    this.clock = options.clock ?? systemClock;
    this.stepMs = options.stepMs ?? 3000;
    this.imageCheck = options.imageCheck ?? ecrImageCheck(options.upstream);
  }

  /** The emulated state of a service (cluster and service by name or ARN). */
  get(
    where: Where,
    cluster: string | undefined,
    service: string,
  ): EmulatedService | undefined {
    return this.services.get(
      serviceKey(placeOf(where), nameOf(cluster ?? 'default'), nameOf(service)),
    );
  }

  /** Every emulated service of a cluster. */
  inCluster(where: Where, cluster: string | undefined): EmulatedService[] {
    const prefix = serviceKey(placeOf(where), nameOf(cluster ?? 'default'), '');
    return [...this.services.values()].filter(s => s.key.startsWith(prefix));
  }

  /** Calls `listener` after every change of the service; returns the unsubscribe function. */
  watch(service: EmulatedService, listener: () => void): () => void {
    const set = this.listeners.get(service.key) ?? new Set();
    set.add(listener);
    this.listeners.set(service.key, set);
    return () => set.delete(listener);
  }

  /**
   * A service of moto's answer: the emulated one, adopted on first sight as
   * settled (its desired tasks running). Undefined for services the emulation
   * leaves alone (CODE_DEPLOY or EXTERNAL controller, not ACTIVE).
   */
  async seen(
    where: Where,
    moto: Record<string, any>,
  ): Promise<EmulatedService | undefined> {
    const place = placeOfService(where, moto);
    if (!isRolling(moto)) {
      this.forget(place, moto.clusterArn, moto.serviceName);
      return undefined;
    }
    const key = this.keyOf(place, moto);
    const known = this.services.get(key);
    if (known) return known;
    return this.exclusive(key, async () => {
      return this.services.get(key) ?? this.adopt(place, moto, false);
    });
  }

  /** Reads a service from moto and adopts it (see {@link seen}). */
  async seenUpstream(
    where: Where,
    cluster: string | undefined,
    service: string,
  ): Promise<EmulatedService | undefined> {
    const place = placeOf(where);
    const known = this.get(place, cluster, service);
    if (known) return known;
    const answer = await ecsCall(
      this.options.upstream,
      place,
      'DescribeServices',
      {
        cluster: cluster ?? 'default',
        services: [service],
      },
    );
    const moto = answer.services?.[0];
    return moto ? this.seen(place, moto) : undefined;
  }

  /** A service CreateService made: its first deployment starts its tasks. */
  async created(
    where: Where,
    change: ServiceChange,
    moto: Record<string, any>,
  ): Promise<EmulatedService | undefined> {
    if (!isRolling(moto)) return undefined;
    const place = placeOfService(where, moto);
    const key = this.keyOf(place, moto);
    return this.exclusive(key, async () => {
      this.cancel(key);
      const service = await this.adopt(place, moto, true);
      service.circuitBreaker = {
        enable: Boolean(
          change.deploymentConfiguration?.deploymentCircuitBreaker?.enable,
        ),
        rollback: Boolean(
          change.deploymentConfiguration?.deploymentCircuitBreaker?.rollback,
        ),
      };
      return service;
    });
  }

  /**
   * A service UpdateService changed (moto's answer): a new task definition
   * (or forceNewDeployment) starts a new PRIMARY deployment; a new desired
   * count alone scales the PRIMARY one.
   */
  async updated(
    where: Where,
    change: ServiceChange,
    moto: Record<string, any>,
  ): Promise<EmulatedService | undefined> {
    if (!isRolling(moto)) return undefined;
    const place = placeOfService(where, moto);
    const key = this.keyOf(place, moto);
    return this.exclusive(key, async () => {
      const service =
        this.services.get(key) ?? (await this.adopt(place, moto, false));
      const breaker = change.deploymentConfiguration?.deploymentCircuitBreaker;
      if (breaker) {
        service.circuitBreaker = {
          enable: Boolean(breaker.enable),
          rollback: Boolean(breaker.rollback),
        };
      }
      service.desiredCount = moto.desiredCount ?? service.desiredCount;
      const primary = service.deployments[0];
      const target = change.taskDefinition
        ? await this.taskDefinition(place, change.taskDefinition)
        : undefined;
      if (
        !primary ||
        (target && target.arn !== primary.taskDefinition) ||
        change.forceNewDeployment
      ) {
        await this.startDeployment(
          service,
          target ??
            (await this.taskDefinition(
              place,
              primary?.taskDefinition ?? moto.taskDefinition,
            )),
        );
      } else if (primary.desiredCount !== service.desiredCount) {
        primary.desiredCount = service.desiredCount;
        primary.updatedAt = this.clock.now();
        service.steady = false;
      }
      this.kick(service);
      return service;
    });
  }

  /**
   * UpdateService(taskDefinition) in moto, then the rollout it starts; the
   * new PRIMARY deployment (the ECS deploy action's way in).
   */
  async deploy(
    where: Where,
    cluster: string,
    serviceName: string,
    taskDefinitionArn: string,
  ): Promise<{ service: EmulatedService; deployment: EmulatedDeployment }> {
    await this.seenUpstream(where, cluster, serviceName);
    const answer = await ecsCall(
      this.options.upstream,
      where,
      'UpdateService',
      {
        cluster,
        service: serviceName,
        taskDefinition: taskDefinitionArn,
      },
    );
    const service = await this.updated(
      where,
      { taskDefinition: taskDefinitionArn },
      answer.service,
    );
    if (!service) {
      throw new Error(
        `The ECS service ${serviceName} does not use the rolling update (ECS) deployment controller`,
      );
    }
    return { service, deployment: service.deployments[0] };
  }

  /** Stops emulating a service (DeleteService). */
  forget(where: Where, cluster: string | undefined, service: string): void {
    const key = serviceKey(
      placeOf(where),
      nameOf(cluster ?? 'default'),
      nameOf(service ?? ''),
    );
    if (!this.services.has(key)) return;
    this.cancel(key);
    this.services.delete(key);
    this.notify(key);
  }

  /** Cancels every pending step (the emulation stops moving). */
  close(): void {
    for (const key of [...this.timers.keys()]) this.cancel(key);
  }

  private keyOf(place: Place, moto: Record<string, any>): string {
    return serviceKey(
      place,
      nameOf(moto.clusterArn ?? 'default'),
      moto.serviceName,
    );
  }

  private async exclusive<T>(key: string, body: () => Promise<T>): Promise<T> {
    const before = this.locks.get(key) ?? Promise.resolve();
    const run = before.then(body, body);
    const tail = run.catch(() => undefined);
    this.locks.set(key, tail);
    try {
      return await run;
    } finally {
      if (this.locks.get(key) === tail) this.locks.delete(key);
    }
  }

  /** The task definition's ARN and containers (a family alone means its latest ACTIVE revision). */
  private async taskDefinition(
    place: Place,
    value: string,
  ): Promise<TaskDefinitionInfo> {
    const cacheKey = (name: string) =>
      `${place.accountId}|${place.region}|${name}`;
    const cached = this.taskDefinitions.get(cacheKey(value));
    if (cached) return cached;
    const answer = await ecsCall(
      this.options.upstream,
      place,
      'DescribeTaskDefinition',
      {
        taskDefinition: value,
      },
    );
    const definition = answer.taskDefinition ?? {};
    const info: TaskDefinitionInfo = {
      arn: definition.taskDefinitionArn,
      containers: (definition.containerDefinitions ?? []).map(
        (c: { name?: string; image?: string }) => ({
          name: c.name ?? '',
          image: c.image ?? '',
        }),
      ),
    };
    // A revision never changes; a family alone moves on with new revisions.
    this.taskDefinitions.set(cacheKey(info.arn), info);
    return info;
  }

  private async adopt(
    place: Place,
    moto: Record<string, any>,
    justCreated: boolean,
  ): Promise<EmulatedService> {
    const now = this.clock.now();
    const definition = await this.taskDefinition(place, moto.taskDefinition);
    const problem = await firstImageProblem(
      this.imageCheck,
      definition.containers.map(c => c.image),
    );
    const desiredCount = moto.desiredCount ?? 0;
    const motoDeployment = moto.deployments?.[0];
    const settled = !justCreated && !problem;
    const deployment: EmulatedDeployment = {
      id: motoDeployment?.id ?? newDeploymentId(),
      status: 'PRIMARY',
      taskDefinition: definition.arn,
      desiredCount,
      failedTasks: 0,
      rolloutState: 'IN_PROGRESS',
      rolloutStateReason: '',
      createdAt: toDate(motoDeployment?.createdAt) ?? now,
      updatedAt: now,
      containers: definition.containers,
      problem,
    };
    deployment.rolloutState =
      settled || desiredCount === 0 ? 'COMPLETED' : 'IN_PROGRESS';
    deployment.rolloutStateReason = reasonFor(
      deployment,
      deployment.rolloutState,
    );
    const service: EmulatedService = {
      key: this.keyOf(place, moto),
      region: place.region,
      accountId: place.accountId,
      clusterName: nameOf(moto.clusterArn ?? 'default'),
      clusterArn: moto.clusterArn,
      serviceName: moto.serviceName,
      serviceArn: moto.serviceArn,
      desiredCount,
      launchType: moto.launchType,
      circuitBreaker: this.options.defaultCircuitBreaker ?? {
        enable: true,
        rollback: true,
      },
      deployments: [deployment],
      tasks: [],
      events: [],
      steady: settled,
    };
    if (settled) {
      for (let i = 0; i < desiredCount; i++) {
        const task = newTask(service, deployment, now);
        task.lastStatus = 'RUNNING';
        task.startedAt = now;
        service.tasks.push(task);
      }
    }
    this.services.set(service.key, service);
    this.kick(service);
    return service;
  }

  private async startDeployment(
    service: EmulatedService,
    definition: TaskDefinitionInfo,
    rollbackOf?: EmulatedDeployment,
  ): Promise<EmulatedDeployment> {
    const problem = rollbackOf
      ? rollbackOf.problem
      : await firstImageProblem(
          this.imageCheck,
          definition.containers.map(c => c.image),
        );
    return addDeployment(
      service,
      definition,
      problem,
      this.clock.now(),
      rollbackOf,
    );
  }

  private kick(service: EmulatedService): void {
    launchMissing(service, this.clock.now());
    this.notify(service.key);
    this.schedule(service);
  }

  private schedule(service: EmulatedService): void {
    if (this.timers.has(service.key)) return;
    this.timers.set(
      service.key,
      this.clock.schedule(this.stepMs, () => {
        this.timers.delete(service.key);
        if (this.services.get(service.key) !== service) return;
        const { more, rolledBackTo } = step(
          service,
          this.clock.now(),
          this.options.stoppedTaskTtlMs ?? 60 * 60_000,
        );
        if (rolledBackTo) {
          // moto's service names the task definition it runs again.
          void ecsCall(this.options.upstream, service, 'UpdateService', {
            cluster: service.clusterName,
            service: service.serviceName,
            taskDefinition: rolledBackTo,
          }).catch(() => undefined);
        }
        if (more) this.schedule(service);
        this.notify(service.key);
      }),
    );
  }

  private cancel(key: string): void {
    this.timers.get(key)?.();
    this.timers.delete(key);
  }

  private notify(key: string): void {
    const service = this.services.get(key);
    if (service) this.options.onChange?.(service);
    for (const listener of [...(this.listeners.get(key) ?? [])]) listener();
  }
}
