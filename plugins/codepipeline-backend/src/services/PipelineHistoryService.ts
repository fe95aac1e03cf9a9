import { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import { AwsClientFactory } from '@slipway/plugin-codepipeline-node';
import { listPipelineExecutions } from '../aws/codePipeline';
import {
  listActionExecutionsSince,
  listPipelineExecutionsSince,
} from '../aws/codePipelineHistory';
import { CoalescingCache, LoadOptions } from '../cache';
import { CachePolicy, pipelineCacheKeys } from '../cachePolicy';
import type { PipelineHistory } from '../insights/history';
import type { CacheTtls, PipelineRef } from './resourceRefs';

/** Executions the timeline reads per pipeline (its `limit` is at most this). */
export const RECENT_EXECUTIONS = 25;
/** Pages of 100 action executions read for the recent executions. */
const RECENT_MAX_PAGES = 5;
/** Pages of 100 read per listing for a DORA window: 2,000 action executions. */
export const WINDOW_MAX_PAGES = 20;

const DAY_MS = 86_400_000;

/**
 * Pipeline history for the delivery insights, read with bounded paging and
 * cached per pipeline (and per window), so that a 90-day view costs a few
 * AWS calls every few minutes however many people look at it.
 */
export class PipelineHistoryService {
  constructor(
    private readonly deps: {
      clients: AwsClientFactory;
      cache: CoalescingCache;
      ttls: CacheTtls;
    },
  ) {
    this.policy = new CachePolicy(deps.cache, deps.ttls);
  }

  private readonly policy: CachePolicy;

  /** The latest {@link RECENT_EXECUTIONS} executions and their action executions. */
  recent(
    ref: PipelineRef,
    options: LoadOptions = {},
  ): Promise<PipelineHistory> {
    return this.deps.cache.getOrLoad(
      pipelineCacheKeys.insightsRecent(ref),
      async () => {
        const client = await this.client(ref);
        const { executions } = await listPipelineExecutions(client, ref.name, {
          maxResults: RECENT_EXECUTIONS,
        });
        const starts = executions.flatMap(e => e.startTime ?? []).sort();
        if (starts.length === 0) {
          return { executions, actions: [], truncated: false };
        }
        const actions = await listActionExecutionsSince(client, ref.name, {
          since: new Date(starts[0]),
          maxPages: RECENT_MAX_PAGES,
        });
        return {
          executions,
          actions: actions.items,
          truncated: actions.truncated,
        };
      },
      history => this.policy.ttlForExecutions(history.executions),
      options,
    );
  }

  /** Everything that started in the last `windowDays` days (up to the page bound). */
  window(
    ref: PipelineRef,
    windowDays: number,
    options: LoadOptions = {},
  ): Promise<PipelineHistory> {
    return this.deps.cache.getOrLoad(
      pipelineCacheKeys.insightsWindow(ref, windowDays),
      async () => {
        const client = await this.client(ref);
        const bound = {
          since: new Date(Date.now() - windowDays * DAY_MS),
          maxPages: WINDOW_MAX_PAGES,
        };
        const [executions, actions] = await Promise.all([
          listPipelineExecutionsSince(client, ref.name, bound),
          listActionExecutionsSince(client, ref.name, bound),
        ]);
        return {
          executions: executions.items,
          actions: actions.items,
          truncated: executions.truncated || actions.truncated,
        };
      },
      // Long windows change little from one minute to the next; a write
      // drops every window at once (CachePolicy.invalidate).
      () => this.policy.ttl(windowDays > 7 ? 'settled' : 'idle'),
      options,
    );
  }

  private client(ref: PipelineRef): Promise<CodePipelineClient> {
    return this.deps.clients.get(CodePipelineClient, ref);
  }
}
