import {
  CodePipelineClient,
  GetPipelineCommand,
  GetPipelineStateCommand,
  ListPipelineExecutionsCommand,
} from '@aws-sdk/client-codepipeline';
import {
  GetResourcesCommand,
  ResourceGroupsTaggingAPIClient,
} from '@aws-sdk/client-resource-groups-tagging-api';
import { mockClient } from 'aws-sdk-client-mock';
import request from 'supertest';
import {
  ledgerPipelineArn,
  ordersPipelineArn,
  pipelineAwaitingApproval,
  pipelineDefinition,
  pipelineWithFailedBuild,
  executionsPage,
  RUNNING_EXECUTION,
} from './__testUtils__/pipelines';
import {
  component,
  startPluginBackend,
  sts,
} from './__testUtils__/testBackend';
import { AuthorizeResult } from '@backstage/plugin-permission-common';

const codepipeline = mockClient(CodePipelineClient);
const tagging = mockClient(ResourceGroupsTaggingAPIClient);

const ordersApi = component('orders-api', {
  'aws.amazon.com/aws-codepipeline-arn': `${ordersPipelineArn}, ${ledgerPipelineArn}`,
});
const route =
  '/api/codepipeline/v1/entities/component/default/orders-api/pipelines';

function answerLikeAws() {
  codepipeline
    .on(GetPipelineCommand, { name: 'orders-api' })
    .resolves(pipelineDefinition('orders-api'))
    .on(GetPipelineCommand, { name: 'ledger-worker' })
    .resolves(pipelineDefinition('ledger-worker'))
    .on(GetPipelineStateCommand, { name: 'orders-api' })
    .resolves(pipelineAwaitingApproval)
    .on(GetPipelineStateCommand, { name: 'ledger-worker' })
    .resolves(pipelineWithFailedBuild)
    .on(ListPipelineExecutionsCommand)
    .resolves(
      executionsPage([
        {
          id: RUNNING_EXECUTION,
          status: 'InProgress',
          start: '2026-11-20T10:00:00Z',
          end: '2026-11-20T10:04:45Z',
        },
      ]),
    );
}

describe('GET /v1/entities/:kind/:namespace/:name/pipelines', () => {
  beforeEach(() => {
    codepipeline.reset();
    sts.reset();
  });

  it('returns every pipeline of the entity with stages, actions and the latest execution', async () => {
    answerLikeAws();
    const server = await startPluginBackend({ entities: [ordersApi] });
    const response = await request(server).get(route);

    expect(response.status).toBe(200);
    expect(response.body.entityRef).toBe('component:default/orders-api');
    const [orders, ledger] = response.body.pipelines;
    expect(orders.status).toMatchObject({
      name: 'orders-api',
      accountId: '123456789012',
      region: 'us-east-1',
      pipelineType: 'V2',
      consoleUrl:
        'https://us-east-1.console.aws.amazon.com/codesuite/codepipeline/pipelines/orders-api/view?region=us-east-1',
      // Waiting for a reviewer, who may decide in the AWS console: active.
      active: true,
      canStop: true,
      latestExecution: {
        executionId: RUNNING_EXECUTION,
        status: 'InProgress',
        trigger: { type: 'Webhook' },
        sourceRevisions: [
          {
            shortRevisionId: '4f2a9c1',
            revisionSummary: 'Add refunds endpoint',
          },
        ],
      },
    });
    expect(orders.status.stages.map((s: any) => s.name)).toEqual([
      'Source',
      'Build',
      'Approve-prod',
      'Deploy-prod',
    ]);
    const build = orders.status.stages[1].actions[0];
    expect(build).toMatchObject({
      category: 'Build',
      provider: 'CodeBuild',
      status: 'Succeeded',
      externalExecutionUrl: expect.stringContaining('builds/orders-api:'),
    });
    expect(orders.status.stages[2].actions[0]).toMatchObject({
      category: 'Approval',
      awaitingApproval: true,
    });
    expect(orders.status.stages[3].inboundTransition).toEqual({
      enabled: false,
      disabledReason: 'Change freeze until Monday',
      lastChangedBy: 'arn:aws:sts::123456789012:assumed-role/Admin/jane',
      lastChangedAt: '2026-11-19T17:00:00.000Z',
    });
    expect(ledger.status.stages[1]).toMatchObject({
      status: 'Failed',
      actions: [
        {
          status: 'Failed',
          errorDetails: {
            code: 'JobFailed',
            message: expect.stringContaining('pytest'),
          },
        },
      ],
    });
    // ledger-worker has an execution in progress that waits for no one.
    expect(response.body.pollIntervalSeconds).toBe(10);
  });

  it('polls fast while an execution waits at a manual approval', async () => {
    answerLikeAws();
    const server = await startPluginBackend({
      entities: [
        component('orders-api', {
          'aws.amazon.com/aws-codepipeline-arn': ordersPipelineArn,
        }),
      ],
    });
    const response = await request(server).get(route);

    expect(response.body.pipelines[0].status.active).toBe(true);
    expect(response.body.pollIntervalSeconds).toBe(10);
  });

  it('never sends the approval token to the client', async () => {
    answerLikeAws();
    const server = await startPluginBackend({ entities: [ordersApi] });
    const response = await request(server).get(route);
    expect(JSON.stringify(response.body)).not.toContain(
      'secret-approval-token',
    );
  });

  it('serves the second view from the cache, and shares one load between concurrent views', async () => {
    answerLikeAws();
    const server = await startPluginBackend({ entities: [ordersApi] });
    await Promise.all([
      request(server).get(route),
      request(server).get(route),
      request(server).get(route),
    ]);
    await request(server).get(route);
    expect(codepipeline).toHaveReceivedCommandTimes(GetPipelineStateCommand, 2);
    expect(codepipeline).toHaveReceivedCommandTimes(GetPipelineCommand, 2);
    expect(codepipeline).toHaveReceivedCommandTimes(
      ListPipelineExecutionsCommand,
      2,
    );
  });

  it('refresh=true reads AWS again', async () => {
    answerLikeAws();
    const server = await startPluginBackend({ entities: [ordersApi] });
    await request(server).get(route);
    await request(server).get(`${route}?refresh=true`);
    expect(codepipeline).toHaveReceivedCommandTimes(GetPipelineStateCommand, 4);
  });

  it('gives a missing pipeline its own not-found entry while the other is served', async () => {
    answerLikeAws();
    codepipeline.on(GetPipelineStateCommand, { name: 'ledger-worker' }).rejects(
      Object.assign(new Error('Pipeline not found: ledger-worker'), {
        name: 'PipelineNotFoundException',
        $metadata: { httpStatusCode: 400 },
      }),
    );
    const server = await startPluginBackend({ entities: [ordersApi] });
    const response = await request(server).get(route);
    expect(response.status).toBe(200);
    expect(response.body.pipelines[0].status.name).toBe('orders-api');
    expect(response.body.pipelines[1]).toEqual({
      arn: ledgerPipelineArn,
      name: 'ledger-worker',
      error: {
        kind: 'not-found',
        message: 'pipeline ledger-worker was not found in AWS.',
      },
    });
  });

  it('names the missing IAM action when AWS denies access, without a stack trace', async () => {
    answerLikeAws();
    codepipeline
      .on(GetPipelineStateCommand, { name: 'orders-api' })
      .rejects(
        Object.assign(
          new Error(
            'User: arn:aws:sts::123456789012:assumed-role/backstage/i-0abc is not authorized to perform: codepipeline:GetPipelineState on resource: arn:aws:codepipeline:us-east-1:123456789012:orders-api',
          ),
          { name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } },
        ),
      );
    const server = await startPluginBackend({ entities: [ordersApi] });
    const response = await request(server).get(route);
    expect(response.body.pipelines[0].error).toEqual({
      kind: 'access-denied',
      message:
        "AWS denied codepipeline:GetPipelineState on pipeline orders-api: grant it to the Backstage backend's role.",
    });
    expect(JSON.stringify(response.body)).not.toMatch(/at .*\.js:\d+/);
  });

  it("passes AWS's own error text on without ARNs of other accounts", async () => {
    answerLikeAws();
    codepipeline.on(GetPipelineStateCommand, { name: 'orders-api' }).rejects(
      Object.assign(
        new Error(
          'Role arn:aws:iam::210987654321:role/payroll-deployer cannot be assumed by arn:aws:codepipeline:us-east-1:123456789012:orders-api.',
        ),
        {
          name: 'InvalidStructureException',
          $metadata: { httpStatusCode: 400 },
        },
      ),
    );
    const server = await startPluginBackend({ entities: [ordersApi] });
    const response = await request(server).get(route);
    const { error } = response.body.pipelines[0];
    expect(error.kind).toBe('aws-error');
    expect(error.message).toContain('<iam resource of another owner>');
    expect(JSON.stringify(response.body)).not.toContain('210987654321');
  });

  it('says the entity is not annotated, naming the annotations (404)', async () => {
    const server = await startPluginBackend({
      entities: [component('orders-api', {})],
    });
    const response = await request(server).get(route);
    expect(response.status).toBe(404);
    expect(response.body.error.name).toBe('NotAnnotatedError');
    expect(response.body.error.message).toContain(
      'aws.amazon.com/aws-codepipeline-arn',
    );
    expect(codepipeline).not.toHaveReceivedAnyCommand();
  });

  it('rejects a malformed ARN annotation with a 400 naming the annotation and value', async () => {
    const server = await startPluginBackend({
      entities: [
        component('orders-api', {
          'aws.amazon.com/aws-codepipeline-arn': 'orders-api-pipeline',
        }),
      ],
    });
    const response = await request(server).get(route);
    expect(response.status).toBe(400);
    expect(response.body.error.message).toBe(
      'Annotation aws.amazon.com/aws-codepipeline-arn has an invalid value "orders-api-pipeline": expected a comma-separated list of ARNs',
    );
    expect(codepipeline).not.toHaveReceivedAnyCommand();
  });

  it('rejects an ARN of the wrong service in the pipeline annotation', async () => {
    const server = await startPluginBackend({
      entities: [
        component('orders-api', {
          'aws.amazon.com/aws-codepipeline-arn':
            'arn:aws:ecs:us-east-1:123456789012:service/prod/orders-api',
        }),
      ],
    });
    const response = await request(server).get(route);
    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain(
      'expected arn:aws:codepipeline:',
    );
  });

  it('refuses an account the configuration does not allow, before any AWS call (403)', async () => {
    const server = await startPluginBackend({
      entities: [ordersApi],
      config: {
        codepipeline: {
          allowedAccountIds: ['210987654321'],
          aws: { maxAttempts: 1 },
        },
      },
    });
    const response = await request(server).get(route);
    expect(response.status).toBe(403);
    expect(response.body.error.message).toContain(
      'is in AWS account 123456789012, which codepipeline.allowedAccountIds does not allow',
    );
    expect(codepipeline).not.toHaveReceivedAnyCommand();
  });

  it('answers 404 with no AWS call for an entity the caller cannot see', async () => {
    const server = await startPluginBackend({ entities: [] });
    const response = await request(server).get(route);
    expect(response.status).toBe(404);
    expect(codepipeline).not.toHaveReceivedAnyCommand();
  });

  it('a tag annotation matching hundreds of pipelines shows the first 20, says so, and calls AWS for those only', async () => {
    // 201 pipelines tagged env=prod in each of 3 regions, 100 a page.
    tagging.on(GetResourcesCommand).callsFake(async (input, getClient) => {
      const region = await getClient().config.region();
      const start = Number(input.PaginationToken ?? 0);
      const count = Math.min(100, 201 - start);
      return {
        ResourceTagMappingList: Array.from({ length: count }, (_, i) => ({
          ResourceARN: `arn:aws:codepipeline:${region}:123456789012:team-${
            start + i
          }`,
        })),
        PaginationToken: start + 100 < 201 ? String(start + 100) : undefined,
      };
    });
    codepipeline
      .on(GetPipelineCommand)
      .callsFake(async ({ name }) => pipelineDefinition(name))
      .on(GetPipelineStateCommand)
      .resolves(pipelineWithFailedBuild)
      .on(ListPipelineExecutionsCommand)
      .resolves(executionsPage([]));
    const server = await startPluginBackend({
      entities: [
        component('everything', {
          'aws.amazon.com/aws-codepipeline-tags': 'env=prod',
        }),
      ],
      config: {
        codepipeline: {
          aws: { maxAttempts: 1 },
          tagSearch: { regions: ['us-east-1', 'eu-west-1', 'ap-south-1'] },
        },
      },
    });

    const response = await request(server).get(
      '/api/codepipeline/v1/entities/component/default/everything/pipelines',
    );

    expect(response.status).toBe(200);
    expect(response.body.truncated).toBe(true);
    const shown = response.body.pipelines.filter((p: any) => p.status);
    expect(shown).toHaveLength(20);
    expect(response.body.pipelines).toContainEqual(
      expect.objectContaining({
        error: expect.objectContaining({
          kind: 'truncated',
          message: expect.stringContaining('More than 20 pipelines'),
        }),
      }),
    );
    // Before the ceiling: 603 pipelines and 1,800 CodePipeline calls in one view.
    expect(tagging.commandCalls(GetResourcesCommand)).toHaveLength(1);
    expect(codepipeline.commandCalls(GetPipelineStateCommand)).toHaveLength(20);
    expect(codepipeline.calls().length).toBeLessThanOrEqual(60);
    tagging.reset();
  });

  it('answers 403 with no AWS call without codepipeline.entity.read', async () => {
    const server = await startPluginBackend({
      entities: [ordersApi],
      permission: AuthorizeResult.DENY,
    });
    const response = await request(server).get(route);
    expect(response.status).toBe(403);
    expect(codepipeline).not.toHaveReceivedAnyCommand();
  });

  it('refuses unauthenticated callers (401)', async () => {
    const server = await startPluginBackend({ entities: [ordersApi] });
    const response = await request(server)
      .get(route)
      .set('authorization', 'Bearer forged');
    expect(response.status).toBe(401);
    expect(codepipeline).not.toHaveReceivedAnyCommand();
  });

  it('rejects a malformed entity reference (400)', async () => {
    const server = await startPluginBackend({ entities: [ordersApi] });
    const response = await request(server).get(
      '/api/codepipeline/v1/entities/component/default/%3Cscript%3E/pipelines',
    );
    expect(response.status).toBe(400);
  });
});
