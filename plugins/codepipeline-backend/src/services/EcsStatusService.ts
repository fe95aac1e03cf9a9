import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { ECSClient } from '@aws-sdk/client-ecs';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  EcsServiceResult,
  EcsServiceStatus,
  EcsTask,
} from '@slipway/plugin-codepipeline-common';
import { AwsClientFactory } from '@slipway/plugin-codepipeline-node';
import {
  CodeDeployDeploymentSnapshot,
  describeCodeDeployDeployment,
  isCodeDeployInProgress,
  mergeTaskSetTraffic,
} from '../aws/codeDeploy';
import {
  DescribedEcsService,
  EcsClusterLocation,
  MAX_SERVICES_PER_DESCRIBE,
  MAX_TASKS_PER_DESCRIBE,
  describeEcsServices,
  describeEcsTasks,
  EcsServiceTaskArns,
  listEcsServiceTasks,
  orderTasks,
} from '../aws/ecs';
import { toResourceError } from '../aws/errors';
import { CoalescingCache } from '../cache';
import type { ConsoleLinks } from '../consoleLinks';
import { CachePolicy, ecsCacheKeys } from '../cachePolicy';
import type { CacheTtls, EcsServiceRef } from './resourceRefs';

const TASK_LIMITS = { running: 100, stopped: 20 };

type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

type DescribeOutcome = Outcome<DescribedEcsService>;
type DescribedTasks = {
  found: Map<string, EcsTask>;
  errors: Map<string, unknown>;
};

/**
 * ECS service status (deployments, events, tasks, CodeDeploy blue/green) for
 * the services an entity resolves to. Each service is cached on its own, so a
 * request only loads the services missing from the cache, batched per
 * account × region × cluster, and concurrent identical loads share one set of
 * AWS calls. A problem with one service or cluster becomes that service's own
 * error entry; this never throws for one.
 */
export class EcsStatusService {
  constructor(
    private readonly deps: {
      clients: AwsClientFactory;
      cache: CoalescingCache;
      ttls: CacheTtls;
      logger: LoggerService;
      /** How console links are built (`aws.sso`). Default: straight to the console. */
      links?: ConsoleLinks;
    },
  ) {
    this.policy = new CachePolicy(deps.cache, deps.ttls);
  }

  private readonly policy: CachePolicy;

  /** Status of every service, in the same order as `refs`. */
  async getServices(
    refs: EcsServiceRef[],
    options: { refresh?: boolean } = {},
  ): Promise<EcsServiceResult[]> {
    const cached = await Promise.all(
      refs.map(ref =>
        options.refresh
          ? undefined
          : this.deps.cache.get<EcsServiceResult>(serviceCacheKey(ref)),
      ),
    );
    const misses = [
      ...new Map(
        refs.filter((_, i) => !cached[i]).map(ref => [ref.arn, ref]),
      ).values(),
    ];
    const loaded =
      misses.length === 0
        ? new Map<string, EcsServiceResult>()
        : await this.deps.cache.coalesceAcrossReplicas(
            `ecs:load:${misses
              .map(ref => ref.arn)
              .sort()
              .join(',')}`,
            () => this.loadAndCache(misses, Boolean(options.refresh)),
            () => this.readBack(misses),
            options,
          );
    return refs.map((ref, i) => cached[i] ?? loaded.get(ref.arn)!);
  }

  /** What another replica loaded for these services, once all of it is there. */
  private async readBack(
    refs: EcsServiceRef[],
  ): Promise<{ ok: boolean; value?: Map<string, EcsServiceResult> }> {
    const reads = await Promise.all(
      refs.map(ref =>
        this.deps.cache.read<EcsServiceResult>(serviceCacheKey(ref)),
      ),
    );
    if (reads.some(read => !read.ok)) {
      return { ok: false };
    }
    if (reads.some(read => read.value === undefined)) {
      return { ok: true };
    }
    return {
      ok: true,
      value: new Map(refs.map((ref, i) => [ref.arn, reads[i].value!])),
    };
  }

  private async loadAndCache(
    refs: EcsServiceRef[],
    refresh: boolean,
  ): Promise<Map<string, EcsServiceResult>> {
    const clusters = new Map<string, EcsServiceRef[]>();
    for (const ref of refs) {
      const key = `${ref.accountId}|${ref.region}|${ref.clusterName}`;
      clusters.set(key, [...(clusters.get(key) ?? []), ref]);
    }
    const results = (
      await Promise.all(
        [...clusters.values()].map(group => this.loadCluster(group, refresh)),
      )
    ).flat();
    await Promise.all(
      results.map(([ref, result]) =>
        this.deps.cache.set(
          serviceCacheKey(ref),
          result,
          // Errors use the short window: a fixed permission or a passing
          // throttle shows up soon, while concurrent viewers still share one call.
          this.policy.ttlFor(result.status?.active ?? true),
        ),
      ),
    );
    return new Map(results.map(([ref, result]) => [ref.arn, result]));
  }

  /** All services of one cluster: DescribeServices and ListTasks in parallel, then DescribeTasks. */
  private async loadCluster(
    refs: EcsServiceRef[],
    refresh: boolean,
  ): Promise<Array<[EcsServiceRef, EcsServiceResult]>> {
    const location: EcsClusterLocation = refs[0];
    const { accountId, region } = location;
    const ecs = await settle(
      this.deps.clients.get(ECSClient, { accountId, region }),
    );
    if (!ecs.ok) {
      return refs.map(ref => [ref, this.failed(ref, ecs.error)]);
    }
    const client = ecs.value;
    const describing = this.describeServices(client, location, refs);
    const listing = Promise.all(
      refs.map(({ serviceName }) =>
        settle(listEcsServiceTasks(client, location, serviceName, TASK_LIMITS)),
      ),
    );
    const [described, listings, tasks, codeDeploys] = await Promise.all([
      describing,
      listing,
      listing.then(lists => this.describeTasks(client, location, lists)),
      describing.then(found =>
        Promise.all(found.map(d => this.loadCodeDeploy(location, d, refresh))),
      ),
    ]);
    return refs.map((ref, i) => [
      ref,
      this.assemble(ref, described[i], listings[i], tasks, codeDeploys[i]),
    ]);
  }

  private async describeServices(
    ecs: ECSClient,
    location: EcsClusterLocation,
    refs: EcsServiceRef[],
  ): Promise<DescribeOutcome[]> {
    const batches = await Promise.all(
      chunk(refs, MAX_SERVICES_PER_DESCRIBE).map(batch =>
        settle(
          describeEcsServices(
            ecs,
            location,
            batch.map(ref => ref.serviceName),
            this.deps.links,
          ),
        ),
      ),
    );
    return refs.map((_, i): DescribeOutcome => {
      const batch = batches[Math.floor(i / MAX_SERVICES_PER_DESCRIBE)];
      if (!batch.ok) {
        return batch;
      }
      const answer = batch.value[i % MAX_SERVICES_PER_DESCRIBE];
      if ('snapshot' in answer) {
        return { ok: true, value: answer };
      }
      const name =
        answer.reason === 'MISSING'
          ? 'ServiceNotFoundException'
          : answer.reason;
      return { ok: false, error: { name, message: answer.detail } };
    });
  }

  /** DescribeTasks for the whole cluster, 100 at a time; a failed batch fails its tasks only. */
  private async describeTasks(
    ecs: ECSClient,
    location: EcsClusterLocation,
    listings: Array<Outcome<EcsServiceTaskArns>>,
  ): Promise<DescribedTasks> {
    const arns = listings.flatMap(listing =>
      listing.ok ? [...listing.value.running, ...listing.value.stopped] : [],
    );
    const described: DescribedTasks = { found: new Map(), errors: new Map() };
    await Promise.all(
      chunk(arns, MAX_TASKS_PER_DESCRIBE).map(async batch => {
        const answer = await settle(
          describeEcsTasks(ecs, location, batch, this.deps.links),
        );
        if (answer.ok) {
          answer.value.forEach(task => described.found.set(task.arn, task));
        } else {
          batch.forEach(arn => described.errors.set(arn, answer.error));
        }
      }),
    );
    return described;
  }

  private loadCodeDeploy(
    location: EcsClusterLocation,
    described: DescribeOutcome,
    refresh: boolean,
  ): Promise<Outcome<CodeDeployDeploymentSnapshot>> | undefined {
    const deploymentId = described.ok
      ? described.value.codeDeployDeploymentId
      : undefined;
    if (!deploymentId) {
      return undefined;
    }
    const { accountId, region } = location;
    // A finished deployment never changes, so it outlives the service entry.
    return settle(
      this.deps.cache.getOrLoad(
        ecsCacheKeys.codeDeployDeployment(location, deploymentId),
        async () =>
          describeCodeDeployDeployment(
            await this.deps.clients.get(CodeDeployClient, {
              accountId,
              region,
            }),
            location,
            deploymentId,
            this.deps.links,
          ),
        deployment =>
          this.policy.ttl(
            isCodeDeployInProgress(deployment.status) ? 'active' : 'settled',
          ),
        { refresh },
      ),
    );
  }

  private assemble(
    ref: EcsServiceRef,
    described: DescribeOutcome,
    listing: Outcome<EcsServiceTaskArns>,
    tasks: DescribedTasks,
    codeDeploy: Outcome<CodeDeployDeploymentSnapshot> | undefined,
  ): EcsServiceResult {
    if (!described.ok) {
      return this.failed(ref, described.error);
    }
    if (!listing.ok) {
      return this.failed(ref, listing.error);
    }
    const { running, stopped } = listing.value;
    const failedArn = [...running, ...stopped].find(a => tasks.errors.has(a));
    if (failedArn) {
      return this.failed(ref, tasks.errors.get(failedArn));
    }
    // Tasks can vanish between ListTasks and DescribeTasks; skip those.
    const found = (arns: string[]) =>
      arns.flatMap(arn => tasks.found.get(arn) ?? []);
    const status: EcsServiceStatus = {
      ...described.value.snapshot,
      tasks: orderTasks(found(running), found(stopped)),
      active: false,
    };
    if (codeDeploy?.ok) {
      status.codeDeploy = mergeTaskSetTraffic(
        codeDeploy.value,
        status.taskSets,
      );
    } else if (codeDeploy) {
      // The ECS data is still worth showing; the UI explains the gap.
      status.codeDeployError = toResourceError(
        codeDeploy.error,
        `the CodeDeploy deployment ${described.value.codeDeployDeploymentId} of ECS service ${ref.serviceName}`,
      );
      this.deps.logger.warn(status.codeDeployError.message);
    }
    status.active = isActive(status);
    return { arn: ref.arn, name: ref.serviceName, status };
  }

  private failed(ref: EcsServiceRef, cause: unknown): EcsServiceResult {
    const error = toResourceError(
      cause,
      `ECS service ${ref.serviceName} in cluster ${ref.clusterName} (account ${ref.accountId}, ${ref.region})`,
    );
    this.deps.logger.warn(`ECS status unavailable: ${error.message}`);
    return { arn: ref.arn, name: ref.serviceName, error };
  }
}

function serviceCacheKey(ref: EcsServiceRef): string {
  return ecsCacheKeys.service(ref.arn);
}

function isActive(status: EcsServiceStatus): boolean {
  return (
    status.deployments.length > 1 ||
    status.deployments.some(d => d.rolloutState === 'IN_PROGRESS') ||
    status.pendingCount > 0 ||
    status.taskSets.length > 1 ||
    isCodeDeployInProgress(status.codeDeploy?.status)
  );
}

function settle<T>(promise: Promise<T>): Promise<Outcome<T>> {
  return promise.then(
    value => ({ ok: true as const, value }),
    error => ({ ok: false as const, error }),
  );
}

function chunk<T>(items: T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    chunks.push(items.slice(i, i + size));
  }
  return chunks;
}
