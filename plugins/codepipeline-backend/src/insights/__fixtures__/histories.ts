import type { PipelineExecutionStatus } from '@slipway/plugin-codepipeline-common';
import type { ExecutionSnapshot } from '../../aws/codePipeline';
import type { HistoryActionExecution } from '../../aws/codePipelineHistory';
import type { PipelineHistory } from '../history';

/** "Now" in every hand-built history. */
export const NOW = new Date('2026-11-30T12:00:00Z');
export const COMMIT = '4f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39';

/** ISO time `hours` after NOW (negative: before). */
export function hoursFromNow(hours: number): string {
  return new Date(NOW.getTime() + hours * 3_600_000).toISOString();
}

/** Source → Build → Deploy-staging → Approve-prod → Deploy-prod. */
export const releasePipelineDefinition = {
  name: 'orders-api',
  stages: [
    stage('Source', 'Source', 'Source', 'CodeStarSourceConnection'),
    stage('Build', 'Build', 'Build', 'CodeBuild'),
    stage('Deploy-staging', 'Deploy', 'Deploy', 'ECS', {
      ClusterName: 'staging',
      ServiceName: 'orders-api',
    }),
    stage('Approve-prod', 'Approve', 'Approval', 'Manual'),
    stage('Deploy-prod', 'Deploy', 'Deploy', 'ECS', {
      ClusterName: 'prod',
      ServiceName: 'orders-api',
    }),
  ],
};

function stage(
  name: string,
  action: string,
  category: string,
  provider: string,
  configuration: Record<string, string> = {},
) {
  return {
    name,
    actions: [{ name: action, category, provider, configuration }],
  };
}

type Outcome =
  | 'deployed'
  | 'production-deploy-failed'
  | 'build-failed'
  | 'superseded-at-approval'
  | 'stopped-during-production-deploy'
  | 'awaiting-approval';

export interface ReleaseRun {
  execution: ExecutionSnapshot;
  actions: HistoryActionExecution[];
}

/**
 * One push-triggered run of the release pipeline that started `startHours`
 * from NOW: 0.25 h to staging, then `approvalWaitHours` of approval, then a
 * 0.25 h production deploy.
 */
export function releaseRun(
  executionId: string,
  startHours: number,
  outcome: Outcome,
  options: { approvalWaitHours?: number; deploymentId?: string } = {},
): ReleaseRun {
  const wait = options.approvalWaitHours ?? 1;
  const steps: Array<[string, string, string, number, number]> = [
    ['Source', 'Source', 'Source', 0, 0.02],
    ['Build', 'Build', 'Build', 0.02, 0.15],
    ['Deploy-staging', 'Deploy', 'Deploy', 0.15, 0.25],
    ['Approve-prod', 'Approve', 'Approval', 0.25, 0.25 + wait],
    ['Deploy-prod', 'Deploy', 'Deploy', 0.25 + wait, 0.5 + wait],
  ];
  const reached: Record<Outcome, number> = {
    deployed: 5,
    'production-deploy-failed': 5,
    'build-failed': 2,
    'superseded-at-approval': 3,
    'stopped-during-production-deploy': 5,
    'awaiting-approval': 4,
  };
  const lastStatus: Record<Outcome, HistoryActionExecution['status']> = {
    deployed: 'Succeeded',
    'production-deploy-failed': 'Failed',
    'build-failed': 'Failed',
    'superseded-at-approval': 'Succeeded',
    'stopped-during-production-deploy': 'Abandoned',
    'awaiting-approval': 'InProgress',
  };
  const executionStatus: Record<Outcome, PipelineExecutionStatus> = {
    deployed: 'Succeeded',
    'production-deploy-failed': 'Failed',
    'build-failed': 'Failed',
    'superseded-at-approval': 'Superseded',
    'stopped-during-production-deploy': 'Stopped',
    'awaiting-approval': 'InProgress',
  };
  const taken = steps.slice(0, reached[outcome]);
  const actions = taken
    .map(([stageName, actionName, category, from, to], i) => {
      const last = i === taken.length - 1;
      const status = last ? lastStatus[outcome] : 'Succeeded';
      return {
        pipelineExecutionId: executionId,
        stageName,
        actionName,
        category,
        status,
        startTime: hoursFromNow(startHours + from),
        lastUpdateTime:
          status === 'InProgress' ? undefined : hoursFromNow(startHours + to),
        summary: category === 'Approval' ? 'Approved by jane' : undefined,
        externalExecutionId:
          stageName === 'Deploy-prod' ? options.deploymentId : undefined,
      };
    })
    .reverse();
  return {
    execution: {
      executionId,
      status: executionStatus[outcome],
      executionType: 'STANDARD',
      trigger: { type: 'Webhook', detail: 'connection' },
      startTime: hoursFromNow(startHours),
      lastUpdateTime: actions[0].lastUpdateTime ?? actions[0].startTime,
      sourceRevisions: [
        {
          actionName: 'Source',
          revisionId: COMMIT,
          shortRevisionId: COMMIT.slice(0, 7),
          revisionSummary: `Change ${executionId}`,
        },
      ],
    },
    actions,
  };
}

/** A ROLLBACK execution of Deploy-prod that started `startHours` from NOW and took 0.2 h. */
export function productionRollback(
  executionId: string,
  startHours: number,
): ReleaseRun {
  return {
    execution: {
      executionId,
      status: 'Succeeded',
      executionType: 'ROLLBACK',
      trigger: { type: 'ManualRollback', detail: 'jane' },
      startTime: hoursFromNow(startHours),
      lastUpdateTime: hoursFromNow(startHours + 0.2),
      sourceRevisions: [],
    },
    actions: [
      {
        pipelineExecutionId: executionId,
        stageName: 'Deploy-prod',
        actionName: 'Deploy',
        category: 'Deploy',
        status: 'Succeeded',
        startTime: hoursFromNow(startHours),
        lastUpdateTime: hoursFromNow(startHours + 0.2),
      },
    ],
  };
}

/** Newest first, as AWS lists them. */
export function historyOf(...runs: ReleaseRun[]): PipelineHistory {
  const newestFirst = [...runs].sort((a, b) =>
    (b.execution.startTime ?? '').localeCompare(a.execution.startTime ?? ''),
  );
  return {
    executions: newestFirst.map(run => run.execution),
    actions: newestFirst.flatMap(run => run.actions),
    truncated: false,
  };
}
