import type {
  ActionDeclaration,
  PipelineDeclaration,
  PipelineTriggerDeclaration,
} from '@aws-sdk/client-codepipeline';
import type { PipelineEngine } from '../pipelines/engine';
import { upstreamCall } from '../server/upstream';
import type { PushEvent } from './route';

/** A CodeStarSourceConnection action that a push starts, and why. */
export interface WatchingSource {
  actionName: string;
  connectionArn: string;
}

const isCodeStarSource = (action: ActionDeclaration) =>
  action.actionTypeId?.category === 'Source' &&
  action.actionTypeId?.provider === 'CodeStarSourceConnection';

/** A trigger filter's glob (`*` within a path segment, `**` across, `?`) as a RegExp. */
function globToRegExp(glob: string): RegExp {
  let pattern = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      pattern += '.*';
      i++;
    } else if (c === '*') pattern += '[^/]*';
    else if (c === '?') pattern += '[^/]';
    else pattern += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${pattern}$`);
}

function matchesFilter(
  filter: { includes?: string[]; excludes?: string[] } | undefined,
  value: string,
): boolean {
  if (!filter) return false;
  const matches = (globs?: string[]) =>
    (globs ?? []).some(glob => globToRegExp(glob).test(value));
  if (matches(filter.excludes)) return false;
  return filter.includes?.length ? matches(filter.includes) : true;
}

/**
 * The pipeline's CodeStar source actions that a push starts, as CodePipeline
 * V2 decides: an action named by a trigger's `gitConfiguration` starts on a
 * push whose branch (or tag) passes the trigger's push filters; an action no
 * trigger names starts on a push to its `BranchName`, unless `DetectChanges`
 * is `false`. File path and pull request filters are not emulated.
 */
export function sourcesStartedBy(
  pipeline: PipelineDeclaration,
  push: PushEvent,
): WatchingSource[] {
  const triggers: PipelineTriggerDeclaration[] = (
    pipeline.triggers ?? []
  ).filter(t => t.providerType === 'CodeStarSourceConnection');
  const started: WatchingSource[] = [];
  for (const stage of pipeline.stages ?? []) {
    for (const action of stage.actions ?? []) {
      if (!isCodeStarSource(action)) continue;
      const config = action.configuration ?? {};
      if (config.FullRepositoryId !== push.fullRepositoryId) continue;
      const own = triggers.filter(
        t => t.gitConfiguration?.sourceActionName === action.name,
      );
      const starts = own.length
        ? own.some(t =>
            (t.gitConfiguration?.push ?? []).some(filter =>
              push.branch !== undefined
                ? matchesFilter(filter.branches, push.branch)
                : matchesFilter(
                    filter.tags,
                    push.ref.slice('refs/tags/'.length),
                  ),
            ),
          )
        : push.branch === config.BranchName &&
          String(config.DetectChanges ?? 'true').toLowerCase() !== 'false';
      if (starts) {
        started.push({
          actionName: action.name ?? '',
          connectionArn: config.ConnectionArn ?? '',
        });
      }
    }
  }
  return started;
}

/** The names of a region's pipelines, from the upstream's ListPipelines. */
export function upstreamPipelineNames(upstream: string) {
  return async (region: string): Promise<string[]> => {
    const names: string[] = [];
    let nextToken: string | undefined;
    do {
      const { status, json } = await upstreamCall(
        upstream,
        region,
        'CodePipeline_20150709.ListPipelines',
        nextToken ? { nextToken } : {},
      );
      if (status !== 200) {
        throw new Error(
          `ListPipelines upstream: HTTP ${status} ${json.message ?? ''}`,
        );
      }
      for (const pipeline of json.pipelines ?? []) names.push(pipeline.name);
      nextToken = json.nextToken || undefined;
    } while (nextToken);
    return names;
  };
}

export interface PushTriggerOptions {
  /** The regions whose pipelines a push may start. */
  regions: readonly string[];
  /** A region's pipeline names (e.g. {@link upstreamPipelineNames} of moto). */
  pipelineNames(region: string): Promise<string[]>;
  /** The executor of a region: the server handler's `engineFor`. */
  engineFor(region: string): PipelineEngine;
  /** Told of every execution a push started. */
  onStarted?(started: {
    region: string;
    pipelineName: string;
    pipelineExecutionId: string;
    push: PushEvent;
  }): void;
}

/**
 * A push listener for `localGit().onPush`: starts every pipeline of the
 * regions whose CodeStar source watches the pushed branch, with the pushed
 * commit as that source's revision and trigger `WebhookV2` (the connection's
 * ARN as its detail), as the connection's webhook does on AWS. Resolves with
 * the executions it started.
 */
export function startPipelinesOnPush(options: PushTriggerOptions) {
  return async (push: PushEvent) => {
    const started: {
      region: string;
      pipelineName: string;
      pipelineExecutionId: string;
    }[] = [];
    const errors: unknown[] = [];
    for (const region of options.regions) {
      const engine = options.engineFor(region);
      for (const name of await options.pipelineNames(region)) {
        try {
          const { definition } = await engine.pipeline(name);
          const sources = sourcesStartedBy(definition.pipeline, push);
          if (!sources.length) continue;
          const pipelineExecutionId = await engine.start({
            name,
            sourceRevisions: sources.map(source => ({
              actionName: source.actionName,
              revisionType: 'COMMIT_ID',
              revisionValue: push.after,
            })),
            trigger: {
              triggerType: 'WebhookV2',
              triggerDetail: sources[0].connectionArn,
            },
          });
          const execution = { region, pipelineName: name, pipelineExecutionId };
          started.push(execution);
          options.onStarted?.({ ...execution, push });
        } catch (error) {
          // One pipeline (e.g. deleted meanwhile) does not hold back the others.
          errors.push(error);
        }
      }
    }
    if (errors.length) {
      throw new AggregateError(
        errors,
        `A push to ${push.fullRepositoryId} ${push.ref} could not start ${
          errors.length
        } pipeline(s): ${errors.map(e => (e as Error).message).join('; ')}`,
      );
    }
    return started;
  };
}
