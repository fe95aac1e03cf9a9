import type { CodePipelineApi } from '../api';
import {
  executionDetailFailedBuild,
  executionHistoryFirstPage,
  executionHistorySecondPage,
  deployRollbackTargets,
} from './executions';
import { doraForWindow } from './dora';
import { ecsCircuitBreakerRollback } from './ecs';
import { fleetFirstPage, fleetSecondPage } from './fleet';
import { multiPipelineAwaitingApproval } from './pipelines';
import { checkoutWebTimeline } from './timeline';

/** AWS reachable, account 123456789012. */
export const healthConnected = {
  status: 'ok' as const,
  aws: {
    configured: true,
    reachable: true,
    accountId: '123456789012',
    checkedAt: '2026-11-22T10:00:00.000Z',
  },
};

export const healthNotConfigured = {
  status: 'ok' as const,
  aws: {
    configured: false,
    reachable: false,
    message:
      'AWS is not configured: no credentials were found. Set aws.mainAccount or aws.accounts in app-config.yaml.',
    checkedAt: '2026-11-22T10:00:00.000Z',
  },
};

/** A fake backend answering with fixtures; every method can be replaced. */
export function fakeCodePipelineApi(
  overrides: Partial<CodePipelineApi> = {},
): CodePipelineApi {
  return {
    getHealth: async () => healthConnected,
    getPipelines: async () => multiPipelineAwaitingApproval,
    getExecutions: async (_entity, _arn, page) =>
      page?.cursor ? executionHistorySecondPage : executionHistoryFirstPage,
    getExecution: async () => executionDetailFailedBuild,
    getEcsServices: async () => ecsCircuitBreakerRollback,
    getRollbackTargets: async () => deployRollbackTargets,
    getTimeline: async () => checkoutWebTimeline,
    getDoraMetrics: async (_entity, windowDays) => doraForWindow(windowDays),
    getOverview: async query =>
      query?.cursor ? fleetSecondPage : fleetFirstPage,
    startExecution: async () => ({ pipelineExecutionId: 'exec-0007' }),
    stopExecution: async (_e, _a, executionId) => ({
      pipelineExecutionId: executionId,
    }),
    retryStage: async (_e, _a, _s, request) => ({
      pipelineExecutionId: request.pipelineExecutionId,
    }),
    reviewApproval: async () => ({ approvedAt: '2026-11-22T10:01:00.000Z' }),
    rollbackStage: async () => ({ pipelineExecutionId: 'exec-0008' }),
    setTransition: async () => undefined,
    ...overrides,
  };
}

/**
 * Shaped like the `ResponseError` the client throws for a non-2xx answer
 * (status code and parsed Backstage error body).
 */
export function backendError(
  statusCode: number,
  name: string,
  message: string,
  /** Further fields of the error body, e.g. `{ reason: 'not-owned' }`. */
  details: Record<string, string> = {},
): Error {
  return Object.assign(new Error(`Request failed with ${statusCode}`), {
    name: 'ResponseError',
    statusCode,
    body: {
      error: { name, message, ...details },
      response: { statusCode },
    },
  });
}

/** A backend call answering 403: the user lacks `codepipeline.entity.read`. */
export async function notPermittedToRead(): Promise<never> {
  throw backendError(
    403,
    'NotAllowedError',
    'Missing permission codepipeline.entity.read.',
  );
}
