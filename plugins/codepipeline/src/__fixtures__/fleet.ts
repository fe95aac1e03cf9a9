import type {
  DoraMetric,
  FleetDoraGroup,
  FleetEntityStatus,
  FleetEntitySummary,
  FleetOverviewResponse,
  PipelineExecutionStatus,
} from '@slipway/plugin-codepipeline-common';

const REFRESHED_AT = '2026-11-22T10:00:00.000Z';
const ACCOUNT = '123456789012';
const REGION = 'us-east-1';

export const PAYMENTS_TEAM = 'group:default/payments-team';
export const PLATFORM_TEAM = 'group:default/platform-team';
export const CHECKOUT_SYSTEM = 'system:default/checkout';
export const SEARCH_SYSTEM = 'system:default/search';

const pipelineArn = (name: string) =>
  `arn:aws:codepipeline:${REGION}:${ACCOUNT}:${name}`;
const serviceArn = (name: string) =>
  `arn:aws:ecs:${REGION}:${ACCOUNT}:service/payments/${name}`;

/** A commit whose message starts with its repository's name (`orders-api: …`). */
const commit = (id: string, message: string) => ({
  id,
  message,
  url: `https://github.com/acme/${message.split(':')[0]}/commit/${id}`,
});

/** checkout-web: the release waits in Approve for someone who may approve it. */
export const checkoutWebAwaitingApproval: FleetEntitySummary = {
  entityRef: 'component:default/checkout-web',
  title: 'Checkout web',
  kind: 'Component',
  owner: PAYMENTS_TEAM,
  system: CHECKOUT_SYSTEM,
  status: 'awaiting-approval',
  pipelines: [
    {
      arn: pipelineArn('checkout-web'),
      name: 'checkout-web',
      latestExecution: {
        id: 'exec-0006',
        status: 'InProgress',
        startTime: '2026-11-22T09:40:00.000Z',
        commit: commit(
          'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
          'checkout-web: pay with saved cards',
        ),
      },
      awaitingApprovals: [
        { stageName: 'Approve', actionName: 'ReleaseApproval' },
      ],
    },
  ],
  rollouts: [],
  production: {
    environment: 'prod',
    version: '1.4.2',
    taskDefinition: 'checkout-web:41',
    commit: commit(
      '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c',
      'checkout-web: faster basket',
    ),
  },
  canApprove: true,
  refreshedAt: REFRESHED_AT,
};

/** ledger-worker: its new task definition is rolling out in staging. */
export const ledgerWorkerRollingOut: FleetEntitySummary = {
  entityRef: 'component:default/ledger-worker',
  kind: 'Component',
  owner: PAYMENTS_TEAM,
  system: CHECKOUT_SYSTEM,
  status: 'rolling-out',
  pipelines: [],
  rollouts: [
    {
      service: 'ledger-worker',
      serviceArn: serviceArn('ledger-worker'),
      environment: 'staging',
      state: 'IN_PROGRESS',
    },
  ],
  production: { environment: 'prod', taskDefinition: 'ledger-worker:12' },
  canApprove: true,
  refreshedAt: REFRESHED_AT,
};

/** orders-api: the build failed on the latest commit. */
export const ordersApiFailingBuild: FleetEntitySummary = {
  entityRef: 'component:default/orders-api',
  title: 'Orders API',
  kind: 'Component',
  owner: PAYMENTS_TEAM,
  system: CHECKOUT_SYSTEM,
  status: 'failing',
  pipelines: [
    {
      arn: pipelineArn('orders-api'),
      name: 'orders-api',
      latestExecution: {
        id: 'exec-0142',
        status: 'Failed',
        startTime: '2026-11-22T08:15:00.000Z',
        commit: commit(
          'bead1234cafe5678bead1234cafe5678bead1234',
          'orders-api: refunds endpoint',
        ),
      },
      failingStage: 'Build',
      awaitingApprovals: [],
    },
  ],
  rollouts: [],
  production: {
    environment: 'prod',
    version: '2.0.7',
    taskDefinition: 'orders-api:88',
  },
  canApprove: true,
  refreshedAt: REFRESHED_AT,
};

/** payments-api: waits for an approval the viewer may not give. */
export const paymentsApiAwaitingApprovalReadOnly: FleetEntitySummary = {
  entityRef: 'component:default/payments-api',
  kind: 'Component',
  owner: PAYMENTS_TEAM,
  status: 'awaiting-approval',
  pipelines: [
    {
      arn: pipelineArn('payments-api'),
      name: 'payments-api',
      latestExecution: {
        id: 'exec-0031',
        status: 'InProgress',
        commit: { id: '77aa88bb99cc00dd11ee22ff33aa44bb55cc66dd' },
      },
      awaitingApprovals: [{ stageName: 'Approve-prod', actionName: 'Go' }],
    },
  ],
  rollouts: [],
  canApprove: false,
  refreshedAt: REFRESHED_AT,
};

/** search-indexer: everything succeeded. */
export const searchIndexerHealthy: FleetEntitySummary = {
  entityRef: 'component:default/search-indexer',
  kind: 'Component',
  owner: PLATFORM_TEAM,
  system: SEARCH_SYSTEM,
  status: 'healthy',
  pipelines: [
    {
      arn: pipelineArn('search-indexer'),
      name: 'search-indexer',
      latestExecution: {
        id: 'exec-0900',
        status: 'Succeeded',
        commit: commit(
          '1234567890abcdef1234567890abcdef12345678',
          'search-indexer: reindex nightly',
        ),
      },
      awaitingApprovals: [],
    },
  ],
  rollouts: [],
  production: {
    environment: 'prod',
    version: '0.9.3',
    taskDefinition: 'search-indexer:7',
    commit: commit(
      '1234567890abcdef1234567890abcdef12345678',
      'search-indexer: reindex nightly',
    ),
  },
  canApprove: false,
  refreshedAt: REFRESHED_AT,
};

/** search-api: the backend has not read it yet. */
export const searchApiLoading: FleetEntitySummary = {
  entityRef: 'component:default/search-api',
  kind: 'Component',
  owner: PLATFORM_TEAM,
  system: SEARCH_SYSTEM,
  status: 'loading',
  pipelines: [],
  rollouts: [],
  canApprove: false,
};

const metric = (
  value: number | undefined,
  unit: DoraMetric['unit'],
  sampleSize: number,
  band?: DoraMetric['band'],
): DoraMetric => ({ value, unit, sampleSize, band });

/** Payments ships several times a day; platform weekly, with no failures to restore. */
export const doraPaymentsAndPlatform: FleetDoraGroup[] = [
  {
    owner: PAYMENTS_TEAM,
    windowDays: 30,
    entities: [
      checkoutWebAwaitingApproval.entityRef,
      ledgerWorkerRollingOut.entityRef,
      ordersApiFailingBuild.entityRef,
      paymentsApiAwaitingApprovalReadOnly.entityRef,
    ],
    pending: 0,
    deploymentFrequency: metric(2.4, 'per-day', 72, 'elite'),
    leadTimeForChanges: metric(0.75, 'hours', 72, 'elite'),
    changeFailureRate: metric(4.2, 'percent', 72, 'elite'),
    timeToRestore: metric(0.5, 'hours', 3, 'elite'),
  },
  {
    owner: PLATFORM_TEAM,
    windowDays: 30,
    entities: [searchIndexerHealthy.entityRef],
    pending: 1,
    deploymentFrequency: metric(0.2, 'per-day', 6, 'high'),
    leadTimeForChanges: metric(52, 'hours', 6, 'medium'),
    changeFailureRate: metric(0, 'percent', 6, 'elite'),
    timeToRestore: metric(undefined, 'hours', 0),
  },
];

/** An overview answer around `items`, everything read. */
export function fleetOverview(
  items: FleetEntitySummary[],
  overrides: Partial<FleetOverviewResponse> = {},
): FleetOverviewResponse {
  return {
    items,
    totalItems: items.length,
    progress: { ready: items.length, total: items.length },
    filters: {
      owners: [PAYMENTS_TEAM, PLATFORM_TEAM],
      systems: [CHECKOUT_SYSTEM, SEARCH_SYSTEM],
    },
    dora: doraPaymentsAndPlatform,
    refreshedAt: REFRESHED_AT,
    pollIntervalSeconds: 30,
    ...overrides,
  };
}

/** Six entities, three per page: the first page. */
export const fleetFirstPage = fleetOverview(
  [checkoutWebAwaitingApproval, ledgerWorkerRollingOut, ordersApiFailingBuild],
  { totalItems: 6, nextCursor: 'cursor-page-2' },
);

/** The second page, which is the last. */
export const fleetSecondPage = fleetOverview(
  [paymentsApiAwaitingApprovalReadOnly, searchApiLoading, searchIndexerHealthy],
  { totalItems: 6, progress: { ready: 5, total: 6 } },
);

/** The backend's first look after a start: 2 of 6 services read so far. */
export const fleetColdLoad = fleetOverview(
  [
    checkoutWebAwaitingApproval,
    { ...ledgerWorkerRollingOut, ...loading() },
    { ...ordersApiFailingBuild, ...loading() },
  ],
  {
    totalItems: 6,
    nextCursor: 'cursor-page-2',
    progress: { ready: 2, total: 6 },
    dora: [],
    pollIntervalSeconds: 2,
  },
);

function loading(): Partial<FleetEntitySummary> {
  return {
    status: 'loading',
    pipelines: [],
    rollouts: [],
    production: undefined,
    refreshedAt: undefined,
  };
}

/** No entity in the catalog carries a Slipway annotation. */
export const fleetWithoutAnnotatedEntities = fleetOverview([], {
  filters: { owners: [], systems: [] },
  dora: [],
});

const STATUS_CYCLE: FleetEntityStatus[] = [
  'healthy',
  'healthy',
  'in-progress',
  'awaiting-approval',
  'rolling-out',
  'healthy',
  'failing',
];

/** All six situations on one page; search-api is still being read. */
export const fleetEveryState = fleetOverview(
  [
    checkoutWebAwaitingApproval,
    ledgerWorkerRollingOut,
    ordersApiFailingBuild,
    paymentsApiAwaitingApprovalReadOnly,
    searchApiLoading,
    searchIndexerHealthy,
  ],
  { progress: { ready: 5, total: 6 } },
);

/**
 * A fleet of `size` services over 10 owners and 4 systems (for the browser
 * test and the render bench): every status, a pipeline each, a rollout for
 * those rolling out, and a production version. Serve it with
 * {@link answerOverview}.
 */
export function fleetOfSize(size: number): FleetOverviewResponse {
  const owners = Array.from(
    { length: 10 },
    (_, i) => `group:default/team-${String(i + 1).padStart(2, '0')}`,
  );
  const items = Array.from({ length: size }, (_, i) =>
    generatedService(i, owners[i % owners.length]),
  );
  return fleetOverview(items, {
    filters: {
      owners,
      systems: [1, 2, 3, 4].map(n => `system:default/system-${n}`),
    },
    dora: owners.map(owner => ({
      ...doraPaymentsAndPlatform[0],
      owner,
      entities: items.filter(e => e.owner === owner).map(e => e.entityRef),
    })),
    pollIntervalSeconds: 300,
  });
}

function generatedService(i: number, owner: string): FleetEntitySummary {
  const name = `service-${String(i + 1).padStart(3, '0')}`;
  const status = STATUS_CYCLE[i % STATUS_CYCLE.length];
  // 40 hex digits that differ from the first one on (Knuth's multiplicative hash).
  const sha = (((i + 1) * 2654435761) >>> 0)
    .toString(16)
    .padStart(8, '0')
    .repeat(5);
  let executionStatus: PipelineExecutionStatus = 'InProgress';
  if (status === 'failing') executionStatus = 'Failed';
  if (status === 'healthy' || status === 'rolling-out') {
    executionStatus = 'Succeeded';
  }
  return {
    entityRef: `component:default/${name}`,
    kind: 'Component',
    owner,
    system: `system:default/system-${(i % 4) + 1}`,
    status,
    pipelines: [
      {
        arn: pipelineArn(name),
        name,
        latestExecution: {
          id: `exec-${i + 1}`,
          status: executionStatus,
          commit: commit(sha, `${name}: change ${i + 1}`),
        },
        failingStage: status === 'failing' ? 'Build' : undefined,
        awaitingApprovals:
          status === 'awaiting-approval'
            ? [{ stageName: 'Approve', actionName: 'ReleaseApproval' }]
            : [],
      },
    ],
    rollouts:
      status === 'rolling-out'
        ? [
            {
              service: name,
              serviceArn: serviceArn(name),
              environment: 'staging',
              state: 'IN_PROGRESS',
            },
          ]
        : [],
    production: {
      environment: 'prod',
      version: `1.${i % 10}.${i}`,
      taskDefinition: `${name}:${i + 1}`,
      commit: commit(sha, `${name}: change ${i + 1}`),
    },
    canApprove: i % 2 === 0,
    refreshedAt: REFRESHED_AT,
  };
}

const toBase64Url = (text: string) =>
  btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const fromBase64Url = (text: string) =>
  atob(text.replace(/-/g, '+').replace(/_/g, '/'));

/**
 * What the backend answers for `query` over `fleet` (every item): filters
 * as `GET /v1/overview` applies them (owner and system as full refs), then
 * one page, with a cursor shaped like the backend's (offset, base64url JSON).
 */
export function answerOverview(
  fleet: FleetOverviewResponse,
  query: URLSearchParams,
): FleetOverviewResponse {
  const owner = query.get('owner');
  const system = query.get('system');
  const status = query.get('status');
  const q = query.get('q')?.trim().toLowerCase();
  const matching = fleet.items.filter(
    e =>
      (!owner || e.owner === owner) &&
      (!system || e.system === system) &&
      (!q ||
        e.entityRef.toLowerCase().includes(q) ||
        (e.title ?? '').toLowerCase().includes(q)),
  );
  const items = status ? matching.filter(e => e.status === status) : matching;
  const limit = Number(query.get('limit') ?? 25);
  const cursor = query.get('cursor');
  const offset = cursor ? JSON.parse(fromBase64Url(cursor)).offset : 0;
  const next = offset + limit;
  return {
    ...fleet,
    items: items.slice(offset, next),
    totalItems: items.length,
    nextCursor:
      next < items.length
        ? toBase64Url(JSON.stringify({ offset: next }))
        : undefined,
    progress: {
      ready: matching.filter(e => e.status !== 'loading').length,
      total: matching.length,
    },
  };
}
