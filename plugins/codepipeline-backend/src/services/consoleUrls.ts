import { consoleHost } from '@slipway/plugin-codepipeline-common';
import type { PipelineRef } from './resourceRefs';

function base(partition: string, region: string): string {
  return `https://${region}.${consoleHost(partition)}`;
}

export function pipelineConsoleUrl(ref: PipelineRef): string {
  return `${base(
    ref.partition,
    ref.region,
  )}/codesuite/codepipeline/pipelines/${encodeURIComponent(
    ref.name,
  )}/view?region=${ref.region}`;
}

export function executionConsoleUrl(
  ref: PipelineRef,
  executionId: string,
): string {
  return `${base(
    ref.partition,
    ref.region,
  )}/codesuite/codepipeline/pipelines/${encodeURIComponent(
    ref.name,
  )}/executions/${encodeURIComponent(executionId)}/timeline?region=${
    ref.region
  }`;
}

/** Build ids look like `project-name:uuid`. */
export function buildConsoleUrl(ref: PipelineRef, buildId: string): string {
  const project = buildId.split(':')[0];
  return `${base(ref.partition, ref.region)}/codesuite/codebuild/${
    ref.accountId
  }/projects/${encodeURIComponent(project)}/build/${encodeURIComponent(
    buildId,
  )}/?region=${ref.region}`;
}
