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
      /** Seconds to cache a resource while an execution (also one waiting at a manual approval) or deployment is in progress. Default 5. */
      activeTtlSeconds?: number;
      /** Seconds to cache a resource when it is idle. Default 60. */
      idleTtlSeconds?: number;
      /** Seconds to cache pipeline definitions and tag lookups. Default 300. */
      definitionTtlSeconds?: number;
    };
    /**
     * Live updates: AWS change events (EventBridge → SQS → the events
     * backend's AWS SQS module) drop exactly the cached answers they make
     * stale and push a change notice over Backstage signals to the browsers
     * showing the entity, which then stop polling while the heartbeat comes.
     */
    /** The delivery overview (`GET /v1/overview`, MCP fleet actions). */
    overview?: {
      /**
       * Entities summarized at the same time when the overview finds them
       * without a cached summary (each through the cached status, ECS,
       * timeline and DORA reads). Default 4.
       */
      concurrency?: number;
    };
    liveUpdates?: {
      /** Subscribe to the change events and beat the heartbeat. Default false. */
      enabled?: boolean;
      /**
       * The events topic the SQS module publishes the queue's messages to
       * (`events.modules.awsSqs.awsSqsConsumingEventPublisher.topics.<topic>`).
       * Default `aws-delivery`.
       */
      topic?: string;
      /** Seconds between heartbeats on the `codepipeline:live` signal channel. Default 30. */
      heartbeatSeconds?: number;
      /**
       * Seconds an idle answer about a pipeline or ECS service stays cached
       * while live updates are on (instead of `cache.idleTtlSeconds`): its
       * change events drop it, so this bounds only how stale a view gets
       * when an event is lost. Needs every account's events on the queue and,
       * with several replicas, a shared cache. Default 900 (the browsers'
       * recheck interval).
       */
      idleTtlSeconds?: number;
    };
    /** Refresh hints sent to the frontend with every status answer. */
    polling?: {
      /** Seconds between refreshes while something is in progress. Default 10. */
      activeIntervalSeconds?: number;
      /** Seconds between refreshes when idle. Default 60. */
      idleIntervalSeconds?: number;
    };
    /**
     * Ceiling per kind (pipelines, ECS services) on what one entity resolves
     * to, however it is annotated. More ARNs in an annotation than this is a
     * 400; tag searches (account × region, one after the other) and
     * Deploy-action discovery stop calling AWS once they find more, and the
     * answer carries a lookup entry with `error.kind: 'truncated'`. Default 20.
     */
    maxResourcesPerKind?: number;
    /** Guards on the write routes (start, stop, retry, approve/reject, rollback, transitions). */
    writes?: {
      /**
       * Before a write, read the pipeline's tags and refuse (403, `reason:
       * 'not-owned'`) when its `slipway:component` or `slipway:owner` tag
       * names another component or owner than the entity's. Reads never
       * check. Default true.
       */
      checkOwnershipTags?: boolean;
      /**
       * Whether a resource with neither `slipway:component` nor
       * `slipway:owner` (not created by Slipway) may be written to; the
       * entity's annotation is then the only claim on it. Default true.
       */
      allowUntaggedResources?: boolean;
    };
    aws?: {
      /** Attempts per AWS call, with the SDK's backoff between them (throttling, 5xx, timeouts). Default 4. */
      maxAttempts?: number;
      /** Seconds to establish a connection to AWS before the attempt fails. Default 3. */
      connectTimeoutSeconds?: number;
      /** Seconds an attempt waits for AWS's answer before it fails (and is retried). Default 5. */
      requestTimeoutSeconds?: number;
    };
    /**
     * Overall deadline of each read route, in seconds. When it passes, AWS
     * calls still running are abandoned and the route answers with what it
     * has, plus a `timeout` error for each resource that did not answer.
     * Default 8.
     */
    responseDeadlineSeconds?: number;
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
  /**
   * `aws.mainAccount`, `aws.accounts` and `aws.accountDefaults` are
   * `@backstage/integration-aws-node`'s (credentials per account). This
   * plugin adds `aws.sso`; that package defines no such key.
   */
  aws?: {
    /**
     * AWS IAM Identity Center (SSO). When set, every console link the plugin
     * returns (pipelines, executions, builds, ECS services and tasks,
     * CodeDeploy deployments) opens through the access portal, signed in to
     * the resource's own account:
     * `<startUrl>/#/console?account_id=<account>&role_name=<role>&destination=<console URL>`.
     * An account with no role (neither `roleName` nor an `accounts` entry)
     * keeps the direct console link.
     */
    sso?: {
      /** The access portal's start URL (https), e.g. `https://my-sso.awsapps.com/start`. */
      startUrl: string;
      /** Permission set (role) to sign in with, in every account not listed under `accounts`. */
      roleName?: string;
      /** Per account, the permission set to sign in with there. */
      accounts?: Array<{
        /** The 12-digit account id. */
        accountId: string;
        roleName: string;
      }>;
    };
  };
  /**
   * The scaffolder module's environments (see its config.d.ts). The backend
   * plugin reads only their names and `production` marks, to decide which
   * pipeline stage DORA counts as production.
   */
  slipway?: {
    environments?: {
      [name: string]: {
        /**
         * Deployments to this environment are production deployments for the
         * DORA metrics. When no environment is marked, `prod` and
         * `production` are. Default false.
         */
        production?: boolean;
      };
    };
  };
}
