import { consoleHost } from '@slipway/plugin-codepipeline-common';
import { ConsoleLinks, DIRECT_CONSOLE_LINKS } from '../consoleLinks';
import type { PipelineRef } from './resourceRefs';

function base(partition: string, region: string): string {
  return `https://${region}.${consoleHost(partition)}`;
}

export function pipelineConsoleUrl(
  ref: PipelineRef,
  links: ConsoleLinks = DIRECT_CONSOLE_LINKS,
): string {
  return links.to(
    ref.accountId,
    `${base(
      ref.partition,
      ref.region,
    )}/codesuite/codepipeline/pipelines/${encodeURIComponent(
      ref.name,
    )}/view?region=${ref.region}`,
  );
}

export function executionConsoleUrl(
  ref: PipelineRef,
  executionId: string,
  links: ConsoleLinks = DIRECT_CONSOLE_LINKS,
): string {
  return links.to(
    ref.accountId,
    `${base(
      ref.partition,
      ref.region,
    )}/codesuite/codepipeline/pipelines/${encodeURIComponent(
      ref.name,
    )}/executions/${encodeURIComponent(executionId)}/timeline?region=${
      ref.region
    }`,
  );
}

/** Build ids look like `project-name:uuid`. */
export function buildConsoleUrl(
  ref: PipelineRef,
  buildId: string,
  links: ConsoleLinks = DIRECT_CONSOLE_LINKS,
): string {
  const project = buildId.split(':')[0];
  return links.to(
    ref.accountId,
    `${base(ref.partition, ref.region)}/codesuite/codebuild/${
      ref.accountId
    }/projects/${encodeURIComponent(project)}/build/${encodeURIComponent(
      buildId,
    )}/?region=${ref.region}`,
  );
}
