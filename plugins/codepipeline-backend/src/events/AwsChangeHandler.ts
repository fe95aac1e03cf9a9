import type { LoggerService } from '@backstage/backend-plugin-api';
import type { SignalsService } from '@backstage/plugin-signals-node';
import {
  entityChangesChannel,
  type ChangedResourceKind,
  type EntityChangeSignal,
} from '@slipway/plugin-codepipeline-common';
import type { CoalescingCache } from '../cache';
import { ecsCacheKeys, fleetCacheKeys, type CachePolicy } from '../cachePolicy';
import type { StoredSummary } from '../fleet/FleetSummaryLoader';
import type { PipelineRef } from '../services/resourceRefs';
import type { AwsResourceChange } from './awsChangeEvents';
import type { ChangeWatchIndex } from './ChangeWatchIndex';

/** What the handler did with one event (for logs, tests and the bench). */
export type ChangeOutcome =
  | { handled: true; kind: ChangedResourceKind; entityRefs: string[] }
  | { handled: false; reason: 'not-watched' };

/**
 * Applies one AWS change: drops exactly the cache entries that show the
 * changed resource and pushes a change notice to the browsers watching each
 * entity that resolves to it. A resource no entity watches costs one cache
 * read. Runs once per event across replicas (one events subscriber id).
 */
export class AwsChangeHandler {
  constructor(
    private readonly deps: {
      cache: CoalescingCache;
      cachePolicy: CachePolicy;
      watch: ChangeWatchIndex;
      signals: SignalsService;
      logger: LoggerService;
    },
  ) {}

  async handle(change: AwsResourceChange): Promise<ChangeOutcome> {
    const targets = await this.targetsOf(change);
    const watched = (
      await Promise.all(
        targets.map(async arn => ({
          arn,
          entityRefs: await this.deps.watch.watchers(arn),
        })),
      )
    ).filter(t => t.entityRefs.length > 0);
    if (!watched.length) return { handled: false, reason: 'not-watched' };

    const kind: ChangedResourceKind =
      change.kind === 'pipeline' ? 'pipeline' : 'ecs';
    await Promise.all(watched.map(({ arn }) => this.invalidate(change, arn)));
    const entityRefs = [...new Set(watched.flatMap(t => t.entityRefs))];
    await Promise.all(entityRefs.map(ref => this.markSummaryStale(ref)));
    const message: EntityChangeSignal = { kind, at: Date.now() };
    await Promise.all(
      entityRefs.map(entityRef =>
        this.deps.signals.publish({
          recipients: { type: 'broadcast' },
          channel: entityChangesChannel(entityRef),
          message,
        }),
      ),
    );
    return { handled: true, kind, entityRefs };
  }

  /** The overview keeps showing the entity's summary, and reloads it on its next read. */
  private async markSummaryStale(entityRef: string) {
    const key = fleetCacheKeys.summary(entityRef);
    const stored = await this.deps.cache.get<StoredSummary>(key);
    if (!stored) return;
    await this.deps.cache.set<StoredSummary>(
      key,
      { ...stored, freshUntil: 0 },
      this.deps.cachePolicy.ttl('settled'),
    );
  }

  /** The ARNs the change shows under: the resource's own, or a deployment group's services. */
  private async targetsOf(change: AwsResourceChange): Promise<string[]> {
    if (change.kind !== 'codedeploy-group') return [change.arn];
    // Cached by the resolver when it followed a CodeDeployToECS action; a
    // group no entity led to has no entry, and its event is dropped.
    const services = await this.deps.cache.get<
      Array<{ clusterName: string; serviceName: string }>
    >(
      ecsCacheKeys.deploymentGroupServices(
        change,
        change.application,
        change.deploymentGroup,
      ),
    );
    return (services ?? []).map(
      s =>
        `arn:${change.partition}:ecs:${change.region}:${change.accountId}:service/${s.clusterName}/${s.serviceName}`,
    );
  }

  private async invalidate(change: AwsResourceChange, arn: string) {
    if (change.kind === 'pipeline') {
      await this.deps.cachePolicy.invalidate(pipelineRefOf(arn));
      return;
    }
    await this.deps.cache.delete(ecsCacheKeys.service(arn));
    if (change.kind === 'codedeploy-group' && change.deploymentId) {
      await this.deps.cache.delete(
        ecsCacheKeys.codeDeployDeployment(change, change.deploymentId),
      );
    }
  }
}

/** The pipeline a pipeline ARN names (what the cache keys are built from). */
function pipelineRefOf(arn: string): PipelineRef {
  const [, partition = 'aws', , region = '', accountId = '', name = ''] =
    arn.split(':');
  return { arn, partition, region, accountId, name };
}
