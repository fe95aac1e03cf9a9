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
  };
}
