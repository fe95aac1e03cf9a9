import { consoleHost } from '@slipway/plugin-codepipeline-common';
import { ConsoleLinks, DIRECT_CONSOLE_LINKS } from '../consoleLinks';
import type { PipelineRef } from './resourceRefs';

function base(partition: string, region: string): string {
  return `https://${region}.${consoleHost(partition)}`;
}

/** The pipeline's page in the CodePipeline console; `page` follows its name. */
function pipelinePage(ref: PipelineRef, page: string): string {
  return `${base(
    ref.partition,
    ref.region,
  )}/codesuite/codepipeline/pipelines/${encodeURIComponent(
    ref.name,
  )}/${page}?region=${ref.region}`;
}

export function pipelineConsoleUrl(
  ref: PipelineRef,
  links: ConsoleLinks = DIRECT_CONSOLE_LINKS,
): string {
  return links.to(ref.accountId, pipelinePage(ref, 'view'));
}

export function executionConsoleUrl(
  ref: PipelineRef,
  executionId: string,
  links: ConsoleLinks = DIRECT_CONSOLE_LINKS,
): string {
  return links.to(
    ref.accountId,
    pipelinePage(ref, `executions/${encodeURIComponent(executionId)}/timeline`),
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
