import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import type { JsonObject } from '@backstage/types';
import type { FleetEntitySummary } from '@slipway/plugin-codepipeline-common';
import type {
  FleetOverview,
  FleetOverviewService,
} from '../fleet/FleetOverviewService';
import { ACTION_SETTLE_MS, registerFleetActions } from './fleetActions';

const pipeline = 'arn:aws:codepipeline:us-east-1:123456789012:orders-api';

function row(
  name: string,
  status: FleetEntitySummary['status'],
  canApprove: boolean,
): FleetEntitySummary {
  return {
    entityRef: `component:default/${name}`,
    kind: 'Component',
    owner: 'group:default/payments',
    status,
    canApprove,
    rollouts: [],
    pipelines: [
      {
        arn: pipeline,
        name,
        latestExecution: {
          id: 'e1',
          status: status === 'failing' ? 'Failed' : 'InProgress',
          commit: { id: 'abc123' },
        },
        failingStage: status === 'failing' ? 'Build' : undefined,
        awaitingApprovals:
          status === 'awaiting-approval'
            ? [{ stageName: 'Approve-prod', actionName: 'Approve' }]
            : [],
      },
    ],
  };
}

function overviewOf(items: FleetEntitySummary[]): FleetOverview {
  return {
    items,
    progress: { ready: items.length, total: items.length },
    filters: { owners: [], systems: [] },
    dora: [],
    refreshedAt: '2026-12-01T10:00:00.000Z',
    pollIntervalSeconds: 60,
  };
}

describe('registerFleetActions', () => {
  const credentials = mockCredentials.user('user:default/jane');

  async function setUp(items: FleetEntitySummary[]) {
    const registry = actionsRegistryServiceMock({
      logger: mockServices.logger.mock(),
    });
    const all = jest.fn(async (_credentials, filters) =>
      overviewOf(
        filters.status ? items.filter(i => i.status === filters.status) : items,
      ),
    );
    registerFleetActions(registry, { all } as unknown as FleetOverviewService);
    const { actions } = await registry.list();
    const invoke = (name: string, input: JsonObject) =>
      registry.invoke({
        id: actions.find(a => a.name === name)!.id,
        input,
        credentials,
      });
    return { actions, all, invoke };
  }

  it('registers read-only fleet actions', async () => {
    const { actions } = await setUp([]);
    expect(actions.map(a => a.name).sort()).toEqual([
      'get-delivery-overview',
      'list-awaiting-approvals',
      'list-failing-deliveries',
    ]);
    expect(actions.every(a => a.attributes.readOnly)).toBe(true);
  });

  it('answers "what is failing now?" through the fleet service with the caller credentials', async () => {
    const { all, invoke } = await setUp([
      row('ledger-worker', 'failing', false),
      row('orders-api', 'awaiting-approval', true),
    ]);
    const result = await invoke('list-failing-deliveries', {
      owner: 'payments',
    });
    expect(all).toHaveBeenCalledWith(
      credentials,
      { owner: 'payments', status: 'failing' },
      { settleMs: ACTION_SETTLE_MS },
    );
    expect(result.output).toEqual({
      result: {
        failing: [
          {
            entityRef: 'component:default/ledger-worker',
            owner: 'group:default/payments',
            pipelines: [
              {
                arn: pipeline,
                name: 'ledger-worker',
                failingStage: 'Build',
                executionId: 'e1',
                commit: { id: 'abc123' },
              },
            ],
            failedRollouts: [],
          },
        ],
        totalItems: 1,
        progress: { ready: 1, total: 1 },
      },
    });
  });

  it('lists only the approvals the caller may decide', async () => {
    const { invoke } = await setUp([
      row('orders-api', 'awaiting-approval', true),
      row('payroll-api', 'awaiting-approval', false),
    ]);
    const result = await invoke('list-awaiting-approvals', {});
    expect(result.output).toMatchObject({
      result: {
        approvals: [
          {
            entityRef: 'component:default/orders-api',
            pipelineArn: pipeline,
            stageName: 'Approve-prod',
            actionName: 'Approve',
          },
        ],
        totalItems: 1,
      },
    });
  });

  it('passes the overview filters on', async () => {
    const { all, invoke } = await setUp([row('orders-api', 'healthy', true)]);
    const result = await invoke('get-delivery-overview', {
      system: 'orders',
      status: 'healthy',
    });
    expect(all).toHaveBeenCalledWith(
      credentials,
      { system: 'orders', status: 'healthy' },
      { settleMs: ACTION_SETTLE_MS },
    );
    expect(result.output).toMatchObject({ result: { totalItems: 1 } });
  });
});
