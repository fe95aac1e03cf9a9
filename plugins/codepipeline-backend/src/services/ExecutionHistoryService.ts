import { CodeBuildClient } from '@aws-sdk/client-codebuild';
import { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import {
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import type {
  ActionExecutionDetail,
  PipelineExecutionDetailResponse,
  PipelineExecutionsResponse,
} from '@slipway/plugin-codepipeline-common';
import { AwsClientFactory } from '@slipway/plugin-codepipeline-node';
import { getBuilds } from '../aws/codeBuild';
import {
  getPipelineExecution,
  listActionExecutions,
  listPipelineExecutions,
} from '../aws/codePipeline';
import { toResourceError } from '../aws/errors';
import { CoalescingCache, LoadOptions } from '../cache';
import type { ConsoleLinks } from '../consoleLinks';
import { CachePolicy, pipelineCacheKeys } from '../cachePolicy';
import { isExecutionFinished } from '../executionStatus';
import { buildConsoleUrl, executionConsoleUrl } from './consoleUrls';
import { toExecutionSummary } from './executionSummary';
import type { CacheTtls, PipelineRef } from './resourceRefs';

export const MAX_PAGE_SIZE = 100;

/** Execution history (server-side paging) and the detail of one execution. */
export class ExecutionHistoryService {
  constructor(
    private readonly deps: {
      clients: AwsClientFactory;
      cache: CoalescingCache;
      ttls: CacheTtls;
      /** How console links are built (`aws.sso`). Default: straight to the console. */
      links?: ConsoleLinks;
    },
  ) {
    this.policy = new CachePolicy(deps.cache, deps.ttls);
  }

  private readonly policy: CachePolicy;

  async list(
    ref: PipelineRef,
    page: { limit: number; cursor?: string },
    options: LoadOptions = {},
  ): Promise<PipelineExecutionsResponse> {
    const nextToken = page.cursor ? decodeCursor(page.cursor) : undefined;
    const generation = await this.generation(ref);
    return this.deps.cache.getOrLoad(
      pipelineCacheKeys.executions(ref, generation, page),
      () =>
        this.call(ref, 'list the executions of', async client => {
          const result = await listPipelineExecutions(client, ref.name, {
            maxResults: page.limit,
            nextToken,
          });
          return {
            pipelineArn: ref.arn,
            executions: result.executions.map(execution =>
              toExecutionSummary(
                execution,
                executionConsoleUrl(
                  ref,
                  execution.executionId,
                  this.deps.links,
                ),
              ),
            ),
            nextCursor: result.nextToken
              ? encodeCursor(result.nextToken)
              : undefined,
          };
        }),
      response => this.policy.ttlForExecutions(response.executions),
      options,
    );
  }

  async detail(
    ref: PipelineRef,
    executionId: string,
    options: LoadOptions = {},
  ): Promise<PipelineExecutionDetailResponse> {
    const generation = await this.generation(ref);
    return this.deps.cache.getOrLoad(
      pipelineCacheKeys.execution(ref, generation, executionId),
      () => this.loadDetail(ref, executionId),
      // A finished execution never changes; a running one is active.
      response =>
        this.policy.ttl(
          isExecutionFinished(response.execution.status) ? 'settled' : 'active',
        ),
      options,
    );
  }

  private async generation(ref: PipelineRef): Promise<number> {
    return (
      (await this.deps.cache.get<number>(pipelineCacheKeys.generation(ref))) ??
      0
    );
  }

  private async loadDetail(
    ref: PipelineRef,
    executionId: string,
  ): Promise<PipelineExecutionDetailResponse> {
    const [execution, actions] = await this.call(
      ref,
      'read an execution of',
      client =>
        Promise.all([
          getPipelineExecution(client, ref.name, executionId),
          listActionExecutions(client, ref.name, executionId),
        ]),
    );
    const details: ActionExecutionDetail[] = actions.map(action => ({
      ...action,
    }));
    await this.attachBuilds(ref, details);

    const starts = actions
      .map(a => a.startTime)
      .filter(isString)
      .sort();
    const updates = actions
      .map(a => a.lastUpdateTime)
      .filter(isString)
      .sort();
    return {
      pipelineArn: ref.arn,
      execution: toExecutionSummary(
        {
          ...execution,
          startTime: starts[0],
          lastUpdateTime: updates[updates.length - 1],
        },
        executionConsoleUrl(ref, executionId, this.deps.links),
      ),
      actions: details,
    };
  }

  /** One BatchGetBuilds for all CodeBuild actions; a failure leaves the actions without build details. */
  private async attachBuilds(
    ref: PipelineRef,
    details: ActionExecutionDetail[],
  ) {
    const buildActions = details.filter(
      d => d.provider === 'CodeBuild' && d.externalExecutionId,
    );
    if (buildActions.length === 0) {
      return;
    }
    try {
      const client = await this.deps.clients.get(CodeBuildClient, ref);
      const builds = await getBuilds(
        client,
        buildActions.map(d => d.externalExecutionId!),
        buildId => buildConsoleUrl(ref, buildId, this.deps.links),
      );
      for (const detail of buildActions) {
        detail.build = builds.get(detail.externalExecutionId!);
      }
    } catch {
      // The execution detail is still useful without the build phases.
    }
  }

  /** Runs a CodePipeline call, turning AWS errors into errors the router maps to 404 / 503. */
  private async call<T>(
    ref: PipelineRef,
    doing: string,
    fn: (client: CodePipelineClient) => Promise<T>,
  ): Promise<T> {
    try {
      const client = await this.deps.clients.get(CodePipelineClient, ref);
      return await fn(client);
    } catch (error) {
      const mapped = toResourceError(error, `pipeline ${ref.name}`);
      if (mapped.kind === 'not-found') {
        throw new NotFoundError(mapped.message);
      }
      if ((error as Error)?.name === 'InvalidNextTokenException') {
        throw new InputError(
          'The cursor is no longer valid; start from the first page',
        );
      }
      throw new ServiceUnavailableError(
        `Could not ${doing} ${ref.name}: ${mapped.message}`,
      );
    }
  }
}

function encodeCursor(nextToken: string): string {
  return Buffer.from(JSON.stringify({ n: nextToken })).toString('base64url');
}

/** Throws a 400 for a cursor this API did not hand out, before any AWS call. */
export function validateCursor(cursor: string | undefined): void {
  if (cursor !== undefined) {
    decodeCursor(cursor);
  }
}

function decodeCursor(cursor: string): string {
  try {
    const parsed = JSON.parse(
      Buffer.from(cursor, 'base64url').toString('utf8'),
    );
    if (typeof parsed?.n === 'string' && parsed.n.length > 0) {
      return parsed.n;
    }
  } catch {
    // fall through to the InputError below
  }
  throw new InputError('cursor is not a cursor this API returned');
}

function isString(value: string | undefined): value is string {
  return typeof value === 'string';
}
