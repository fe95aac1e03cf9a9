import type {
  EntityPipelinesResponse,
  PipelineActionState,
  PipelineResult,
  PipelineStageState,
  PipelineStatus,
} from '@slipway/plugin-codepipeline-common';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
export const CHECKOUT_PIPELINE_ARN = `arn:aws:codepipeline:${REGION}:${ACCOUNT}:checkout-web`;
export const HOTFIX_PIPELINE_ARN = `arn:aws:codepipeline:${REGION}:${ACCOUNT}:checkout-web-hotfix`;
const consoleUrlFor = (name: string) =>
  `https://${REGION}.console.aws.amazon.com/codesuite/codepipeline/pipelines/${name}/view?region=${REGION}`;

const enabled = { enabled: true };

function action(
  name: string,
  category: string,
  provider: string,
  rest: Partial<PipelineActionState> = {},
): PipelineActionState {
  return {
    name,
    category,
    owner: 'AWS',
    provider,
    runOrder: 1,
    status: 'Succeeded',
    lastStatusChange: '2026-11-22T09:58:00.000Z',
    pipelineExecutionId: 'exec-0003',
    awaitingApproval: false,
    ...rest,
  };
}

function stage(
  name: string,
  actions: PipelineActionState[],
  rest: Partial<PipelineStageState> = {},
): PipelineStageState {
  return {
    name,
    status: 'Succeeded',
    pipelineExecutionId: 'exec-0003',
    inboundTransition: enabled,
    actions,
    canRetry: false,
    canRollback: false,
    ...rest,
  };
}

const sourceStage = stage('Source', [
  action('Source', 'Source', 'CodeStarSourceConnection', {
    summary: 'Add order confirmation e-mail',
    revision: { revisionId: '9f1c2ab7e0d34c5b8a6f1e2d3c4b5a6978695a4b' },
  }),
]);
const buildStage = stage('Build', [
  action('Build', 'Build', 'CodeBuild', {
    externalExecutionId: 'checkout-web-build:6f0e',
    externalExecutionUrl:
      'https://console.aws.amazon.com/codesuite/codebuild/projects/checkout-web-build/build/checkout-web-build:6f0e',
  }),
]);
/** The Deploy stage before it has run in the latest execution. */
const deployStageNotRun = (): PipelineStageState =>
  stage(
    'Deploy',
    [action('Deploy', 'Deploy', 'CodeDeployToECS', { status: undefined })],
    {
      status: undefined,
      canRollback: true,
    },
  );
const deployStage = stage(
  'Deploy',
  [action('Deploy', 'Deploy', 'CodeDeployToECS')],
  { canRollback: true },
);

function pipeline(rest: Partial<PipelineStatus>): PipelineStatus {
  return {
    arn: CHECKOUT_PIPELINE_ARN,
    name: 'checkout-web',
    accountId: ACCOUNT,
    region: REGION,
    consoleUrl: consoleUrlFor('checkout-web'),
    pipelineType: 'V2',
    executionMode: 'SUPERSEDED',
    stages: [sourceStage, buildStage, deployStage],
    active: false,
    canStop: false,
    latestExecution: {
      executionId: 'exec-0003',
      status: 'Succeeded',
      executionType: 'STANDARD',
      trigger: { type: 'CloudWatchEvent', detail: 'push to main by ana' },
      startTime: '2026-11-22T09:50:00.000Z',
      lastUpdateTime: '2026-11-22T09:58:00.000Z',
      endTime: '2026-11-22T09:58:00.000Z',
      durationSeconds: 480,
      sourceRevisions: [
        {
          actionName: 'Source',
          revisionId: '9f1c2ab7e0d34c5b8a6f1e2d3c4b5a6978695a4b',
          shortRevisionId: '9f1c2ab',
          revisionSummary: 'Add order confirmation e-mail',
          revisionUrl:
            'https://github.com/acme/checkout-web/commit/9f1c2ab7e0d34c5b8a6f1e2d3c4b5a6978695a4b',
        },
      ],
      consoleUrl: `${consoleUrlFor('checkout-web')}/executions/exec-0003`,
    },
    ...rest,
  };
}

/** Everything green, nothing running. */
export const pipelineSucceeded = pipeline({});

/**
 * A Slipway golden-path pipeline with seven stages (dev, an approval, prod),
 * more than fit side by side in an overview card.
 */
export const pipelineWithSevenStages = pipeline({
  stages: [
    sourceStage,
    buildStage,
    stage('Deploy-dev', [action('Deploy', 'Deploy', 'ECS')]),
    stage('Start-tasks-dev', [action('Start-tasks', 'Invoke', 'CodeBuild')]),
    stage('Approve', [action('ReleaseApproval', 'Approval', 'Manual')]),
    stage('Deploy-prod', [action('Deploy', 'Deploy', 'ECS')]),
    stage('Start-tasks-prod', [action('Start-tasks', 'Invoke', 'CodeBuild')]),
  ],
});

/** The Build stage is running CodeBuild right now. */
export const pipelineBuildInProgress = pipeline({
  active: true,
  canStop: true,
  stages: [
    sourceStage,
    stage(
      'Build',
      [action('Build', 'Build', 'CodeBuild', { status: 'InProgress' })],
      { status: 'InProgress' },
    ),
    deployStage,
  ],
  latestExecution: {
    ...pipelineSucceeded.latestExecution!,
    status: 'InProgress',
    endTime: undefined,
    durationSeconds: 125,
  },
});

/** The unit tests failed in CodeBuild; the stage can be retried. */
export const pipelineFailedBuild = pipeline({
  stages: [
    sourceStage,
    stage(
      'Build',
      [
        action('Build', 'Build', 'CodeBuild', {
          status: 'Failed',
          errorDetails: {
            code: 'JobFailed',
            message: 'Build terminated with state: FAILED (pytest: 2 failed)',
          },
        }),
      ],
      { status: 'Failed', canRetry: true },
    ),
    deployStageNotRun(),
  ],
  latestExecution: {
    ...pipelineSucceeded.latestExecution!,
    status: 'Failed',
    statusSummary: 'Build failed',
  },
});

/** Build done; a manual approval gates the production deploy. */
export const pipelineAwaitingApproval = pipeline({
  active: true,
  canStop: true,
  stages: [
    sourceStage,
    buildStage,
    stage(
      'Approve',
      [
        action('ReleaseApproval', 'Approval', 'Manual', {
          status: 'InProgress',
          awaitingApproval: true,
          summary: 'Check the staging smoke tests first',
        }),
      ],
      { status: 'InProgress' },
    ),
    deployStageNotRun(),
  ],
  latestExecution: {
    ...pipelineSucceeded.latestExecution!,
    status: 'InProgress',
    endTime: undefined,
  },
});

/** The hotfix pipeline: its Deploy transition is switched off during a freeze. */
export const hotfixPipelineWithDisabledTransition: PipelineStatus = {
  ...pipeline({}),
  arn: HOTFIX_PIPELINE_ARN,
  name: 'checkout-web-hotfix',
  consoleUrl: consoleUrlFor('checkout-web-hotfix'),
  stages: [
    sourceStage,
    buildStage,
    {
      ...deployStage,
      inboundTransition: {
        enabled: false,
        disabledReason: 'Release freeze until Monday',
        lastChangedBy: 'ana',
      },
    },
  ],
};

export function resultOf(status: PipelineStatus): PipelineResult {
  return { arn: status.arn, name: status.name, status };
}

export function pipelinesResponse(
  pipelines: PipelineResult[],
  pollIntervalSeconds = pipelines.some(p => p.status?.active) ? 10 : 60,
): EntityPipelinesResponse {
  return {
    entityRef: 'component:default/checkout-web',
    pipelines,
    refreshedAt: '2026-11-22T10:00:00.000Z',
    pollIntervalSeconds,
  };
}

/** Main pipeline waiting for approval, hotfix pipeline idle. */
export const multiPipelineAwaitingApproval = pipelinesResponse([
  resultOf(pipelineAwaitingApproval),
  resultOf(hotfixPipelineWithDisabledTransition),
]);

/** One pipeline reads fine, the other was throttled by AWS. */
export const partialFailureThrottled = pipelinesResponse([
  resultOf(pipelineSucceeded),
  {
    arn: HOTFIX_PIPELINE_ARN,
    name: 'checkout-web-hotfix',
    error: {
      kind: 'throttled',
      message:
        'AWS kept throttling codepipeline:GetPipelineState; try again shortly.',
    },
  },
]);

/** The backend has no credentials for the pipelines' account. */
export const pipelinesAccountNotConfigured = pipelinesResponse([
  {
    arn: CHECKOUT_PIPELINE_ARN,
    name: 'checkout-web',
    error: {
      kind: 'account-not-configured',
      message:
        'No AWS credentials are configured for account 123456789012 (aws.accounts).',
    },
  },
]);

/** The annotated pipeline was deleted. */
export const pipelineNotFound = pipelinesResponse([
  {
    arn: CHECKOUT_PIPELINE_ARN,
    name: 'checkout-web',
    error: {
      kind: 'not-found',
      message:
        'Pipeline checkout-web does not exist in 123456789012/us-east-1.',
    },
  },
]);
