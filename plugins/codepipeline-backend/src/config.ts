import type { Config } from '@backstage/config';

/** The backend plugin's settings (`codepipeline.*`), with defaults applied. */
export interface PluginSettings {
  defaultRegion: string;
  /** Regions searched for tag annotations. */
  tagSearchRegions: string[];
  /** When set, only these accounts may be read or acted on. */
  allowedAccountIds?: string[];
  /** Accounts searched for tag annotations. Undefined: the main account only. */
  tagSearchAccountIds?: string[];
  cache: { activeTtlMs: number; idleTtlMs: number; definitionTtlMs: number };
  polling: { activeIntervalSeconds: number; idleIntervalSeconds: number };
  maxAttempts: number;
  /** Per-attempt AWS timeouts (`codepipeline.aws.*TimeoutSeconds`); both throw. */
  awsTimeouts: { connectionTimeoutMs: number; requestTimeoutMs: number };
  /** Overall deadline of each read route (`codepipeline.responseDeadlineSeconds`). */
  responseDeadlineMs: number;
  /** Ceiling per kind (pipelines, ECS services) one entity resolves to, however it is annotated. */
  maxResourcesPerKind: number;
  /** Guards on the write routes. */
  writes: {
    /** Refuse a write to a resource whose `slipway:*` tags name another component or owner. */
    checkOwnershipTags: boolean;
    /** Whether a resource with no `slipway:component`/`slipway:owner` tag may be written to. */
    allowUntaggedResources: boolean;
  };
}

export function readPluginSettings(config: Config): PluginSettings {
  const settings = config.getOptionalConfig('codepipeline');
  const defaultRegion =
    settings?.getOptionalString('defaultRegion') ??
    process.env.AWS_REGION ??
    'us-east-1';
  const allowedAccountIds =
    settings?.getOptionalStringArray('allowedAccountIds');
  return {
    defaultRegion,
    allowedAccountIds,
    tagSearchRegions: settings?.getOptionalStringArray('tagSearch.regions') ?? [
      defaultRegion,
    ],
    tagSearchAccountIds:
      settings?.getOptionalStringArray('tagSearch.accountIds') ??
      allowedAccountIds,
    cache: {
      activeTtlMs:
        (settings?.getOptionalNumber('cache.activeTtlSeconds') ?? 5) * 1000,
      idleTtlMs:
        (settings?.getOptionalNumber('cache.idleTtlSeconds') ?? 60) * 1000,
      definitionTtlMs:
        (settings?.getOptionalNumber('cache.definitionTtlSeconds') ?? 300) *
        1000,
    },
    polling: {
      activeIntervalSeconds:
        settings?.getOptionalNumber('polling.activeIntervalSeconds') ?? 10,
      idleIntervalSeconds:
        settings?.getOptionalNumber('polling.idleIntervalSeconds') ?? 60,
    },
    maxAttempts: settings?.getOptionalNumber('aws.maxAttempts') ?? 4,
    awsTimeouts: {
      connectionTimeoutMs:
        (settings?.getOptionalNumber('aws.connectTimeoutSeconds') ?? 3) * 1000,
      requestTimeoutMs:
        (settings?.getOptionalNumber('aws.requestTimeoutSeconds') ?? 5) * 1000,
    },
    responseDeadlineMs:
      (settings?.getOptionalNumber('responseDeadlineSeconds') ?? 8) * 1000,
    maxResourcesPerKind:
      settings?.getOptionalNumber('maxResourcesPerKind') ?? 20,
    writes: {
      checkOwnershipTags:
        settings?.getOptionalBoolean('writes.checkOwnershipTags') ?? true,
      allowUntaggedResources:
        settings?.getOptionalBoolean('writes.allowUntaggedResources') ?? true,
    },
  };
}
