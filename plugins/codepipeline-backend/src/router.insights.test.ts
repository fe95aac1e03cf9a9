import {
  ActionExecutionDetail,
  CodePipelineClient,
  GetPipelineCommand,
  ListActionExecutionsCommand,
  ListPipelineExecutionsCommand,
  PipelineExecutionSummary,
} from '@aws-sdk/client-codepipeline';
import {
  DescribeServicesCommand,
  ECSClient,
  ListTasksCommand,
} from '@aws-sdk/client-ecs';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { mockClient } from 'aws-sdk-client-mock';
import request from 'supertest';
import {
  ordersPipelineArn,
  pipelineDefinition,
} from './__testUtils__/pipelines';
import {
  component,
  startPluginBackend,
  sts,
} from './__testUtils__/testBackend';
import {
  historyOf,
  NOW,
  ReleaseRun,
  releaseRun,
} from './insights/__fixtures__/histories';
import { steadyRollingService } from './services/__fixtures__/ecsServices';
import { WINDOW_MAX_PAGES } from './services/PipelineHistoryService';

const codepipeline = mockClient(CodePipelineClient);
const ecs = mockClient(ECSClient);

const ordersApi = component('orders-api', {
  'aws.amazon.com/aws-codepipeline-arn': ordersPipelineArn,
});
const base = '/api/codepipeline/v1/entities/component/default/orders-api';

/** The fixtures are written relative to a fixed NOW; AWS answers relative to the real clock. */
const offset = Date.now() - NOW.getTime();
const shifted = (time: string | undefined) =>
  time ? new Date(Date.parse(time) + offset) : undefined;

function awsHistory(...runs: ReleaseRun[]) {
  const history = historyOf(...runs);
  const executions: PipelineExecutionSummary[] = history.executions.map(e => ({
    pipelineExecutionId: e.executionId,
    status: e.status,
    executionType: e.executionType as 'STANDARD',
    startTime: shifted(e.startTime),
    lastUpdateTime: shifted(e.lastUpdateTime),
    trigger: { triggerType: 'Webhook', triggerDetail: 'connection' },
    sourceRevisions: e.sourceRevisions.map(r => ({
      actionName: r.actionName,
      revisionId: r.revisionId,
      revisionSummary: r.revisionSummary,
    })),
  }));
  const actions: ActionExecutionDetail[] = history.actions.map(a => ({
    pipelineExecutionId: a.pipelineExecutionId,
    stageName: a.stageName,
    actionName: a.actionName,
    status: a.status,
    startTime: shifted(a.startTime),
    lastUpdateTime: shifted(a.lastUpdateTime),
    input: {
      actionTypeId: {
        category: a.category as 'Deploy',
        owner: 'AWS',
        provider: a.category === 'Deploy' ? 'ECS' : 'Other',
        version: '1',
      },
    },
    output: { executionResult: { externalExecutionSummary: a.summary } },
  }));
  return { executions, actions };
}

describe('delivery insight routes', () => {
  beforeEach(() => {
    codepipeline.reset();
    ecs.reset();
    sts.reset();
    codepipeline
      .on(GetPipelineCommand)
      .resolves(pipelineDefinition('orders-api'));
  });

  it('refuses a window other than 7, 30 or 90 days before any AWS call', async () => {
    const server = await startPluginBackend({ entities: [ordersApi] });
    const response = await request(server).get(`${base}/dora?windowDays=14`);
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(/windowDays/);
    expect(codepipeline).not.toHaveReceivedAnyCommand();
  });

  it('checks codepipeline.entity.read on the entity', async () => {
    const server = await startPluginBackend({
      entities: [ordersApi],
      permission: AuthorizeResult.DENY,
    });
    const dora = await request(server).get(`${base}/dora?windowDays=7`);
    const timeline = await request(server).get(`${base}/timeline`);
    expect([dora.status, timeline.status]).toEqual([403, 403]);
    expect(codepipeline).not.toHaveReceivedAnyCommand();
  });

  it('computes DORA metrics from history paged back to the window start, then from the cache', async () => {
    const { executions, actions } = awsHistory(
      releaseRun('recent', -20, 'deployed'),
      releaseRun('broken', -50, 'production-deploy-failed'),
      releaseRun('last-week', -200, 'deployed'),
    );
    codepipeline
      .on(ListPipelineExecutionsCommand)
      .resolves({ pipelineExecutionSummaries: executions });
    codepipeline
      .on(ListActionExecutionsCommand, { nextToken: undefined })
      .resolves({
        actionExecutionDetails: actions.slice(0, 8),
        nextToken: 'p2',
      })
      .on(ListActionExecutionsCommand, { nextToken: 'p2' })
      .resolves({ actionExecutionDetails: actions.slice(8), nextToken: 'p3' });
    const server = await startPluginBackend({ entities: [ordersApi] });

    const response = await request(server).get(`${base}/dora?windowDays=7`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      entityRef: 'component:default/orders-api',
      windowDays: 7,
      deploymentFrequency: { sampleSize: 1, unit: 'per-day' },
      changeFailureRate: { value: 50, sampleSize: 2, band: 'low' },
      leadTimeForChanges: { value: 1.5, band: 'elite' },
      pipelines: [
        {
          arn: ordersPipelineArn,
          name: 'orders-api',
          productionStage: 'Deploy-prod',
        },
      ],
      truncated: false,
    });
    expect(response.body.trend).toHaveLength(7);
    // The second page reached a run older than the window: no third page.
    expect(codepipeline).toHaveReceivedCommandTimes(
      ListActionExecutionsCommand,
      2,
    );

    await request(server).get(`${base}/dora?windowDays=7`).expect(200);
    expect(codepipeline).toHaveReceivedCommandTimes(
      ListActionExecutionsCommand,
      2,
    );
  });

  it('stops paging at the bound and says the history was truncated', async () => {
    const { actions } = awsHistory(releaseRun('recent', -2, 'deployed'));
    codepipeline
      .on(ListPipelineExecutionsCommand)
      .resolves({ pipelineExecutionSummaries: [] })
      .on(ListActionExecutionsCommand)
      .resolves({ actionExecutionDetails: actions, nextToken: 'more' });
    const server = await startPluginBackend({ entities: [ordersApi] });

    const response = await request(server).get(`${base}/dora?windowDays=90`);
    expect(response.status).toBe(200);
    expect(response.body.truncated).toBe(true);
    expect(codepipeline).toHaveReceivedCommandTimes(
      ListActionExecutionsCommand,
      WINDOW_MAX_PAGES,
    );
  });

  it('returns the timeline with the ECS rollout of the production deploy', async () => {
    const { executions, actions } = awsHistory(
      releaseRun('older', -50, 'deployed'),
      releaseRun('newer', -20, 'deployed'),
    );
    codepipeline
      .on(ListPipelineExecutionsCommand, { maxResults: 25 })
      .resolves({ pipelineExecutionSummaries: executions })
      .on(ListActionExecutionsCommand)
      .resolves({ actionExecutionDetails: actions });
    const steady = steadyRollingService('orders-api', 'prod');
    ecs
      .on(DescribeServicesCommand)
      .resolves({
        services: [
          {
            ...steady,
            serviceArn:
              'arn:aws:ecs:us-east-1:123456789012:service/prod/orders-api',
            clusterArn: 'arn:aws:ecs:us-east-1:123456789012:cluster/prod',
            deployments: [
              {
                ...steady.deployments![0],
                id: 'ecs-svc/2002',
                // During the newer run's production deploy (-18.75 h … -18.5 h).
                createdAt: new Date(Date.now() - 18.7 * 3_600_000),
              },
            ],
          },
        ],
        failures: [],
      })
      .on(ListTasksCommand)
      .resolves({ taskArns: [] });
    const server = await startPluginBackend({ entities: [ordersApi] });

    const response = await request(server).get(`${base}/timeline?limit=1`);
    expect(response.status).toBe(200);
    expect(response.body.errors).toEqual([]);
    expect(response.body.changes).toHaveLength(1);
    expect(response.body.changes[0]).toMatchObject({
      executionId: 'newer',
      liveInProduction: true,
      whereNow: 'live in production',
      commit: { revisionSummary: 'Change newer' },
      rollouts: [
        {
          deploymentId: 'ecs-svc/2002',
          serviceName: 'orders-api',
          rolloutState: 'COMPLETED',
          rolledBack: false,
        },
      ],
    });
    expect(
      response.body.changes[0].stages.map((s: any) => s.stageName),
    ).toEqual(['Source', 'Build', 'Approve-prod', 'Deploy-prod']);

    const tooMany = await request(server).get(`${base}/timeline?limit=26`);
    expect(tooMany.status).toBe(400);
  });
});
