import { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import {
  DescribeServicesCommand,
  ECSClient,
  ListTasksCommand,
} from '@aws-sdk/client-ecs';
import type {
  BackstageCredentials,
  ServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  actionsRegistryServiceFactory,
  actionsServiceFactory,
} from '@backstage/backend-defaults/alpha';
import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type { JsonObject } from '@backstage/types';
import {
  AuthorizeResult,
  type EvaluatePermissionRequest,
} from '@backstage/plugin-permission-common';
import mcpActionsPlugin from '@backstage/plugin-mcp-actions-backend';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { mockClient } from 'aws-sdk-client-mock';
import {
  answerLikeFleetPipelines,
  COMMIT,
  ledgerPipelineArn,
  ordersPipelineArn,
  PREVIOUS_EXECUTION,
} from '../__testUtils__/pipelines';
import { component, startPluginBackend } from '../__testUtils__/testBackend';
import {
  serviceArn,
  steadyServiceInEnvironment,
} from '../services/__fixtures__/ecsServices';

/**
 * What an AI agent sees: Backstage's MCP server (the mcp-actions backend)
 * in front of this plugin's actions, with the real actions service and
 * registry between them — so every call crosses HTTP twice, as in the
 * portal, and the action runs with the MCP caller's credentials.
 */

const codepipeline = mockClient(CodePipelineClient);
const ecs = mockClient(ECSClient);

/** Production approval waits. */
const ordersApi = component('orders-api', {
  'aws.amazon.com/aws-codepipeline-arn': ordersPipelineArn,
  'aws.amazon.com/amazon-ecs-service-arn': serviceArn('orders-api'),
});
/** Its latest execution failed in Build. */
const ledgerWorker = component('ledger-worker', {
  'aws.amazon.com/aws-codepipeline-arn': ledgerPipelineArn,
  'aws.amazon.com/amazon-ecs-service-arn': serviceArn('ledger-worker'),
});

/** May read and approve everything. */
const releaseManager = 'user:default/release-manager';
/** Denied codepipeline.entity.read on ledger-worker, and approvals anywhere. */
const newcomer = 'user:default/newcomer';

function policy(
  request: EvaluatePermissionRequest,
  credentials: BackstageCredentials,
): AuthorizeResult.ALLOW | AuthorizeResult.DENY {
  const { userEntityRef: user } = credentials.principal as {
    userEntityRef?: string;
  };
  if (user === releaseManager) {
    return AuthorizeResult.ALLOW;
  }
  const ref = 'resourceRef' in request ? request.resourceRef ?? '' : '';
  const denied =
    user !== newcomer ||
    request.permission.name === 'codepipeline.approval.review' ||
    (request.permission.name === 'codepipeline.entity.read' &&
      ref === 'component:default/ledger-worker');
  return denied ? AuthorizeResult.DENY : AuthorizeResult.ALLOW;
}

function mockAws() {
  answerLikeFleetPipelines(codepipeline);
  ecs.on(DescribeServicesCommand).callsFake(input => ({
    services: (input.services as string[]).map(name =>
      steadyServiceInEnvironment('dev', name),
    ),
  }));
  ecs.on(ListTasksCommand).resolves({ taskArns: [] });
}

/**
 * The portal's backend as far as MCP goes: the mcp-actions backend, this
 * plugin, and the real actions service and registry (the test backend's
 * defaults are mocks) — plus the given auth and permission services.
 */
async function startPortalBackend(options: {
  services: ServiceFactory[];
  permissions: ServiceFactory;
  config?: JsonObject;
}) {
  const server = await startPluginBackend({
    entities: [ordersApi, ledgerWorker],
    permissions: options.permissions,
    services: [
      mcpActionsPlugin,
      actionsServiceFactory,
      actionsRegistryServiceFactory,
      ...options.services,
    ],
    config: {
      slipway: { environments: { dev: {}, prod: { production: true } } },
      ...options.config,
      backend: {
        actions: { pluginSources: ['codepipeline'] },
        ...(options.config?.backend as JsonObject | undefined),
      },
    },
  });
  return `http://localhost:${server.port()}/api/mcp-actions/v1`;
}

/** Backstage users (mock tokens) under {@link policy}. */
const signedInUsers = {
  services: [
    // No token, no credentials: the default auth policy answers 401.
    mockServices.httpAuth.factory({
      defaultCredentials: mockCredentials.none(),
    }),
  ],
  permissions: mockServices.permissions.mock({
    authorize: async (requests, options) =>
      requests.map(request => ({
        result: policy(
          request as EvaluatePermissionRequest,
          options!.credentials,
        ),
      })),
  }).factory,
};

/** An MCP client (the official SDK, Streamable HTTP) sending `authorization`. */
async function connect(url: string, authorization: string) {
  const client = new Client({ name: 'slipway-mcp-test', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(url), {
      requestInit: { headers: { Authorization: authorization } },
    }),
  );
  return {
    listTools: () => client.listTools(),
    /** Calls a tool and parses its JSON answer (or returns the error text). */
    async call(name: string, args: Record<string, unknown> = {}) {
      const result = await client.callTool({ name, arguments: args });
      const [content] = result.content as { type: string; text: string }[];
      return result.isError
        ? { error: content.text }
        : { output: JSON.parse(content.text).result };
    },
    close: () => client.close(),
  };
}

const connectAs = (url: string, user: string) =>
  connect(url, mockCredentials.user.header(user));

/** POSTs an MCP `initialize` the way a client opens a session. */
function initialize(url: string, headers: Record<string, string>) {
  return fetch(url, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Accept: 'application/json, text/event-stream',
      ...headers,
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: {
        protocolVersion: '2025-06-18',
        capabilities: {},
        clientInfo: { name: 'slipway-mcp-test', version: '1.0.0' },
      },
    }),
  });
}

beforeAll(mockAws);

describe('Slipway over MCP, as signed-in users', () => {
  let url: string;

  beforeAll(async () => {
    url = await startPortalBackend(signedInUsers);
  });

  it('lists Slipway read actions as tools, with their descriptions', async () => {
    const agent = await connectAs(url, releaseManager);
    const { tools } = await agent.listTools();
    await agent.close();

    const byName = Object.fromEntries(tools.map(t => [t.name, t]));
    expect(Object.keys(byName).sort()).toEqual([
      'codepipeline.get-delivery-overview',
      'codepipeline.get-ecs-status',
      'codepipeline.get-pipeline-executions',
      'codepipeline.get-pipeline-status',
      'codepipeline.list-awaiting-approvals',
      'codepipeline.list-failing-deliveries',
    ]);
    expect(byName['codepipeline.list-failing-deliveries']).toMatchObject({
      description: expect.stringMatching(/^What is failing now/),
      annotations: {
        title: 'List failing deliveries',
        readOnlyHint: true,
        destructiveHint: false,
      },
      inputSchema: {
        type: 'object',
        properties: {
          owner: expect.any(Object),
          system: expect.any(Object),
          q: expect.any(Object),
        },
      },
    });
    expect(byName['codepipeline.list-awaiting-approvals'].description).toMatch(
      /^What waits for my approval/,
    );
    expect(tools.every(t => t.annotations?.readOnlyHint)).toBe(true);
  });

  it('answers "what is failing now?" and "what waits for my approval?" from the fleet overview', async () => {
    const agent = await connectAs(url, releaseManager);
    const failing = await agent.call('codepipeline.list-failing-deliveries');
    const approvals = await agent.call('codepipeline.list-awaiting-approvals');
    await agent.close();

    expect(failing.output).toEqual({
      failing: [
        {
          entityRef: 'component:default/ledger-worker',
          owner: 'group:default/payments-team',
          pipelines: [
            {
              arn: ledgerPipelineArn,
              name: 'ledger-worker',
              failingStage: 'Build',
              executionId: PREVIOUS_EXECUTION,
              commit: expect.objectContaining({ id: COMMIT }),
            },
          ],
          failedRollouts: [],
        },
      ],
      totalItems: 1,
      progress: { ready: 2, total: 2 },
    });
    expect(approvals.output).toMatchObject({
      approvals: [
        {
          entityRef: 'component:default/orders-api',
          pipelineArn: ordersPipelineArn,
          stageName: 'Approve-prod',
          actionName: 'Approve',
          commit: { id: COMMIT },
        },
      ],
      totalItems: 1,
    });
  });

  it("answers with the caller's permissions: what a user may not read is not in the answer", async () => {
    const agent = await connectAs(url, newcomer);
    const failing = await agent.call('codepipeline.list-failing-deliveries');
    const approvals = await agent.call('codepipeline.list-awaiting-approvals');
    const overview = await agent.call('codepipeline.get-delivery-overview');
    const status = await agent.call('codepipeline.get-pipeline-status', {
      entityRef: 'component:default/ledger-worker',
    });
    await agent.close();

    expect(failing.output).toMatchObject({ failing: [], totalItems: 0 });
    expect(approvals.output).toMatchObject({ approvals: [], totalItems: 0 });
    expect(
      overview.output.items.map((i: { entityRef: string }) => i.entityRef),
    ).toEqual(['component:default/orders-api']);
    expect(status.error).toBe(
      'NotAllowedError: You are not allowed to codepipeline.entity.read on component:default/ledger-worker',
    );
  });

  it('answers a status question for an entity the caller may read', async () => {
    const agent = await connectAs(url, newcomer);
    const status = await agent.call('codepipeline.get-pipeline-status', {
      entityRef: 'component:default/orders-api',
    });
    await agent.close();

    expect(status.output).toMatchObject({
      entityRef: 'component:default/orders-api',
      pipelines: [{ arn: ordersPipelineArn, name: 'orders-api' }],
    });
  });

  it('refuses a request without a token, or with a token it does not know (401)', async () => {
    expect((await initialize(url, {})).status).toBe(401);
    expect(
      (await initialize(url, { Authorization: 'Bearer not-a-backstage-token' }))
        .status,
    ).toBe(401);
  });
});

describe('Slipway over MCP, with a static external access token', () => {
  const token = 'slipway-mcp-static-token-for-tests';
  const tokenWithoutSlipway = 'catalog-only-static-token-for-tests';
  let url: string;

  beforeAll(async () => {
    url = await startPortalBackend({
      // Backstage's own auth, httpAuth and permission services, as in the portal.
      services: [authServiceFactory, httpAuthServiceFactory],
      permissions: permissionsServiceFactory,
      config: {
        permission: { enabled: true },
        backend: {
          auth: {
            externalAccess: [
              {
                type: 'static',
                options: { token, subject: 'mcp-clients' },
                accessRestrictions: [
                  { plugin: 'mcp-actions' },
                  { plugin: 'codepipeline' },
                ],
              },
              {
                type: 'static',
                options: { token: tokenWithoutSlipway, subject: 'mcp-other' },
                accessRestrictions: [{ plugin: 'mcp-actions' }],
              },
            ],
          },
        },
      },
    });
  });

  it('lists and calls the tools; a service token reads every annotated entity', async () => {
    const agent = await connect(url, `Bearer ${token}`);
    const { tools } = await agent.listTools();
    const failing = await agent.call('codepipeline.list-failing-deliveries');
    const overview = await agent.call('codepipeline.get-delivery-overview');
    await agent.close();

    expect(tools.map(t => t.name)).toContain(
      'codepipeline.list-failing-deliveries',
    );
    expect(failing.output).toMatchObject({
      failing: [{ entityRef: 'component:default/ledger-worker' }],
      totalItems: 1,
    });
    expect(
      overview.output.items.map((i: { entityRef: string }) => i.entityRef),
    ).toEqual([
      'component:default/ledger-worker',
      'component:default/orders-api',
    ]);
  });

  it('offers no Slipway tool to a token whose access restrictions leave out codepipeline', async () => {
    const agent = await connect(url, `Bearer ${tokenWithoutSlipway}`);
    const { tools } = await agent.listTools();
    await agent.close();

    expect(tools).toEqual([]);
  });

  it('refuses a wrong token (401)', async () => {
    expect(
      (await initialize(url, { Authorization: 'Bearer wrong-static-token' }))
        .status,
    ).toBe(401);
  });
});
