export interface Config {
  /** Settings of the Slipway CodePipeline / ECS backend plugin. */
  codepipeline?: {
    /**
     * Account ids whose resources the plugin may read or act on. An annotation
     * naming an ARN in any other account is refused. Defaults to the accounts
     * listed under `aws.accounts` plus `aws.mainAccount`'s own account.
     */
    allowedAccountIds?: string[];
    /** Region used for account-wide calls (STS) when no ARN names one. Default `us-east-1`. */
    defaultRegion?: string;
    /** How long status responses are cached. */
    cache?: {
      /** Seconds to cache while an execution or deployment is in progress. Default 5. */
      activeTtlSeconds?: number;
      /** Seconds to cache when everything is idle. Default 60. */
      idleTtlSeconds?: number;
    };
    /** Polling hints sent to the frontend. */
    polling?: {
      /** Seconds between refreshes while something is in progress. Default 10. */
      activeIntervalSeconds?: number;
      /** Seconds between refreshes when idle. Default 60. */
      idleIntervalSeconds?: number;
    };
  };
}
