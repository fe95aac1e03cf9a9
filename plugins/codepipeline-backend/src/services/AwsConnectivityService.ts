import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { AwsConnectivity } from '@slipway/plugin-codepipeline-common';
import { AwsClientFactory } from '@slipway/plugin-codepipeline-node';
import { CoalescingCache } from '../cache';
import { CachePolicy } from '../cachePolicy';
import type { CacheTtls } from './resourceRefs';

const CACHE_KEY = 'aws-connectivity';

/**
 * Tells whether the backend's own AWS credentials resolve and reach AWS, so the
 * UI can say "AWS is not configured" or "not reachable" instead of failing.
 */
export class AwsConnectivityService {
  constructor(
    private readonly deps: {
      clients: AwsClientFactory;
      cache: CoalescingCache;
      logger: LoggerService;
      region: string;
      ttls: CacheTtls;
    },
  ) {
    this.policy = new CachePolicy(deps.cache, deps.ttls);
  }

  private readonly policy: CachePolicy;

  check(): Promise<AwsConnectivity> {
    return this.deps.cache.getOrLoad(
      CACHE_KEY,
      () => this.probe(),
      // Nothing moves here: the idle window, like a quiet pipeline.
      () => this.policy.ttl('idle'),
    );
  }

  private async probe(): Promise<AwsConnectivity> {
    const checkedAt = new Date().toISOString();
    const target = { region: this.deps.region };
    try {
      await this.deps.clients.resolveCredentials(target);
    } catch (error) {
      this.deps.logger.warn(`AWS credentials unavailable: ${errorName(error)}`);
      return {
        configured: false,
        reachable: false,
        message:
          'AWS is not configured: no credentials were found. Configure `aws.mainAccount` / `aws.accounts` in app-config, or the standard AWS environment (AWS_PROFILE, AWS_ACCESS_KEY_ID; AWS_ENDPOINT_URL for an emulator).',
        checkedAt,
      };
    }
    try {
      const sts = await this.deps.clients.get(STSClient, target);
      const identity = await sts.send(new GetCallerIdentityCommand({}));
      return {
        configured: true,
        reachable: true,
        accountId: identity.Account,
        checkedAt,
      };
    } catch (error) {
      const message = `AWS is not reachable: STS GetCallerIdentity failed (${errorName(
        error,
      )}). Check network access to AWS, or AWS_ENDPOINT_URL when using an emulator.`;
      this.deps.logger.warn(message);
      return { configured: true, reachable: false, message, checkedAt };
    }
  }
}

/** Only the error's name: messages from credential providers can echo secrets or paths. */
function errorName(error: unknown): string {
  return error instanceof Error ? error.name : 'UnknownError';
}
