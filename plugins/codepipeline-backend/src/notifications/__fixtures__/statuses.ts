import type {
  EcsServiceStatus,
  PipelineStatus,
} from '@slipway/plugin-codepipeline-common';

export const NOW = new Date('2026-11-30T12:00:00Z');
export const PIPELINE_ARN =
  'arn:aws:codepipeline:us-east-1:123456789012:orders-api';
export const SERVICE_ARN =
  'arn:aws:ecs:us-east-1:123456789012:service/prod/orders-api';

export function minutesAgo(minutes: number): string {
  return new Date(NOW.getTime() - minutes * 60_000).toISOString();
}

/** The latest execution failed in Build `minutes` ago. */
export function pipelineFailedInBuild(
  executionId: string,
  minutes = 5,
): PipelineStatus {
  return {
    ...basePipeline(),
    stages: [
      stage('Source', executionId, 'Succeeded', 'Source'),
      {
        ...stage('Build', executionId, 'Failed', 'Build'),
        actions: [
          {
            name: 'Build',
            status: 'Failed',
            errorDetails: {
              code: 'JobFailed',
              message:
                'Error while executing command: pytest. Reason: exit status 1',
            },
            awaitingApproval: false,
          },
        ],
      },
    ],
    latestExecution: {
      executionId,
      status: 'Failed',
      startTime: minutesAgo(minutes + 4),
      lastUpdateTime: minutesAgo(minutes),
      sourceRevisions: [
        {
          actionName: 'Source',
          revisionId: '4f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39',
          shortRevisionId: '4f2a9c1',
          revisionSummary: 'Add refunds endpoint',
        },
      ],
      consoleUrl: 'https://console.example/run',
    },
  };
}

/** The production approval has waited `minutes`. */
export function pipelineAwaitingApproval(
  executionId: string,
  minutes: number,
): PipelineStatus {
  return {
    ...basePipeline(),
    active: true,
    stages: [
      stage('Build', executionId, 'Succeeded', 'Build'),
      {
        ...stage('Approve-prod', executionId, 'InProgress', 'Approve'),
        actions: [
          {
            name: 'Approve',
            category: 'Approval',
            status: 'InProgress',
            lastStatusChange: minutesAgo(minutes),
            awaitingApproval: true,
          },
        ],
      },
    ],
    latestExecution: {
      executionId,
      status: 'InProgress',
      startTime: minutesAgo(minutes + 10),
      sourceRevisions: [],
      consoleUrl: 'https://console.example/run',
    },
  };
}

export function serviceRollingBackAfterCircuitBreaker(
  deploymentId: string,
): EcsServiceStatus {
  return {
    arn: SERVICE_ARN,
    serviceName: 'orders-api',
    clusterName: 'prod',
    clusterArn: 'arn:aws:ecs:us-east-1:123456789012:cluster/prod',
    accountId: '123456789012',
    region: 'us-east-1',
    consoleUrl: 'https://console.example/ecs',
    desiredCount: 2,
    runningCount: 2,
    pendingCount: 0,
    deploymentController: 'ECS',
    deployments: [
      {
        id: deploymentId,
        status: 'ACTIVE',
        taskDefinition: 'orders-api:8',
        taskDefinitionArn:
          'arn:aws:ecs:us-east-1:123456789012:task-definition/orders-api:8',
        desiredCount: 0,
        runningCount: 0,
        pendingCount: 0,
        failedTasks: 3,
        rolloutState: 'FAILED',
        rolloutStateReason:
          'ECS deployment circuit breaker: tasks failed to start.',
        createdAt: minutesAgo(20),
        updatedAt: minutesAgo(10),
      },
    ],
    events: [],
    tasks: [],
    taskSets: [],
    active: true,
  };
}

function basePipeline(): Omit<PipelineStatus, 'stages'> {
  return {
    arn: PIPELINE_ARN,
    name: 'orders-api',
    accountId: '123456789012',
    region: 'us-east-1',
    consoleUrl: 'https://console.example/pipeline',
    active: false,
    canStop: false,
  };
}

function stage(
  name: string,
  executionId: string,
  status: PipelineStatus['stages'][number]['status'],
  action: string,
): PipelineStatus['stages'][number] {
  return {
    name,
    status,
    pipelineExecutionId: executionId,
    inboundTransition: { enabled: true },
    actions: [{ name: action, status: 'Succeeded', awaitingApproval: false }],
    canRetry: false,
    canRollback: false,
  };
}
