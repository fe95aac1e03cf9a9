import {
  CreateServiceCommand,
  DeleteServiceCommand,
  DeleteTaskDefinitionsCommand,
  DeregisterTaskDefinitionCommand,
  DescribeClustersCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  ListTaskDefinitionsCommand,
  RegisterTaskDefinitionCommand,
  RegisterTaskDefinitionCommandInput,
  TagResourceCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import type { AwsTarget } from './clients';
import { isAwsError, isGone, withAwsErrors } from './errors';
import { retryWhileRolePropagates } from './retry';
import { asLowerCaseKeyValueTags, fromKeyValueTags, TagMap } from './tags';

/** A task definition as written in taskdef.json (the RegisterTaskDefinition input). */
export type TaskDefinitionDocument = RegisterTaskDefinitionCommandInput;

export interface RegisteredTaskDefinition {
  arn: string;
  document: TaskDefinitionDocument;
  /** The revision's own tags. */
  tags: TagMap;
}

export interface EcsService {
  name: string;
  arn: string;
  status: string;
  desiredCount: number;
  taskDefinitionArn: string;
  launchType: string;
  deploymentController: 'ECS' | 'CODE_DEPLOY' | 'EXTERNAL';
  targetGroupArns: string[];
  /** CloudWatch alarms that roll back a rolling deployment (deploymentConfiguration.alarms). */
  alarmNames: string[];
  tags: TagMap;
}

/** What Slipway asks of a new Fargate service. */
export interface ServiceRequest {
  cluster: string;
  name: string;
  taskDefinitionArn: string;
  desiredCount: number;
  subnets: string[];
  securityGroups: string[];
  assignPublicIp: boolean;
  deploymentController: 'ECS' | 'CODE_DEPLOY';
  loadBalancer?: {
    targetGroupArn: string;
    containerName: string;
    containerPort: number;
  };
  /** ECS controller: alarms that stop and roll back a deployment. */
  alarmNames?: string[];
}

/** Seconds ECS ignores failing load balancer health checks of a new task. */
export const HEALTH_CHECK_GRACE_PERIOD_SECONDS = 60;

/** ECS clusters, task definitions and services of one account and region. */
export class EcsServices {
  constructor(
    private readonly ecs: ECSClient,
    private readonly target: AwsTarget,
  ) {}

  /** The cluster's status (`ACTIVE`, `INACTIVE`…), or `undefined` when it does not exist. */
  async clusterStatus(name: string): Promise<string | undefined> {
    return this.call(`look up the ECS cluster '${name}'`, async () => {
      const { clusters } = await this.ecs.send(
        new DescribeClustersCommand({ clusters: [name] }),
      );
      return clusters?.[0]?.status;
    });
  }

  /** The latest ACTIVE revision of a family, or `undefined` when there is none. */
  async latestTaskDefinition(
    family: string,
  ): Promise<RegisteredTaskDefinition | undefined> {
    return this.call(`look up the task definition '${family}'`, async () => {
      try {
        const { taskDefinition, tags } = await this.ecs.send(
          new DescribeTaskDefinitionCommand({
            taskDefinition: family,
            include: ['TAGS'],
          }),
        );
        if (!taskDefinition?.taskDefinitionArn) return undefined;
        return {
          arn: taskDefinition.taskDefinitionArn,
          document: taskDefinition as TaskDefinitionDocument,
          tags: fromKeyValueTags(
            tags?.map(t => ({ Key: t.key, Value: t.value })),
          ),
        };
      } catch (error) {
        // ECS answers an unknown family with a ClientException.
        if (isAwsError(error, 'ClientException')) return undefined;
        throw error;
      }
    });
  }

  async registerTaskDefinition(
    document: TaskDefinitionDocument,
    tags: TagMap,
  ): Promise<string> {
    return this.call(
      `register the task definition '${document.family}'`,
      async () => {
        const { taskDefinition } = await this.ecs.send(
          new RegisterTaskDefinitionCommand({
            ...document,
            tags: asLowerCaseKeyValueTags(tags),
          }),
        );
        return taskDefinition?.taskDefinitionArn ?? '';
      },
    );
  }

  /** ARNs of the ACTIVE revisions of exactly this family, all pages. */
  async activeRevisions(family: string): Promise<string[]> {
    return this.call(
      `list the revisions of the task definition '${family}'`,
      async () => {
        const arns: string[] = [];
        let nextToken: string | undefined;
        do {
          const page = await this.ecs.send(
            new ListTaskDefinitionsCommand({
              familyPrefix: family,
              status: 'ACTIVE',
              nextToken,
            }),
          );
          // familyPrefix also matches longer families (orders-dev-2…).
          arns.push(
            ...(page.taskDefinitionArns ?? []).filter(
              arn => arn.split('/').pop()?.replace(/:\d+$/, '') === family,
            ),
          );
          nextToken = page.nextToken;
        } while (nextToken);
        return arns;
      },
    );
  }

  /** A revision's own tags; `undefined` when it is unknown, gone or being deleted. */
  async taskDefinitionTags(arn: string): Promise<TagMap | undefined> {
    return this.call(
      `read the tags of the task definition ${arn}`,
      async () => {
        try {
          const { taskDefinition, tags } = await this.ecs.send(
            new DescribeTaskDefinitionCommand({
              taskDefinition: arn,
              include: ['TAGS'],
            }),
          );
          if (taskDefinition?.status === 'DELETE_IN_PROGRESS') return undefined;
          return fromKeyValueTags(
            tags?.map(t => ({ Key: t.key, Value: t.value })),
          );
        } catch (error) {
          // ECS answers a missing or already inactive revision with a ClientException.
          if (isGone(error) || isAwsError(error, 'ClientException')) {
            return undefined;
          }
          throw error;
        }
      },
    );
  }

  /**
   * Deregisters a revision (ACTIVE → INACTIVE) and then deletes it for good;
   * fails when ECS reports that it could not delete it.
   */
  async deleteTaskDefinition(arn: string): Promise<void> {
    await this.call(`delete the task definition '${arn}'`, async () => {
      try {
        await this.ecs.send(
          new DeregisterTaskDefinitionCommand({ taskDefinition: arn }),
        );
      } catch (error) {
        // Already INACTIVE or gone: deleting it is what is left to do.
        if (!isGone(error) && !isAwsError(error, 'ClientException')) {
          throw error;
        }
      }
      const { failures = [] } = await this.ecs.send(
        new DeleteTaskDefinitionsCommand({ taskDefinitions: [arn] }),
      );
      if (failures.length) {
        throw new Error(
          `could not delete the task definition ${arn}: ${failures
            .map(f => f.reason ?? f.detail)
            .join('; ')}`,
        );
      }
    });
  }

  /** The service, or `undefined` when it does not exist or was deleted. */
  async findService(
    cluster: string,
    name: string,
  ): Promise<EcsService | undefined> {
    return this.call(`look up the ECS service '${name}'`, async () => {
      const { services } = await this.ecs.send(
        new DescribeServicesCommand({
          cluster,
          services: [name],
          include: ['TAGS'],
        }),
      );
      const service = services?.find(s => s.status !== 'INACTIVE');
      if (!service) return undefined;
      return {
        name: service.serviceName ?? name,
        arn: service.serviceArn ?? '',
        status: service.status ?? '',
        desiredCount: service.desiredCount ?? 0,
        taskDefinitionArn: service.taskDefinition ?? '',
        launchType: service.launchType ?? '',
        deploymentController: service.deploymentController?.type ?? 'ECS',
        targetGroupArns: (service.loadBalancers ?? []).flatMap(lb =>
          lb.targetGroupArn ? [lb.targetGroupArn] : [],
        ),
        alarmNames: service.deploymentConfiguration?.alarms?.enable
          ? service.deploymentConfiguration.alarms.alarmNames ?? []
          : [],
        tags: Object.fromEntries(
          (service.tags ?? []).map(t => [t.key ?? '', t.value ?? '']),
        ),
      };
    });
  }

  async createService(request: ServiceRequest, tags: TagMap): Promise<string> {
    return this.call(`create the ECS service '${request.name}'`, async () => {
      const rolling = request.deploymentController === 'ECS';
      const { service } = await retryWhileRolePropagates(() =>
        this.ecs.send(
          new CreateServiceCommand({
            cluster: request.cluster,
            serviceName: request.name,
            taskDefinition: request.taskDefinitionArn,
            desiredCount: request.desiredCount,
            launchType: 'FARGATE',
            networkConfiguration: {
              awsvpcConfiguration: {
                subnets: request.subnets,
                securityGroups: request.securityGroups,
                assignPublicIp: request.assignPublicIp ? 'ENABLED' : 'DISABLED',
              },
            },
            deploymentController: { type: request.deploymentController },
            ...(rolling && {
              deploymentConfiguration: {
                deploymentCircuitBreaker: { enable: true, rollback: true },
                minimumHealthyPercent: 100,
                maximumPercent: 200,
                ...(request.alarmNames?.length
                  ? {
                      alarms: {
                        alarmNames: request.alarmNames,
                        enable: true,
                        rollback: true,
                      },
                    }
                  : {}),
              },
            }),
            ...(request.loadBalancer && {
              loadBalancers: [request.loadBalancer],
              healthCheckGracePeriodSeconds: HEALTH_CHECK_GRACE_PERIOD_SECONDS,
            }),
            propagateTags: 'SERVICE',
            enableECSManagedTags: true,
            tags: asLowerCaseKeyValueTags(tags),
          }),
        ),
      );
      return service?.serviceArn ?? '';
    });
  }

  /** Sets the desired count (and, for the ECS controller, the task definition). */
  async updateService(
    cluster: string,
    name: string,
    change: { desiredCount: number; taskDefinitionArn?: string },
  ): Promise<void> {
    await this.call(`update the ECS service '${name}'`, () =>
      this.ecs.send(
        new UpdateServiceCommand({
          cluster,
          service: name,
          desiredCount: change.desiredCount,
          taskDefinition: change.taskDefinitionArn,
        }),
      ),
    );
  }

  /** Adds or overwrites tags of a service. */
  async tagService(arn: string, tags: TagMap): Promise<void> {
    await this.call(`tag the ECS service ${arn}`, () =>
      this.ecs.send(
        new TagResourceCommand({
          resourceArn: arn,
          tags: asLowerCaseKeyValueTags(tags),
        }),
      ),
    );
  }

  /**
   * Deletes the service, stopping its tasks (`force` needs no scale-down
   * first; `scaleToZeroFirst` sets the desired count to 0 beforehand so the
   * tasks drain). A service that is already INACTIVE or draining counts as
   * deleted.
   */
  async deleteService(
    cluster: string,
    name: string,
    options: { scaleToZeroFirst?: boolean } = {},
  ): Promise<void> {
    await this.call(`delete the ECS service '${name}'`, async () => {
      try {
        if (options.scaleToZeroFirst) {
          await this.ecs.send(
            new UpdateServiceCommand({
              cluster,
              service: name,
              desiredCount: 0,
            }),
          );
        }
        await this.ecs.send(
          new DeleteServiceCommand({ cluster, service: name, force: true }),
        );
      } catch (error) {
        if (!isAwsError(error, 'ServiceNotActiveException')) {
          throw error;
        }
      }
    });
  }

  private call<T>(doing: string, fn: () => Promise<T>): Promise<T> {
    return withAwsErrors({ doing, target: this.target }, fn);
  }
}
