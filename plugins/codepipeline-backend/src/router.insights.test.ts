import {
  ActionExecutionDetail,
  CodePipelineClient,
  GetPipelineCommand,
  ListActionExecutionsCommand,
  ListPipelineExecutionsCommand,
  ListTagsForResourceCommand,
  PipelineExecutionSummary,
  StartPipelineExecutionCommand,
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
  ACCOUNT,
  ordersPipelineArn,
  pipelineDefinition,
  REGION,
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

/** One pipeline per environment, as Slipway creates them for a service in dev and prod. */
const devPipelineArn = `arn:aws:codepipeline:${REGION}:${ACCOUNT}:orders-api-dev`;
const prodPipelineArn = `arn:aws:codepipeline:${REGION}:${ACCOUNT}:orders-api-prod`;
const ordersApiPerEnvironment = component('orders-api', {
  'aws.amazon.com/aws-codepipeline-arn': `${devPipelineArn},${prodPipelineArn}`,
});
const slipwayEnvironments = {
  slipway: { environments: { dev: {}, prod: { production: true } } },
};

/** Source → Build → Deploy-dev: the dev pipeline deploys on every push. */
function devPipelineDefinition() {
  const prod = pipelineDefinition('orders-api-dev').pipeline!;
  const [source, build, , deploy] = prod.stages!;
  return {
    pipeline: {
      ...prod,
      stages: [source, build, { ...deploy, name: 'Deploy-dev' }],
    },
  };
}

/** A release run of the dev pipeline: its one Deploy stage is Deploy-dev. */
function devRun(executionId: string, startHours: number): ReleaseRun {
  const run = releaseRun(executionId, startHours, 'deployed');
  return {
    ...run,
    actions: run.actions
      .filter(a => !['Deploy-staging', 'Approve-prod'].includes(a.stageName))
      .map(a =>
        a.stageName === 'Deploy-prod' ? { ...a, stageName: 'Deploy-dev' } : a,
      ),
  };
}

/** The tags Slipway puts on a pipeline it created for `environment`. */
function slipwayTags(environment: string) {
  return {
    tags: [
      { key: 'slipway:component', value: 'default/orders-api' },
      { key: 'slipway:owner', value: 'group:default/payments-team' },
      { key: 'slipway:managed-by', value: 'backstage' },
      { key: 'slipway:environment', value: environment },
    ],
  };
}

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

  it('counts only the production environment in an entity with one pipeline per environment, and says which stage counts', async () => {
    const dev = awsHistory(
      devRun('dev-1', -30),
      devRun('dev-2', -20),
      devRun('dev-3', -10),
    );
    const prod = awsHistory(
      releaseRun('prod-1', -28, 'deployed'),
      releaseRun('prod-2', -9, 'deployed'),
    );
    codepipeline
      .on(GetPipelineCommand, { name: 'orders-api-dev' })
      .resolves(devPipelineDefinition())
      .on(GetPipelineCommand, { name: 'orders-api-prod' })
      .resolves(pipelineDefinition('orders-api-prod'))
      .on(ListTagsForResourceCommand, { resourceArn: devPipelineArn })
      .resolves(slipwayTags('dev'))
      .on(ListTagsForResourceCommand, { resourceArn: prodPipelineArn })
      .resolves(slipwayTags('prod'))
      .on(ListPipelineExecutionsCommand, { pipelineName: 'orders-api-dev' })
      .resolves({ pipelineExecutionSummaries: dev.executions })
      .on(ListPipelineExecutionsCommand, { pipelineName: 'orders-api-prod' })
      .resolves({ pipelineExecutionSummaries: prod.executions })
      .on(ListActionExecutionsCommand, { pipelineName: 'orders-api-dev' })
      .resolves({ actionExecutionDetails: dev.actions })
      .on(ListActionExecutionsCommand, { pipelineName: 'orders-api-prod' })
      .resolves({ actionExecutionDetails: prod.actions });
    const server = await startPluginBackend({
      entities: [ordersApiPerEnvironment],
      config: slipwayEnvironments,
    });

    const response = await request(server).get(`${base}/dora?windowDays=7`);
    expect(response.status).toBe(200);
    // Two deployments reached prod; the three dev deployments are not production.
    expect(response.body.deploymentFrequency.sampleSize).toBe(2);
    expect(response.body.productionStages).toEqual([
      {
        pipelineArn: devPipelineArn,
        pipeline: 'orders-api-dev',
        reason: 'environment-tag',
        explanation:
          'the pipeline is tagged slipway:environment=dev, not a production environment',
      },
      {
        pipelineArn: prodPipelineArn,
        pipeline: 'orders-api-prod',
        stage: 'Deploy-prod',
        reason: 'stage-environment',
        explanation:
          'deploys to prod, marked production in slipway.environments',
      },
    ]);
  });

  it('lets the entity name its production stage with an annotation', async () => {
    const dev = awsHistory(devRun('dev-1', -30), devRun('dev-2', -20));
    codepipeline
      .on(GetPipelineCommand, { name: 'orders-api-dev' })
      .resolves(devPipelineDefinition())
      .on(ListPipelineExecutionsCommand)
      .resolves({ pipelineExecutionSummaries: dev.executions })
      .on(ListActionExecutionsCommand)
      .resolves({ actionExecutionDetails: dev.actions });
    const server = await startPluginBackend({
      entities: [
        component('orders-api', {
          'aws.amazon.com/aws-codepipeline-arn': devPipelineArn,
          'aws.amazon.com/slipway-production-stage':
            'orders-api-dev/Deploy-dev',
        }),
      ],
      config: slipwayEnvironments,
    });

    const response = await request(server).get(`${base}/dora?windowDays=7`);
    expect(response.body.deploymentFrequency.sampleSize).toBe(2);
    expect(response.body.productionStages).toMatchObject([
      { stage: 'Deploy-dev', reason: 'annotation' },
    ]);
  });

  it('drops the cached timeline and DORA history of a pipeline after a write to it', async () => {
    const { executions, actions } = awsHistory(
      releaseRun('recent', -20, 'deployed'),
    );
    codepipeline
      .on(ListTagsForResourceCommand)
      .resolves(slipwayTags('prod'))
      .on(ListPipelineExecutionsCommand)
      .resolves({ pipelineExecutionSummaries: executions })
      .on(ListActionExecutionsCommand)
      .resolves({ actionExecutionDetails: actions })
      .on(StartPipelineExecutionCommand)
      .resolves({ pipelineExecutionId: 'started-from-backstage' });
    const server = await startPluginBackend({ entities: [ordersApi] });
    const readBoth = async () => {
      await request(server).get(`${base}/dora?windowDays=7`).expect(200);
      await request(server).get(`${base}/dora?windowDays=30`).expect(200);
      await request(server).get(`${base}/timeline`).expect(200);
    };
    await readBoth();
    await readBoth();
    // dora 7 + dora 30 + timeline, each listed once: the second round was cached.
    expect(codepipeline).toHaveReceivedCommandTimes(
      ListActionExecutionsCommand,
      3,
    );

    await request(server)
      .post(
        `${base}/pipelines/${encodeURIComponent(ordersPipelineArn)}/executions`,
      )
      .send({ clientRequestToken: 'b5c1a1e2-click-1' })
      .expect(201);
    await readBoth();
    expect(codepipeline).toHaveReceivedCommandTimes(
      ListActionExecutionsCommand,
      6,
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
