import type {
  EntityTimelineResponse,
  TimelineChange,
  TimelineRollout,
  TimelineStage,
} from '@slipway/plugin-codepipeline-common';
import { CHECKOUT_PIPELINE_ARN, HOTFIX_PIPELINE_ARN } from './pipelines';

const SERVICE_ARN =
  'arn:aws:ecs:us-east-1:123456789012:service/payments/checkout-web';
const STAGING_SERVICE_ARN =
  'arn:aws:ecs:us-east-1:123456789012:service/payments-staging/checkout-web';
const executionUrl = (id: string) =>
  `https://us-east-1.console.aws.amazon.com/codesuite/codepipeline/pipelines/checkout-web/executions/${id}/timeline?region=us-east-1`;

function commit(revisionId: string, message: string) {
  return {
    actionName: 'Source',
    revisionId,
    shortRevisionId: revisionId.slice(0, 7),
    revisionSummary: message,
    revisionUrl: `https://github.com/acme/checkout-web/commit/${revisionId}`,
  };
}

function stage(
  stageName: string,
  status: TimelineStage['status'],
  startTime?: string,
  endTime?: string,
  rest: Partial<TimelineStage> = {},
): TimelineStage {
  return {
    stageName,
    status,
    startTime,
    endTime,
    isProduction: false,
    ...rest,
  };
}

function rollout(rest: Partial<TimelineRollout>): TimelineRollout {
  return {
    serviceArn: SERVICE_ARN,
    serviceName: 'checkout-web',
    deploymentId: 'ecs-svc/2222',
    taskDefinition: 'checkout-web:42',
    rolloutState: 'COMPLETED',
    rolledBack: false,
    ...rest,
  };
}

function change(
  executionId: string,
  rest: Omit<
    TimelineChange,
    'pipelineArn' | 'pipelineName' | 'executionId' | 'consoleUrl'
  >,
): TimelineChange {
  return {
    pipelineArn: CHECKOUT_PIPELINE_ARN,
    pipelineName: 'checkout-web',
    executionId,
    consoleUrl: executionUrl(executionId),
    ...rest,
  };
}

/** Yesterday's change: approved by Ana after 21 minutes, rolled out, and what production runs now. */
export const changeLiveInProduction = change('exec-0004', {
  executionStatus: 'Succeeded',
  executionType: 'STANDARD',
  commit: commit(
    '4e5f6a7b8c9d0e1f2a3b4c5d6e7f8091a2b3c4d5',
    'Show delivery estimate at checkout',
  ),
  trigger: { type: 'Webhook', detail: 'github push' },
  startTime: '2026-11-21T15:00:00.000Z',
  endTime: '2026-11-21T15:41:10.000Z',
  stages: [
    stage(
      'Source',
      'Succeeded',
      '2026-11-21T15:00:00.000Z',
      '2026-11-21T15:00:20.000Z',
    ),
    stage(
      'Build',
      'Succeeded',
      '2026-11-21T15:00:25.000Z',
      '2026-11-21T15:08:30.000Z',
    ),
    stage(
      'Approve',
      'Succeeded',
      '2026-11-21T15:08:35.000Z',
      '2026-11-21T15:29:35.000Z',
      {
        approvalWaitSeconds: 1260,
        approvalSummary: 'Approved by ana@acme.example: Looks good, ship it',
      },
    ),
    stage(
      'Deploy-prod',
      'Succeeded',
      '2026-11-21T15:29:40.000Z',
      '2026-11-21T15:41:10.000Z',
      {
        isProduction: true,
      },
    ),
  ],
  rollouts: [
    rollout({
      startTime: '2026-11-21T15:29:45.000Z',
      endTime: '2026-11-21T15:41:05.000Z',
    }),
  ],
  whereNow: 'live in production',
  liveInProduction: true,
});

/** This morning's change: built, then the ECS circuit breaker rolled production back to :42. */
export const changeRolledBackByCircuitBreaker = change('exec-0005', {
  executionStatus: 'Failed',
  executionType: 'STANDARD',
  commit: commit(
    '1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e',
    'Refactor basket totals',
  ),
  trigger: { type: 'Webhook', detail: 'github push' },
  startTime: '2026-11-22T08:00:00.000Z',
  endTime: '2026-11-22T08:31:00.000Z',
  stages: [
    stage(
      'Source',
      'Succeeded',
      '2026-11-22T08:00:00.000Z',
      '2026-11-22T08:00:15.000Z',
    ),
    stage(
      'Build',
      'Succeeded',
      '2026-11-22T08:00:20.000Z',
      '2026-11-22T08:07:50.000Z',
    ),
    stage(
      'Approve',
      'Succeeded',
      '2026-11-22T08:07:55.000Z',
      '2026-11-22T08:12:55.000Z',
      {
        approvalWaitSeconds: 300,
        approvalSummary: 'Approved by li@acme.example',
      },
    ),
    stage(
      'Deploy-prod',
      'Failed',
      '2026-11-22T08:13:00.000Z',
      '2026-11-22T08:31:00.000Z',
      {
        isProduction: true,
      },
    ),
  ],
  rollouts: [
    rollout({
      deploymentId: 'ecs-svc/3333',
      taskDefinition: 'checkout-web:43',
      rolloutState: 'FAILED',
      rolloutStateReason:
        'ECS deployment circuit breaker: rolling back to deploymentId ecs-svc/2222.',
      startTime: '2026-11-22T08:13:05.000Z',
      endTime: '2026-11-22T08:30:50.000Z',
      rolledBack: true,
    }),
  ],
  whereNow: 'rolled back: production still runs checkout-web:42',
  liveInProduction: false,
});

/** The newest change: deployed to staging, now waiting for someone to approve production. */
export const changeWaitingForApproval = change('exec-0006', {
  executionStatus: 'InProgress',
  executionType: 'STANDARD',
  commit: commit(
    '9f1c2ab7e0d34c5b8a6f1e2d3c4b5a6978695a4b',
    'Add order confirmation e-mail',
  ),
  trigger: { type: 'Webhook', detail: 'github push' },
  startTime: '2026-11-22T09:40:00.000Z',
  stages: [
    stage(
      'Source',
      'Succeeded',
      '2026-11-22T09:40:00.000Z',
      '2026-11-22T09:40:20.000Z',
    ),
    stage(
      'Build',
      'Succeeded',
      '2026-11-22T09:40:25.000Z',
      '2026-11-22T09:48:30.000Z',
    ),
    stage(
      'Deploy-staging',
      'Succeeded',
      '2026-11-22T09:48:35.000Z',
      '2026-11-22T09:52:00.000Z',
    ),
    stage('Approve', 'InProgress', '2026-11-22T09:52:05.000Z', undefined, {
      approvalWaitSeconds: 475,
    }),
    stage('Deploy-prod', 'NotReached', undefined, undefined, {
      isProduction: true,
    }),
  ],
  rollouts: [
    rollout({
      serviceArn: STAGING_SERVICE_ARN,
      deploymentId: 'ecs-svc/5555',
      taskDefinition: 'checkout-web-staging:44',
      startTime: '2026-11-22T09:48:40.000Z',
      endTime: '2026-11-22T09:51:55.000Z',
    }),
  ],
  whereNow: 'waiting for approval before Deploy-prod',
  liveInProduction: false,
});

/** A timeline answer for checkout-web with the given changes and per-pipeline errors. */
export function timelineResponse(
  changes: TimelineChange[],
  errors: EntityTimelineResponse['errors'] = [],
): EntityTimelineResponse {
  return {
    entityRef: 'component:default/checkout-web',
    changes,
    errors,
    refreshedAt: '2026-11-22T10:00:00.000Z',
  };
}

/** Three changes, newest first: waiting for approval, rolled back, live. */
export const checkoutWebTimeline = timelineResponse([
  changeWaitingForApproval,
  changeRolledBackByCircuitBreaker,
  changeLiveInProduction,
]);

/** The main pipeline's changes, and the hotfix pipeline throttled. */
export const timelineHotfixThrottled = timelineResponse(
  [changeLiveInProduction],
  [
    {
      arn: HOTFIX_PIPELINE_ARN,
      name: 'checkout-web-hotfix',
      error: {
        kind: 'throttled',
        message: 'Rate exceeded (ListPipelineExecutions).',
      },
    },
  ],
);
