import {
  CodePipelineClient,
  GetPipelineStateCommand,
} from '@aws-sdk/client-codepipeline';
import {
  DescribeServicesCommand,
  DescribeTasksCommand,
  ECSClient,
  ListTasksCommand,
  type Service,
} from '@aws-sdk/client-ecs';
import type { Entity } from '@backstage/catalog-model';
import { mockServices } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  type EvaluatePermissionRequest,
} from '@backstage/plugin-permission-common';
import type { FleetOverviewResponse } from '@slipway/plugin-codepipeline-common';
import { mockClient } from 'aws-sdk-client-mock';
import request from 'supertest';
import {
  ACCOUNT,
  answerLikeFleetPipelines,
  COMMIT,
  ledgerPipelineArn,
  ordersPipelineArn,
  PREVIOUS_EXECUTION,
  RUNNING_EXECUTION,
} from './__testUtils__/pipelines';
import {
  component,
  startPluginBackend,
  sts,
} from './__testUtils__/testBackend';
import {
  serviceArn,
  serviceRollingOutNewRevision,
  steadyServiceInEnvironment,
} from './services/__fixtures__/ecsServices';
import { healthyRunningTask } from './services/__fixtures__/ecsTasks';

const codepipeline = mockClient(CodePipelineClient);
const ecs = mockClient(ECSClient);

function owned(entity: Entity, owner: string, system?: string): Entity {
  return { ...entity, spec: { ...entity.spec, owner, system } };
}

/** Production approval waits (payments-team, system orders). */
const ordersApi = owned(
  component('orders-api', {
    'aws.amazon.com/aws-codepipeline-arn': ordersPipelineArn,
    // Explicit, so the pipeline's Deploy action is not followed to ECS.
    'aws.amazon.com/amazon-ecs-service-arn': serviceArn('orders-api'),
  }),
  'payments-team',
  'orders',
);
/** Its latest execution failed in Build (ledger-team). */
const ledgerWorker = owned(
  component('ledger-worker', {
    'aws.amazon.com/aws-codepipeline-arn': ledgerPipelineArn,
    'aws.amazon.com/amazon-ecs-service-arn': serviceArn('ledger-worker'),
  }),
  'group:default/ledger-team',
);
/** ECS only: revision 43 rolling out. */
const checkoutApi = owned(
  component('checkout-api', {
    'aws.amazon.com/amazon-ecs-service-arn': serviceArn('checkout-api'),
  }),
  'payments-team',
  'orders',
);
/** ECS only: steady in prod. */
const billingApi = owned(
  component('billing-api', {
    'aws.amazon.com/amazon-ecs-service-arn': serviceArn('billing-api'),
  }),
  'payments-team',
);
/** The viewer may not read its delivery status. */
const secretApi = component('secret-api', {
  'aws.amazon.com/amazon-ecs-service-arn': serviceArn('secret-api'),
});
/** No Slipway annotation: not part of the overview. */
const plainWebsite = component('plain-website', {});

const services: Record<string, Service> = {
  'orders-api': steadyServiceInEnvironment('dev', 'orders-api'),
  'ledger-worker': steadyServiceInEnvironment('dev', 'ledger-worker'),
  'checkout-api': serviceRollingOutNewRevision('checkout-api'),
  'billing-api': steadyServiceInEnvironment('prod', 'billing-api'),
  'secret-api': steadyServiceInEnvironment('prod', 'secret-api'),
};

const billingTask = healthyRunningTask('0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e', {
  serviceName: 'billing-api',
});

/** Resolves after `ms`, counting how many are waiting at once. */
let inFlight = 0;
let maxInFlight = 0;
async function slowly<T>(ms: number, value: T): Promise<T> {
  inFlight++;
  maxInFlight = Math.max(maxInFlight, inFlight);
  await new Promise(resolve => setTimeout(resolve, ms));
  inFlight--;
  return value;
}

function mockAws(delayMs = 0) {
  answerLikeFleetPipelines(codepipeline, answer => slowly(delayMs, answer));
  ecs.on(DescribeServicesCommand).callsFake(input => ({
    services: (input.services as string[]).map(name => services[name]),
  }));
  ecs.on(ListTasksCommand).callsFake(input => ({
    taskArns:
      input.serviceName === 'billing-api' && input.desiredStatus === 'RUNNING'
        ? [billingTask.taskArn!]
        : [],
  }));
  ecs.on(DescribeTasksCommand).resolves({ tasks: [billingTask] });
}

const authorizeCalls: EvaluatePermissionRequest[][] = [];

function startFleetBackend(
  options: { config?: Record<string, unknown>; entities?: Entity[] } = {},
) {
  return startPluginBackend({
    entities: options.entities ?? [
      ordersApi,
      ledgerWorker,
      checkoutApi,
      billingApi,
      secretApi,
      plainWebsite,
    ],
    permissions: mockServices.permissions.mock({
      authorize: async requests => {
        authorizeCalls.push(requests as EvaluatePermissionRequest[]);
        return requests.map(r => {
          const ref = 'resourceRef' in r ? r.resourceRef ?? '' : '';
          const denied =
            ref.endsWith('/secret-api') ||
            (r.permission.name === 'codepipeline.approval.review' &&
              ref.endsWith('/ledger-worker'));
          return {
            result: denied ? AuthorizeResult.DENY : AuthorizeResult.ALLOW,
          };
        });
      },
    }).factory,
    config: {
      codepipeline: { aws: { maxAttempts: 1 }, ...options.config },
      slipway: { environments: { dev: {}, prod: { production: true } } },
    },
  });
}

const overview = '/api/codepipeline/v1/overview';

/** Asks until every entity is summarized (the page's polling). */
async function untilReady(
  server: Parameters<typeof request>[0],
  query = '',
): Promise<FleetOverviewResponse> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const response = await request(server).get(`${overview}${query}`);
    expect(response.status).toBe(200);
    const body = response.body as FleetOverviewResponse;
    if (body.progress.ready === body.progress.total) {
      return body;
    }
    await new Promise(resolve => setTimeout(resolve, 20));
  }
  throw new Error('overview never became ready');
}

describe('GET /v1/overview', () => {
  beforeEach(() => {
    codepipeline.reset();
    ecs.reset();
    sts.reset();
    authorizeCalls.length = 0;
    inFlight = 0;
    maxInFlight = 0;
  });

  it('answers at once with loading entities and progress, then with summaries', async () => {
    mockAws(50);
    const server = await startFleetBackend();

    const first = await request(server).get(overview);
    expect(first.status).toBe(200);
    expect(first.body.progress).toEqual({ ready: 0, total: 4 });
    expect(first.body.items.map((i: any) => i.status)).toEqual([
      'loading',
      'loading',
      'loading',
      'loading',
    ]);
    expect(first.body.pollIntervalSeconds).toBe(2);

    const ready = await untilReady(server);
    const byName = Object.fromEntries(
      ready.items.map(i => [i.entityRef.split('/')[1], i]),
    );
    expect(byName['orders-api']).toMatchObject({
      status: 'awaiting-approval',
      owner: 'group:default/payments-team',
      system: 'system:default/orders',
      canApprove: true,
      pipelines: [
        {
          arn: ordersPipelineArn,
          name: 'orders-api',
          latestExecution: {
            id: RUNNING_EXECUTION,
            status: 'InProgress',
            commit: { id: COMMIT },
          },
          awaitingApprovals: [
            { stageName: 'Approve-prod', actionName: 'Approve' },
          ],
        },
      ],
    });
    expect(byName['ledger-worker']).toMatchObject({
      status: 'failing',
      canApprove: false,
      pipelines: [
        {
          name: 'ledger-worker',
          latestExecution: { id: PREVIOUS_EXECUTION, status: 'Failed' },
          failingStage: 'Build',
          awaitingApprovals: [],
        },
      ],
    });
    expect(byName['checkout-api']).toMatchObject({
      status: 'rolling-out',
      rollouts: [
        {
          service: 'checkout-api',
          serviceArn: serviceArn('checkout-api'),
          state: 'IN_PROGRESS',
        },
      ],
    });
    expect(byName['billing-api']).toMatchObject({
      status: 'healthy',
      rollouts: [],
      production: {
        environment: 'prod',
        version: '3f9c2ab',
        taskDefinition: 'billing-api:42',
      },
    });
    expect(ready.filters).toEqual({
      owners: ['group:default/ledger-team', 'group:default/payments-team'],
      systems: ['system:default/orders'],
    });
    expect(ready.dora.map(g => g.owner)).toEqual([
      'group:default/ledger-team',
      'group:default/payments-team',
    ]);
    // DORA is read for entities with pipelines; ECS-only ones count as pending.
    expect(ready.dora[1]).toMatchObject({
      windowDays: 30,
      entities: ['component:default/orders-api'],
      pending: 2,
    });
  });

  it('drops entities the viewer may not read before any AWS call, in one authorize call', async () => {
    mockAws();
    const server = await startFleetBackend();
    const body = await untilReady(server);

    expect(body.items.map(i => i.entityRef)).not.toContain(
      'component:default/secret-api',
    );
    expect(body.totalItems).toBe(4);
    const describedServices = ecs
      .commandCalls(DescribeServicesCommand)
      .flatMap(call => call.args[0].input.services as string[]);
    expect(describedServices).not.toContain('secret-api');
    expect(describedServices).toContain('billing-api');

    // Every overview request asked once, for all five annotated entities.
    const overviewCalls = authorizeCalls.filter(call =>
      call.some(r => r.permission.name === 'codepipeline.entity.read'),
    );
    expect(overviewCalls.length).toBeGreaterThan(0);
    for (const call of overviewCalls) {
      expect(call).toHaveLength(10); // read + approval.review, for each of 5
    }
  });

  it('filters by owner, system, status and text, and pages with a cursor', async () => {
    mockAws();
    const server = await startFleetBackend();
    await untilReady(server);

    const payments = await request(server).get(
      `${overview}?owner=payments-team`,
    );
    expect(payments.body.items.map((i: any) => i.entityRef)).toEqual([
      'component:default/billing-api',
      'component:default/checkout-api',
      'component:default/orders-api',
    ]);
    const orders = await request(server).get(
      `${overview}?system=system:default/orders&status=rolling-out`,
    );
    expect(orders.body.items.map((i: any) => i.entityRef)).toEqual([
      'component:default/checkout-api',
    ]);
    const failing = await request(server).get(`${overview}?status=failing`);
    expect(failing.body.totalItems).toBe(1);
    const text = await request(server).get(`${overview}?q=LEDGER`);
    expect(text.body.items.map((i: any) => i.entityRef)).toEqual([
      'component:default/ledger-worker',
    ]);

    const page1 = await request(server).get(`${overview}?limit=3`);
    expect(page1.body.items).toHaveLength(3);
    expect(page1.body.totalItems).toBe(4);
    expect(page1.body.nextCursor).toEqual(expect.any(String));
    const page2 = await request(server).get(
      `${overview}?limit=3&cursor=${page1.body.nextCursor}`,
    );
    expect(page2.body.items.map((i: any) => i.entityRef)).toEqual([
      'component:default/orders-api',
    ]);
    expect(page2.body.nextCursor).toBeUndefined();
  });

  it('refuses invalid queries', async () => {
    mockAws();
    const server = await startFleetBackend();
    for (const query of [
      'limit=0',
      'limit=101',
      'status=broken',
      'cursor=xyz',
    ]) {
      const response = await request(server).get(`${overview}?${query}`);
      expect(response.status).toBe(400);
    }
    expect(ecs).not.toHaveReceivedAnyCommand();
  });

  it('loads cold entities under the concurrency limit, each once however often the page asks', async () => {
    mockAws(40);
    const fleet = Array.from({ length: 8 }, (_, i) =>
      component(`svc-${i}`, {
        'aws.amazon.com/aws-codepipeline-arn': `arn:aws:codepipeline:us-east-1:${ACCOUNT}:svc-${i}`,
        'aws.amazon.com/amazon-ecs-service-arn': serviceArn('orders-api'),
      }),
    );
    const server = await startFleetBackend({
      entities: fleet,
      config: { overview: { concurrency: 2 } },
    });
    await request(server).get(overview);
    await request(server).get(overview); // while the first loads run
    await untilReady(server);

    expect(maxInFlight).toBe(2);
    const statesRead = codepipeline
      .commandCalls(GetPipelineStateCommand)
      .map(call => call.args[0].input.name);
    expect(statesRead.sort()).toEqual(fleet.map(e => e.metadata.name).sort());
  });

  // How fast a warm fleet answers is measured by the bench (bench/), not here.
  it('serves a warm fleet of 500 entities from the cache, a page at a time', async () => {
    mockAws();
    const fleet = Array.from({ length: 500 }, (_, i) =>
      component(`svc-${String(i).padStart(3, '0')}`, {
        'aws.amazon.com/amazon-ecs-service-arn': serviceArn('billing-api'),
      }),
    );
    const server = await startFleetBackend({
      entities: fleet,
      config: { overview: { concurrency: 16 } },
    });
    await untilReady(server);

    const readsWhenWarm = codepipeline.calls().length + ecs.calls().length;
    const warm = await request(server).get(`${overview}?limit=100`);
    expect(codepipeline.calls().length + ecs.calls().length).toBe(
      readsWhenWarm,
    );
    expect(warm.body.progress).toEqual({ ready: 500, total: 500 });
    expect(warm.body.items).toHaveLength(100);
  }, 60_000);
});
