export interface Config {
  /** Settings of the Slipway CodePipeline / ECS backend plugin. */
  codepipeline?: {
    /**
     * Account ids whose resources the plugin may read or act on. An annotation
     * naming an ARN in any other account is refused (HTTP 403) before any AWS
     * call. When unset, any account that `aws.*` has credentials for is allowed.
     */
    allowedAccountIds?: string[];
    /** Region for account-wide calls (STS) when no ARN names one. Default: AWS_REGION, else `us-east-1`. */
    defaultRegion?: string;
    /** Where tag annotations are looked up with the Resource Groups Tagging API. */
    tagSearch?: {
      /** Default: `[defaultRegion]`. */
      regions?: string[];
      /** Default: `allowedAccountIds`, else the main account only. */
      accountIds?: string[];
    };
    /** How long answers from AWS are cached (shared by all replicas when the backend cache is Redis/Valkey/memcache). */
    cache?: {
      /** Seconds to cache a resource while an execution or deployment is in progress. Default 5. */
      activeTtlSeconds?: number;
      /** Seconds to cache a resource when it is idle. Default 60. */
      idleTtlSeconds?: number;
      /** Seconds to cache pipeline definitions and tag lookups. Default 300. */
      definitionTtlSeconds?: number;
    };
    /** Refresh hints sent to the frontend with every status answer. */
    polling?: {
      /** Seconds between refreshes while something is in progress. Default 10. */
      activeIntervalSeconds?: number;
      /** Seconds between refreshes when idle. Default 60. */
      idleIntervalSeconds?: number;
    };
    aws?: {
      /** Attempts per AWS call, with the SDK's backoff between them (throttling, 5xx). Default 4. */
      maxAttempts?: number;
    };
    /**
     * Backstage notifications to an entity's owners when its latest pipeline
     * execution fails, a deployment is rolled back, or an approval waits too
     * long. Needs `@backstage/plugin-notifications-backend` in the backend.
     */
    notifications?: {
      /** Run the scheduled check (one replica at a time). Default false. */
      enabled?: boolean;
      /** Seconds between checks. Default 120. */
      intervalSeconds?: number;
      /** Minutes a manual approval may wait before its owners are told. Default 60. */
      approvalWaitMinutes?: number;
    };
  };
}
