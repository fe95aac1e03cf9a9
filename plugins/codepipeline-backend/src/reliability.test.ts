/**
 * Reliability and security suite (issue 8): every case is counted and the
 * totals are printed, so CI output shows what was tried.
 */
import {
  CodePipelineClient,
  GetPipelineCommand,
  GetPipelineStateCommand,
  ListPipelineExecutionsCommand,
} from '@aws-sdk/client-codepipeline';
import {
  DescribeServicesCommand,
  DescribeTasksCommand,
  ECSClient,
  ListTasksCommand,
} from '@aws-sdk/client-ecs';
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { mockClient } from 'aws-sdk-client-mock';
import request from 'supertest';
import {
  executionsPage,
  ledgerPipelineArn,
  ordersPipelineArn,
  pipelineAwaitingApproval,
  pipelineDefinition,
  RUNNING_EXECUTION,
} from './__testUtils__/pipelines';
import {
  component,
  startPluginBackend,
  sts,
} from './__testUtils__/testBackend';
import { steadyRollingService } from './services/__fixtures__/ecsServices';

const codepipeline = mockClient(CodePipelineClient);
const ecs = mockClient(ECSClient);
const tagging = mockClient(ResourceGroupsTaggingAPIClient);
const awsCalls = () =>
  codepipeline.calls().length + ecs.calls().length + tagging.calls().length;

const counts: Record<string, { tried: number; passed: number }> = {};
function count(name: string, passed: boolean) {
  counts[name] ??= { tried: 0, passed: 0 };
  counts[name].tried++;
  if (passed) counts[name].passed++;
}

const entityPath = '/api/codepipeline/v1/entities/component/default/orders-api';
const pipeline = `${entityPath}/pipelines/${encodeURIComponent(
  ordersPipelineArn,
)}`;
const ROUTES: Array<[string, string, object?]> = [
  ['get', '/api/codepipeline/v1/health'],
  ['get', `${entityPath}/pipelines`],
  ['get', `${entityPath}/ecs`],
  ['get', `${pipeline}/executions`],
  ['get', `${pipeline}/executions/${RUNNING_EXECUTION}`],
  ['get', `${pipeline}/stages/Deploy-prod/rollback-targets`],
  ['post', `${pipeline}/executions`, { clientRequestToken: 'tok-1' }],
  [
    'post',
    `${pipeline}/executions/${RUNNING_EXECUTION}/stop`,
    { abandon: false },
  ],
  [
    'post',
    `${pipeline}/stages/Build/retry`,
    { pipelineExecutionId: RUNNING_EXECUTION, mode: 'ALL_ACTIONS' },
  ],
  [
    'post',
    `${pipeline}/stages/Approve-prod/actions/Approve/approval`,
    { decision: 'Approved' },
  ],
  [
    'post',
    `${pipeline}/stages/Deploy-prod/rollback`,
    { targetPipelineExecutionId: RUNNING_EXECUTION },
  ],
  ['put', `${pipeline}/stages/Deploy-prod/transition`, { enabled: true }],
];

const ordersApi = component('orders-api', {
  'aws.amazon.com/aws-codepipeline-arn': `${ordersPipelineArn},${ledgerPipelineArn}`,
  'aws.amazon.com/amazon-ecs-service-arn':
    'arn:aws:ecs:eu-west-1:123456789012:service/payments/checkout-api,arn:aws:ecs:eu-west-1:123456789012:service/payments/ledger-worker',
});

function send(server: any, [method, path, body]: [string, string, object?]) {
  const req = (request(server) as any)[method](path);
  return body ? req.send(body) : req;
}

beforeEach(() => {
  codepipeline.reset();
  ecs.reset();
  tagging.reset();
  sts.reset();
});

afterAll(() => {
  const lines = Object.entries(counts).map(
    ([name, c]) => `  ${name}: ${c.passed}/${c.tried}`,
  );
  // eslint-disable-next-line no-console
  console.log(`reliability and security suite\n${lines.join('\n')}`);
});

describe('authentication and entity scoping', () => {
  it('every route answers 401 to an unauthenticated caller, with no AWS call', async () => {
    const server = await startPluginBackend({ entities: [ordersApi] });
    for (const route of ROUTES) {
      const response = await send(server, route).set(
        'authorization',
        'Bearer not-a-backstage-token',
      );
      count('unauthenticated → 401', response.status === 401);
      expect(response.status).toBe(401);
    }
    expect(awsCalls()).toBe(0);
  });

  it('every entity route answers 404 to a caller who cannot see the entity, with no AWS call', async () => {
    const server = await startPluginBackend({ entities: [] });
    for (const route of ROUTES.slice(1)) {
      const response = await send(server, route);
      count(
        'entity not visible → 404, 0 AWS calls',
        response.status === 404 && awsCalls() === 0,
      );
      expect(response.status).toBe(404);
    }
    expect(awsCalls()).toBe(0);
  });

  it('every write answers 403 without its permission, with no AWS call', async () => {
    for (const route of ROUTES.slice(6)) {
      const server = await startPluginBackend({
        entities: [ordersApi],
        permissionFor: name =>
          name === 'codepipeline.entity.read'
            ? AuthorizeResult.ALLOW
            : AuthorizeResult.DENY,
      });
      const response = await send(server, route);
      count(
        'write without permission → 403, 0 AWS calls',
        response.status === 403 && awsCalls() === 0,
      );
      expect(response.status).toBe(403);
    }
    expect(awsCalls()).toBe(0);
  });
});

describe('fuzzing annotations and route parameters', () => {
  const badAnnotationValues = [
    'arn:aws:codepipeline:us-east-1:999999999999:outside-allowed-account',
    'arn:aws-cn:codepipeline:cn-north-1:999999999999:other-partition',
    'arn:aws:codepipeline:us-east-1:123456789012:',
    'arn:aws:codepipeline::123456789012:no-region',
    'arn:aws:ecs:us-east-1:123456789012:service/cluster/svc',
    'arn:aws:codepipeline:us-east-1:123456789012:name/../../etc/passwd',
    "arn:aws:codepipeline:us-east-1:123456789012:x' OR '1'='1",
    'arn:aws:codepipeline:us-east-1:123456789012:<script>alert(1)</script>',
    '${{ secrets.token }}',
    'arn:aws:codepipeline:us-east-1:123456789012:a\u0000b',
    `arn:aws:codepipeline:us-east-1:123456789012:${'x'.repeat(5000)}`,
    Array.from(
      { length: 50 },
      (_, i) => `arn:aws:codepipeline:us-east-1:123456789012:p${i}`,
    ).join(','),
    ',,,',
    'arn:aws:codepipeline:us-east-1:123456789012:ok, not-an-arn',
  ];
  const badTagValues = [
    'app',
    '=x',
    'a=b,<c>=d',
    `k=${'v'.repeat(300)}`,
    'a=b;DROP TABLE',
    '\u202e=x',
  ];

  it('malformed, foreign and hostile annotation values give 4xx, never 500, and never reach a disallowed account', async () => {
    for (const value of badAnnotationValues) {
      for (const [annotation, route] of [
        ['aws.amazon.com/aws-codepipeline-arn', 'pipelines'],
        ['aws.amazon.com/amazon-ecs-service-arn', 'ecs'],
      ]) {
        codepipeline.reset();
        ecs.reset();
        const server = await startPluginBackend({
          entities: [component('orders-api', { [annotation]: value })],
          config: {
            codepipeline: {
              allowedAccountIds: ['123456789012'],
              aws: { maxAttempts: 1 },
            },
          },
        });
        const response = await request(server).get(`${entityPath}/${route}`);
        // Annotations naming account 999999999999 (not allowed) must not cause any AWS call.
        const reachedOtherAccount =
          value.includes('999999999999') && awsCalls() > 0;
        count(
          'fuzzed annotation → no 500, no disallowed account',
          response.status < 500 && !reachedOtherAccount,
        );
        expect(response.status).toBeLessThan(500);
        expect(reachedOtherAccount).toBe(false);
      }
    }
    for (const value of badTagValues) {
      const server = await startPluginBackend({
        entities: [
          component('orders-api', {
            'aws.amazon.com/aws-codepipeline-tags': value,
          }),
        ],
      });
      const response = await request(server).get(`${entityPath}/pipelines`);
      count('fuzzed tag annotation → 400', response.status === 400);
      expect(response.status).toBe(400);
    }
  });

  it('hostile route parameters give 4xx, never 500', async () => {
    const server = await startPluginBackend({ entities: [ordersApi] });
    const hostile = [
      '..%2F..',
      '%00',
      'a'.repeat(3000),
      '%3Cscript%3E',
      "'%20OR%201%3D1",
      encodeURIComponent('arn:aws:codepipeline:us-east-1:999999999999:x'),
    ];
    for (const value of hostile) {
      for (const path of [
        `/api/codepipeline/v1/entities/component/default/${value}/pipelines`,
        `/api/codepipeline/v1/entities/${value}/default/orders-api/ecs`,
        `${entityPath}/pipelines/${value}/executions`,
        `${entityPath}/pipelines/${encodeURIComponent(
          ordersPipelineArn,
        )}/executions/${value}`,
        `${entityPath}/pipelines/${encodeURIComponent(
          ordersPipelineArn,
        )}/executions?limit=${value}&cursor=${value}`,
      ]) {
        const response = await request(server).get(path);
        count(
          'hostile route parameter → 4xx',
          response.status >= 400 && response.status < 500,
        );
        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(500);
      }
      const write = await request(server)
        .post(
          `${entityPath}/pipelines/${encodeURIComponent(
            ordersPipelineArn,
          )}/stages/${value}/retry`,
        )
        .send({ pipelineExecutionId: value, mode: value });
      count(
        'hostile route parameter → 4xx',
        write.status >= 400 && write.status < 500,
      );
      expect(write.status).toBeLessThan(500);
    }
    expect(codepipeline).not.toHaveReceivedCommand(GetPipelineStateCommand);
  });
});

describe('one failing resource among several', () => {
  const failures: Array<[string, Error]> = [
    [
      'throttling',
      Object.assign(new Error('Rate exceeded'), {
        name: 'ThrottlingException',
        $metadata: { httpStatusCode: 400 },
      }),
    ],
    [
      'timeout',
      Object.assign(new Error('socket hang up'), { name: 'TimeoutError' }),
    ],
    [
      '5xx',
      Object.assign(new Error('We encountered an internal error'), {
        name: 'InternalFailure',
        $metadata: { httpStatusCode: 500 },
      }),
    ],
  ];

  it.each(failures)(
    'a %s on one pipeline leaves the other served',
    async (_kind, error) => {
      codepipeline
        .on(GetPipelineCommand, { name: 'orders-api' })
        .resolves(pipelineDefinition('orders-api'))
        .on(GetPipelineCommand, { name: 'ledger-worker' })
        .resolves(pipelineDefinition('ledger-worker'))
        .on(GetPipelineStateCommand, { name: 'orders-api' })
        .resolves(pipelineAwaitingApproval)
        .on(GetPipelineStateCommand, { name: 'ledger-worker' })
        .rejects(error)
        .on(ListPipelineExecutionsCommand)
        .resolves(
          executionsPage([
            {
              id: RUNNING_EXECUTION,
              status: 'InProgress',
              start: '2026-11-20T10:00:00Z',
            },
          ]),
        );
      const server = await startPluginBackend({ entities: [ordersApi] });
      const response = await request(server).get(`${entityPath}/pipelines`);
      const [orders, ledger] = response.body.pipelines;
      const fine =
        response.status === 200 &&
        Boolean(orders.status) &&
        Boolean(ledger.error);
      count('AWS failure on one of several pipelines → others served', fine);
      expect(fine).toBe(true);
      expect(JSON.stringify(ledger.error)).not.toMatch(/\n\s+at /);
    },
  );

  it.each(failures)(
    'a %s on one ECS cluster leaves the other served',
    async (_kind, error) => {
      const checkout = steadyRollingService('checkout-api');
      ecs
        .on(DescribeServicesCommand, {
          cluster: 'payments',
          services: ['checkout-api', 'ledger-worker'],
        })
        .resolves({
          services: [checkout],
          failures: [
            {
              arn: 'arn:aws:ecs:eu-west-1:123456789012:service/payments/ledger-worker',
              reason: 'MISSING',
            },
          ],
        })
        .on(ListTasksCommand, { serviceName: 'ledger-worker' })
        .rejects(error)
        .on(ListTasksCommand)
        .resolves({ taskArns: [] })
        .on(DescribeTasksCommand)
        .resolves({ tasks: [] });
      const server = await startPluginBackend({ entities: [ordersApi] });
      const response = await request(server).get(`${entityPath}/ecs`);
      const [first, second] = response.body.services;
      const fine =
        response.status === 200 &&
        Boolean(first.status) &&
        Boolean(second.error);
      count('AWS failure on one of several services → others served', fine);
      expect(fine).toBe(true);
    },
  );
});
