import { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import type {
  PipelineActionState,
  PipelineResult,
  PipelineStageState,
  PipelineStatus,
} from '@slipway/plugin-codepipeline-common';
import { AwsClientFactory } from '@slipway/plugin-codepipeline-node';
import {
  ExecutionSnapshot,
  getPipelineState,
  listPipelineExecutions,
  PipelineDefinition,
  StageStateSnapshot,
} from '../aws/codePipeline';
import { toResourceError } from '../aws/errors';
import { CoalescingCache, LoadOptions } from '../cache';
import type { ConsoleLinks } from '../consoleLinks';
import {
  CachePolicy,
  isPipelineActive,
  pipelineCacheKeys,
} from '../cachePolicy';
import { executionConsoleUrl, pipelineConsoleUrl } from './consoleUrls';
import { toExecutionSummary } from './executionSummary';
import { PipelineDefinitions } from './PipelineDefinitions';
import type { CacheTtls, PipelineRef } from './resourceRefs';

/**
 * The status of each pipeline: its structure (cached for the definition
 * window), stage/action state and latest execution — three AWS calls made in
 * parallel per pipeline, cached briefly while active and longer when idle.
 */
export class PipelineStatusService {
  constructor(
    private readonly deps: {
      clients: AwsClientFactory;
      cache: CoalescingCache;
      definitions: PipelineDefinitions;
      ttls: CacheTtls;
      /** How console links are built (`aws.sso`). Default: straight to the console. */
      links?: ConsoleLinks;
    },
  ) {
    this.policy = new CachePolicy(deps.cache, deps.ttls);
  }

  private readonly policy: CachePolicy;

  getPipelines(
    refs: PipelineRef[],
    options: LoadOptions = {},
  ): Promise<PipelineResult[]> {
    return Promise.all(refs.map(ref => this.getPipeline(ref, options)));
  }

  private getPipeline(
    ref: PipelineRef,
    options: LoadOptions,
  ): Promise<PipelineResult> {
    return this.deps.cache.getOrLoad<PipelineResult>(
      pipelineCacheKeys.status(ref),
      () => this.load(ref, options),
      // An error is retried on the short window, like an active pipeline.
      result => this.policy.ttlFor(result.status?.active ?? true),
      options,
    );
  }

  private async load(
    ref: PipelineRef,
    options: LoadOptions,
  ): Promise<PipelineResult> {
    try {
      const client = await this.deps.clients.get(CodePipelineClient, ref);
      const [definition, stages, latest] = await Promise.all([
        this.deps.definitions.get(ref, options),
        getPipelineState(client, ref.name),
        listPipelineExecutions(client, ref.name, { maxResults: 1 }),
      ]);
      return {
        arn: ref.arn,
        name: ref.name,
        status: toPipelineStatus(
          ref,
          definition,
          stages,
          latest.executions[0],
          this.deps.links,
        ),
      };
    } catch (error) {
      return {
        arn: ref.arn,
        name: ref.name,
        error: toResourceError(error, `pipeline ${ref.name}`),
      };
    }
  }
}

export function toPipelineStatus(
  ref: PipelineRef,
  definition: PipelineDefinition,
  stageStates: StageStateSnapshot[],
  latest: ExecutionSnapshot | undefined,
  links?: ConsoleLinks,
): PipelineStatus {
  const stateByName = new Map(stageStates.map(state => [state.name, state]));
  const stages: PipelineStageState[] = definition.stages.map(stage => {
    const state = stateByName.get(stage.name);
    const actionStates = new Map(
      (state?.actions ?? []).map(action => [action.name, action]),
    );
    const isSourceStage = stage.actions.some(a => a.category === 'Source');
    const hasRun = Boolean(state?.pipelineExecutionId);
    return {
      name: stage.name,
      status: state?.status,
      pipelineExecutionId: state?.pipelineExecutionId,
      inboundTransition: state?.inboundTransition ?? { enabled: true },
      canRetry:
        hasRun && (state?.status === 'Failed' || state?.status === 'Stopped'),
      // AWS rolls back V2 pipelines only, never a source stage, never a running stage.
      canRollback:
        definition.pipelineType === 'V2' &&
        hasRun &&
        !isSourceStage &&
        state?.status !== 'InProgress',
      actions: stage.actions.map((action): PipelineActionState => {
        const { hasApprovalToken, ...actionState } = actionStates.get(
          action.name,
        ) ?? { name: action.name, hasApprovalToken: false };
        return {
          ...actionState,
          name: action.name,
          category: action.category,
          owner: action.owner,
          provider: action.provider,
          runOrder: action.runOrder,
          pipelineExecutionId: state?.pipelineExecutionId,
          awaitingApproval:
            action.category === 'Approval' &&
            actionState.status === 'InProgress' &&
            hasApprovalToken,
        };
      }),
    };
  });
  const latestExecution = latest
    ? toExecutionSummary(
        latest,
        executionConsoleUrl(ref, latest.executionId, links),
      )
    : undefined;
  // A pending approval counts as active: it can be decided in the AWS
  // console at any moment, and the page should show that within seconds.
  const active = isPipelineActive({ stages, latestExecution });
  return {
    arn: ref.arn,
    name: ref.name,
    accountId: ref.accountId,
    region: ref.region,
    consoleUrl: pipelineConsoleUrl(ref, links),
    pipelineType: definition.pipelineType,
    executionMode: definition.executionMode,
    stages,
    latestExecution,
    active,
    canStop: latestExecution?.status === 'InProgress',
  };
}
