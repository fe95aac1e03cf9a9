import type {
  PipelineExecutionDetailResponse,
  PipelineExecutionsResponse,
  PipelineExecutionSummary,
  RollbackTargetsResponse,
} from '@slipway/plugin-codepipeline-common';
import { CHECKOUT_PIPELINE_ARN, pipelineSucceeded } from './pipelines';

const base = pipelineSucceeded.latestExecution!;

function execution(
  n: number,
  rest: Partial<PipelineExecutionSummary>,
): PipelineExecutionSummary {
  const id = `exec-${String(n).padStart(4, '0')}`;
  return {
    ...base,
    executionId: id,
    consoleUrl: base.consoleUrl.replace('exec-0003', id),
    ...rest,
  };
}

/** Newest first: a run in progress, a failed build, a success, a stopped run. */
export const executionHistoryFirstPage: PipelineExecutionsResponse = {
  pipelineArn: CHECKOUT_PIPELINE_ARN,
  executions: [
    execution(6, {
      status: 'InProgress',
      endTime: undefined,
      durationSeconds: 95,
    }),
    execution(5, {
      status: 'Failed',
      statusSummary: 'Build failed',
      sourceRevisions: [
        {
          actionName: 'Source',
          revisionId: '1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e',
          shortRevisionId: '1b2c3d4',
          revisionSummary: 'Refactor basket totals',
          revisionUrl:
            'https://github.com/acme/checkout-web/commit/1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e',
        },
      ],
    }),
    execution(4, { status: 'Succeeded' }),
    execution(3, {
      status: 'Stopped',
      trigger: {
        type: 'StartPipelineExecution',
        detail: 'arn:aws:sts::123456789012:assumed-role/backstage/ana',
      },
    }),
  ],
  nextCursor: 'cursor-page-2',
};

export const executionHistorySecondPage: PipelineExecutionsResponse = {
  pipelineArn: CHECKOUT_PIPELINE_ARN,
  executions: [
    execution(2, { status: 'Succeeded', executionType: 'ROLLBACK' }),
    execution(1, { status: 'Succeeded' }),
  ],
};

/** Runs with the lower-case UUIDs CodePipeline gives its executions. */
export const executionHistoryWithAwsIds: PipelineExecutionsResponse = {
  pipelineArn: CHECKOUT_PIPELINE_ARN,
  executions: [
    {
      ...base,
      executionId: '3f5c1e2a-9b7d-4c1e-8a2f-6d0b9e4c7a15',
      consoleUrl: base.consoleUrl.replace(
        'exec-0003',
        '3f5c1e2a-9b7d-4c1e-8a2f-6d0b9e4c7a15',
      ),
    },
  ],
};

/** Execution 5: pytest failed in CodeBuild's BUILD phase. */
export const executionDetailFailedBuild: PipelineExecutionDetailResponse = {
  pipelineArn: CHECKOUT_PIPELINE_ARN,
  execution: executionHistoryFirstPage.executions[1],
  actions: [
    {
      stageName: 'Source',
      actionName: 'Source',
      category: 'Source',
      provider: 'CodeStarSourceConnection',
      status: 'Succeeded',
      startTime: '2026-11-22T09:50:00.000Z',
      lastUpdateTime: '2026-11-22T09:50:20.000Z',
      summary: 'Refactor basket totals',
    },
    {
      stageName: 'Build',
      actionName: 'Build',
      category: 'Build',
      provider: 'CodeBuild',
      status: 'Failed',
      startTime: '2026-11-22T09:50:21.000Z',
      lastUpdateTime: '2026-11-22T09:54:40.000Z',
      externalExecutionId: 'checkout-web-build:6f0e',
      externalExecutionUrl:
        'https://console.aws.amazon.com/codesuite/codebuild/projects/checkout-web-build/build/checkout-web-build:6f0e',
      errorDetails: {
        code: 'JobFailed',
        message: 'Build terminated with state: FAILED (pytest: 2 failed)',
      },
      build: {
        id: 'checkout-web-build:6f0e',
        buildStatus: 'FAILED',
        currentPhase: 'COMPLETED',
        startTime: '2026-11-22T09:50:22.000Z',
        endTime: '2026-11-22T09:54:39.000Z',
        phases: [
          {
            phaseType: 'PROVISIONING',
            phaseStatus: 'SUCCEEDED',
            durationSeconds: 12,
          },
          {
            phaseType: 'INSTALL',
            phaseStatus: 'SUCCEEDED',
            durationSeconds: 41,
          },
          {
            phaseType: 'BUILD',
            phaseStatus: 'FAILED',
            durationSeconds: 190,
            contexts: [
              'COMMAND_EXECUTION_ERROR: Error while executing command: pytest. Reason: exit status 1',
            ],
          },
        ],
        logsUrl:
          'https://console.aws.amazon.com/cloudwatch/home?region=us-east-1#logsV2:log-groups/log-group/codebuild',
        consoleUrl:
          'https://console.aws.amazon.com/codesuite/codebuild/projects/checkout-web-build/build/checkout-web-build:6f0e',
      },
    },
  ],
};

export const deployRollbackTargets: RollbackTargetsResponse = {
  stageName: 'Deploy',
  targets: [
    {
      pipelineExecutionId: 'exec-0004',
      startTime: '2026-11-21T15:10:00.000Z',
      sourceRevisions: [
        {
          shortRevisionId: '77ab01c',
          revisionSummary: 'Tune checkout timeouts',
        },
      ],
    },
    {
      pipelineExecutionId: 'exec-0001',
      startTime: '2026-11-20T11:00:00.000Z',
      sourceRevisions: [
        { shortRevisionId: '0c0ffee', revisionSummary: 'First release' },
      ],
    },
  ],
};
