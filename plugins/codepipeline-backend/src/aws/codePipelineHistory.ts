import {
  CodePipelineClient,
  ListActionExecutionsCommand,
  ListPipelineExecutionsCommand,
} from '@aws-sdk/client-codepipeline';
import {
  ActionExecutionSnapshot,
  ExecutionSnapshot,
  toActionExecutionSnapshot,
  toExecutionSnapshot,
} from './codePipeline';

/** An action execution from the pipeline-wide history, tied to its pipeline execution. */
export interface HistoryActionExecution extends ActionExecutionSnapshot {
  pipelineExecutionId: string;
}

/** How far back to read, and the most pages (of 100) to read to get there. */
export interface HistoryBound {
  since: Date;
  maxPages: number;
}

export interface BoundedListing<T> {
  items: T[];
  /** The page bound was hit before an item older than `since` was seen. */
  truncated: boolean;
}

const PAGE_SIZE = 100;

/**
 * Every action execution of the pipeline (ListActionExecutions without an
 * execution filter answers newest first), until an action that started
 * before `since` or the page bound.
 */
export function listActionExecutionsSince(
  client: CodePipelineClient,
  name: string,
  bound: HistoryBound,
): Promise<BoundedListing<HistoryActionExecution>> {
  return pageUntil(bound, async nextToken => {
    const output = await client.send(
      new ListActionExecutionsCommand({
        pipelineName: name,
        maxResults: PAGE_SIZE,
        nextToken,
      }),
    );
    return {
      items: (output.actionExecutionDetails ?? []).map(detail => ({
        ...toActionExecutionSnapshot(detail),
        pipelineExecutionId: detail.pipelineExecutionId ?? '',
      })),
      nextToken: output.nextToken,
    };
  });
}

/** Pipeline executions, newest first, until one that started before `since` or the page bound. */
export function listPipelineExecutionsSince(
  client: CodePipelineClient,
  name: string,
  bound: HistoryBound,
): Promise<BoundedListing<ExecutionSnapshot>> {
  return pageUntil(bound, async nextToken => {
    const output = await client.send(
      new ListPipelineExecutionsCommand({
        pipelineName: name,
        maxResults: PAGE_SIZE,
        nextToken,
      }),
    );
    return {
      items: (output.pipelineExecutionSummaries ?? []).map(toExecutionSnapshot),
      nextToken: output.nextToken,
    };
  });
}

async function pageUntil<T extends { startTime?: string }>(
  bound: HistoryBound,
  fetchPage: (
    nextToken: string | undefined,
  ) => Promise<{ items: T[]; nextToken?: string }>,
): Promise<BoundedListing<T>> {
  const since = bound.since.toISOString();
  const items: T[] = [];
  let nextToken: string | undefined;
  for (let page = 0; page < bound.maxPages; page++) {
    const answer = await fetchPage(nextToken);
    items.push(...answer.items);
    nextToken = answer.nextToken;
    const reachedStart = answer.items.some(
      item => item.startTime !== undefined && item.startTime < since,
    );
    if (!nextToken || reachedStart) {
      return { items, truncated: false };
    }
  }
  return { items, truncated: true };
}
