import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type {
  EcsServiceStatus,
  PipelineStatus,
} from '@slipway/plugin-codepipeline-common';
import { DeliveryNotifier } from './DeliveryNotifier';
import { SentNotificationStore } from './SentNotificationStore';
import {
  NOW,
  PIPELINE_ARN,
  pipelineAwaitingApproval,
  pipelineFailedInBuild,
  SERVICE_ARN,
  serviceRollingBackAfterCircuitBreaker,
} from './__fixtures__/statuses';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const ordersApi: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'orders-api',
    namespace: 'default',
    annotations: { 'aws.amazon.com/aws-codepipeline-arn': PIPELINE_ARN },
  },
  spec: { type: 'service', owner: 'payments-team', lifecycle: 'production' },
};

const unannotated: Entity = {
  ...ordersApi,
  metadata: { name: 'docs-site', namespace: 'default' },
};

/** What AWS currently says about orders-api; tests change it between runs. */
let world: { pipeline?: PipelineStatus; service?: EcsServiceStatus };

function notifier(store: SentNotificationStore, send: jest.Mock) {
  return new DeliveryNotifier({
    catalog: catalogServiceMock({ entities: [ordersApi, unannotated] }),
    auth: mockServices.auth(),
    resolver: {
      resolve: async () => ({
        entityRef: 'component:default/orders-api',
        pipelines: [],
        ecsServices: [],
        pipelineLookupFailures: [],
        ecsLookupFailures: [],
      }),
    },
    pipelines: {
      getPipelines: async () =>
        world.pipeline
          ? [{ arn: PIPELINE_ARN, name: 'orders-api', status: world.pipeline }]
          : [],
    },
    ecs: {
      getServices: async () =>
        world.service
          ? [{ arn: SERVICE_ARN, name: 'orders-api', status: world.service }]
          : [],
    },
    notifications: { send },
    store,
    settings: { enabled: true, intervalSeconds: 120, approvalWaitMinutes: 60 },
    logger: mockServices.logger.mock(),
    now: () => NOW,
  });
}

async function newStore() {
  return SentNotificationStore.create(await databases.init('SQLITE_3'));
}

describe('DeliveryNotifier', () => {
  beforeEach(() => {
    world = {};
  });

  it('tells the owners about a failure once, and about a new failure again', async () => {
    const send = jest.fn();
    const sweep = notifier(await newStore(), send);

    world.pipeline = pipelineFailedInBuild('exec-1');
    expect(await sweep.run()).toEqual({ entities: 1, sent: 1 });
    expect(await sweep.run()).toEqual({ entities: 1, sent: 0 });
    expect(send).toHaveBeenCalledTimes(1);
    expect(send).toHaveBeenCalledWith({
      recipients: {
        type: 'entity',
        entityRef: ['group:default/payments-team'],
      },
      payload: {
        title: 'Pipeline orders-api failed',
        description: expect.stringContaining('Build / Build failed'),
        link: '/catalog/default/component/orders-api/ci-cd',
        severity: 'high',
        topic: 'Pipeline failures',
        scope: `codepipeline:${PIPELINE_ARN}:exec-1:failed`,
      },
    });

    world.pipeline = pipelineFailedInBuild('exec-2');
    expect(await sweep.run()).toEqual({ entities: 1, sent: 1 });
    expect(send).toHaveBeenLastCalledWith(
      expect.objectContaining({
        payload: expect.objectContaining({
          scope: `codepipeline:${PIPELINE_ARN}:exec-2:failed`,
        }),
      }),
    );
  });

  it('sends once when two replicas (or a restart) see the same rollback', async () => {
    const knex = await databases.init('SQLITE_3');
    const send = jest.fn();
    world.service = serviceRollingBackAfterCircuitBreaker('ecs-svc/5005');

    const first = notifier(await SentNotificationStore.create(knex), send);
    const second = notifier(await SentNotificationStore.create(knex), send);
    const results = await Promise.all([first.run(), second.run()]);

    expect(results.map(r => r.sent).sort()).toEqual([0, 1]);
    expect(send).toHaveBeenCalledTimes(1);
    expect(send.mock.calls[0][0].payload).toMatchObject({
      title: 'Deployment of orders-api rolled back',
      severity: 'high',
    });
  });

  it('tries again on the next run when sending failed', async () => {
    const send = jest
      .fn()
      .mockRejectedValueOnce(new Error('notifications backend unavailable'));
    const sweep = notifier(await newStore(), send);
    world.pipeline = pipelineAwaitingApproval('exec-3', 75);

    expect(await sweep.run()).toEqual({ entities: 1, sent: 0 });
    expect(await sweep.run()).toEqual({ entities: 1, sent: 1 });
    expect(send).toHaveBeenCalledTimes(2);
    expect(send.mock.calls[1][0].payload).toMatchObject({
      title: 'Approval waiting in orders-api',
      severity: 'normal',
    });
  });

  it('stays quiet while nothing has gone wrong', async () => {
    const send = jest.fn();
    world.pipeline = pipelineAwaitingApproval('exec-4', 10);
    expect(await notifier(await newStore(), send).run()).toEqual({
      entities: 1,
      sent: 0,
    });
    expect(send).not.toHaveBeenCalled();
  });
});
