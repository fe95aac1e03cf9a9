import {
  CodePipelineClient,
  DisableStageTransitionCommand,
  EnableStageTransitionCommand,
  GetPipelineCommand,
  GetPipelineExecutionCommand,
  GetPipelineStateCommand,
  ListPipelineExecutionsCommand,
  ListTagsForResourceCommand,
  PutApprovalResultCommand,
  RetryStageExecutionCommand,
  RollbackStageCommand,
  StartPipelineExecutionCommand,
  StopPipelineExecutionCommand,
} from '@aws-sdk/client-codepipeline';
import { mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { mockClient } from 'aws-sdk-client-mock';
import request from 'supertest';
import {
  COMMIT,
  executionsPage,
  ordersPipelineArn,
  pipelineAwaitingApproval,
  pipelineDefinition,
  PREVIOUS_EXECUTION,
  RUNNING_EXECUTION,
} from './__testUtils__/pipelines';
import {
  component,
  startPluginBackend,
  sts,
} from './__testUtils__/testBackend';

const codepipeline = mockClient(CodePipelineClient);

const ordersApi = component('orders-api', {
  'aws.amazon.com/aws-codepipeline-arn': ordersPipelineArn,
});
const base = `/api/codepipeline/v1/entities/component/default/orders-api/pipelines/${encodeURIComponent(
  ordersPipelineArn,
)}`;
const statusRoute =
  '/api/codepipeline/v1/entities/component/default/orders-api/pipelines';

// aws-sdk-client-mock's matchers are typed per command; these lists mix commands.
type AnyCommand = any;

const WRITE_COMMANDS: AnyCommand[] = [
  StartPipelineExecutionCommand,
  StopPipelineExecutionCommand,
  RetryStageExecutionCommand,
  PutApprovalResultCommand,
  RollbackStageCommand,
  EnableStageTransitionCommand,
  DisableStageTransitionCommand,
];

function awsError(name: string, message = name) {
  return Object.assign(new Error(message), {
    name,
    $metadata: { httpStatusCode: 400 },
  });
}

/** The tags a Slipway-created pipeline carries. */
function taggedAs(componentTag: string, owner: string) {
  return {
    tags: [
      { key: 'slipway:component', value: componentTag },
      { key: 'slipway:owner', value: owner },
      { key: 'slipway:managed-by', value: 'backstage' },
    ],
  };
}

function answerReads() {
  codepipeline
    // The pipeline as the scaffolder tags it: orders-api's, for its owner.
    .on(ListTagsForResourceCommand)
    .resolves(taggedAs('default/orders-api', 'group:default/payments-team'))
    .on(GetPipelineCommand)
    .resolves(pipelineDefinition('orders-api'))
    .on(GetPipelineExecutionCommand)
    .resolves({
      pipelineExecution: {
        pipelineName: 'orders-api',
        pipelineExecutionId: PREVIOUS_EXECUTION,
        status: 'Succeeded',
      },
    })
    .on(GetPipelineStateCommand)
    .resolves(pipelineAwaitingApproval)
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
}

/** Every write route with a valid body, the permission it needs and the AWS command it sends. */
const routes: Array<{
  name: string;
  permission: string;
  send: (r: request.Agent) => request.Test;
  command: AnyCommand;
}> = [
  {
    name: 'start',
    permission: 'codepipeline.execution.start',
    send: (r: request.Agent) =>
      r.post(`${base}/executions`).send({
        clientRequestToken: 'b5c1a1e2-click-1',
        sourceRevision: { actionName: 'Source', commitId: COMMIT },
      }),
    command: StartPipelineExecutionCommand,
  },
  {
    name: 'stop',
    permission: 'codepipeline.execution.stop',
    send: (r: request.Agent) =>
      r
        .post(`${base}/executions/${RUNNING_EXECUTION}/stop`)
        .send({ abandon: false, reason: 'Wrong commit' }),
    command: StopPipelineExecutionCommand,
  },
  {
    name: 'retry',
    permission: 'codepipeline.stage.retry',
    send: (r: request.Agent) =>
      r.post(`${base}/stages/Build/retry`).send({
        pipelineExecutionId: RUNNING_EXECUTION,
        mode: 'FAILED_ACTIONS',
      }),
    command: RetryStageExecutionCommand,
  },
  {
    name: 'approve',
    permission: 'codepipeline.approval.review',
    send: (r: request.Agent) =>
      r
        .post(`${base}/stages/Approve-prod/actions/Approve/approval`)
        .send({ decision: 'Approved', comment: 'Ship it' }),
    command: PutApprovalResultCommand,
  },
  {
    name: 'rollback',
    permission: 'codepipeline.stage.rollback',
    send: (r: request.Agent) =>
      r
        .post(`${base}/stages/Deploy-prod/rollback`)
        .send({ targetPipelineExecutionId: PREVIOUS_EXECUTION }),
    command: RollbackStageCommand,
  },
  {
    name: 'disable transition',
    permission: 'codepipeline.transition.toggle',
    send: (r: request.Agent) =>
      r
        .put(`${base}/stages/Deploy-prod/transition`)
        .send({ enabled: false, reason: 'Change freeze' }),
    command: DisableStageTransitionCommand,
  },
];

describe('write routes', () => {
  beforeEach(() => {
    codepipeline.reset();
    sts.reset();
    answerReads();
    codepipeline
      .on(StartPipelineExecutionCommand)
      .resolves({ pipelineExecutionId: '0e9d8c7b-6a5f-4e3d-8c2b-1a0f9e8d7c6b' })
      .on(StopPipelineExecutionCommand)
      .resolves({ pipelineExecutionId: RUNNING_EXECUTION })
      .on(RetryStageExecutionCommand)
      .resolves({ pipelineExecutionId: RUNNING_EXECUTION })
      .on(PutApprovalResultCommand)
      .resolves({ approvedAt: new Date('2026-11-20T10:30:00Z') })
      .on(RollbackStageCommand)
      .resolves({ pipelineExecutionId: '7c6b5a4f-3e2d-4c1b-8a9f-8e7d6c5b4a3f' })
      .on(DisableStageTransitionCommand)
      .resolves({});
  });

  it.each(routes)(
    '$name: succeeds, and is recorded by the auditor',
    async route => {
      const auditor = mockServices.auditor.mock();
      const event = { success: jest.fn(), fail: jest.fn() };
      auditor.createEvent.mockResolvedValue(event);
      const server = await startPluginBackend({
        entities: [ordersApi],
        auditor,
      });

      const response = await route.send(request(server) as any);

      expect(response.status).toBeLessThan(300);
      expect(codepipeline).toHaveReceivedCommandTimes(route.command, 1);
      expect(auditor.createEvent).toHaveBeenCalledWith(
        expect.objectContaining({
          meta: expect.objectContaining({
            entityRef: 'component:default/orders-api',
            pipelineArn: ordersPipelineArn,
          }),
        }),
      );
      expect(event.success).toHaveBeenCalled();
      expect(event.fail).not.toHaveBeenCalled();
    },
  );

  it.each(routes)(
    '$name: 403 without its own permission, and no AWS call',
    async route => {
      const server = await startPluginBackend({
        entities: [ordersApi],
        permissionFor: name =>
          name === route.permission
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
      });
      const response = await route.send(request(server) as any);
      expect(response.status).toBe(403);
      expect(response.body.error.message).toContain(route.permission);
      for (const command of [
        ...WRITE_COMMANDS,
        GetPipelineCommand,
        GetPipelineStateCommand,
      ]) {
        expect(codepipeline).not.toHaveReceivedCommand(command);
      }
    },
  );

  it('start passes the idempotency token and the commit, and answers with the new execution id', async () => {
    const server = await startPluginBackend({ entities: [ordersApi] });
    const response = await routes[0].send(request(server) as any);
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      pipelineExecutionId: '0e9d8c7b-6a5f-4e3d-8c2b-1a0f9e8d7c6b',
    });
    expect(codepipeline).toHaveReceivedCommandWith(
      StartPipelineExecutionCommand,
      {
        name: 'orders-api',
        clientRequestToken: 'b5c1a1e2-click-1',
        sourceRevisions: [
          {
            actionName: 'Source',
            revisionType: 'COMMIT_ID',
            revisionValue: COMMIT,
          },
        ],
      },
    );
  });

  it('approve fetches the current token itself and names the Backstage user in the summary', async () => {
    const server = await startPluginBackend({ entities: [ordersApi] });
    const response = await routes[3].send(request(server) as any);
    expect(response.body).toEqual({ approvedAt: '2026-11-20T10:30:00.000Z' });
    expect(codepipeline).toHaveReceivedCommandWith(PutApprovalResultCommand, {
      pipelineName: 'orders-api',
      stageName: 'Approve-prod',
      actionName: 'Approve',
      token: '3e2f1a0b-secret-approval-token',
      result: {
        status: 'Approved',
        summary: 'Ship it — Approved by user:default/mock via Backstage',
      },
    });
  });

  it('a write makes the cached status stale, so the next read shows the change', async () => {
    const server = await startPluginBackend({ entities: [ordersApi] });
    await request(server).get(statusRoute);
    await request(server).get(statusRoute);
    expect(codepipeline).toHaveReceivedCommandTimes(GetPipelineStateCommand, 1);

    await routes[3].send(request(server) as any);
    await request(server).get(statusRoute);
    // One read for the status, one for the approval token, one after the write.
    expect(codepipeline).toHaveReceivedCommandTimes(GetPipelineStateCommand, 3);
  });

  it.each([
    ['StageNotRetryableException', 'stage-not-retryable', 2],
    ['NotLatestPipelineExecutionException', 'not-latest-execution', 2],
    ['ApprovalAlreadyCompletedException', 'approval-already-decided', 3],
    ['PipelineExecutionNotStoppableException', 'execution-not-stoppable', 1],
    ['UnableToRollbackStageException', 'rollback-target-invalid', 4],
    [
      'ConcurrentPipelineExecutionsLimitExceededException',
      'concurrent-execution-limit',
      0,
    ],
  ] as const)(
    'AWS %s becomes a 409 (%s) the UI can show',
    async (awsName, reason, index) => {
      const route = routes[index];
      codepipeline
        .on(route.command)
        .rejects(
          awsError(
            awsName,
            `raw ${awsName} text with arn:aws:iam::123456789012:role/x`,
          ),
        );
      const auditor = mockServices.auditor.mock();
      const event = { success: jest.fn(), fail: jest.fn() };
      auditor.createEvent.mockResolvedValue(event);
      const server = await startPluginBackend({
        entities: [ordersApi],
        auditor,
      });

      const response = await route.send(request(server) as any);

      expect(response.status).toBe(409);
      expect(response.body.error).toMatchObject({
        name: 'ConflictError',
        reason,
      });
      expect(response.body.error.message).not.toContain('raw');
      // An expected conflict is audited by name and message, without a stack trace.
      expect(event.fail).toHaveBeenCalledTimes(1);
      const audited = event.fail.mock.calls[0][0].error as Error;
      expect(audited).toMatchObject({
        name: 'ConflictError',
        message: response.body.error.message,
      });
      expect(audited.stack).toBeUndefined();
    },
  );

  it('audits an unexpected AWS failure (a 503) with its stack trace', async () => {
    codepipeline
      .on(StartPipelineExecutionCommand)
      .rejects(
        awsError('NotImplementedException', 'moto_server does not emulate'),
      );
    const auditor = mockServices.auditor.mock();
    const event = { success: jest.fn(), fail: jest.fn() };
    auditor.createEvent.mockResolvedValue(event);
    const server = await startPluginBackend({ entities: [ordersApi], auditor });

    const response = await routes[0].send(request(server) as any);

    expect(response.status).toBe(503);
    const audited = event.fail.mock.calls[0][0].error as Error;
    expect(audited.name).toBe('ServiceUnavailableError');
    expect(audited.stack).toContain('ServiceUnavailableError');
  });

  it('approve when nothing waits is a 409 without calling PutApprovalResult', async () => {
    codepipeline.on(GetPipelineStateCommand).resolves({ stageStates: [] });
    const server = await startPluginBackend({ entities: [ordersApi] });
    const response = await routes[3].send(request(server) as any);
    expect(response.status).toBe(409);
    expect(response.body.error.reason).toBe('no-pending-approval');
    expect(codepipeline).not.toHaveReceivedCommand(PutApprovalResultCommand);
  });

  it.each([
    [
      'an empty reject comment',
      'post',
      '/stages/Approve-prod/actions/Approve/approval',
      { decision: 'Rejected', comment: '  ' },
      'comment',
    ],
    [
      'an unknown decision',
      'post',
      '/stages/Approve-prod/actions/Approve/approval',
      { decision: 'Maybe' },
      'decision',
    ],
    [
      'a malformed commit id',
      'post',
      '/executions',
      {
        clientRequestToken: 't-1',
        sourceRevision: { actionName: 'Source', commitId: 'main' },
      },
      'sourceRevision.commitId',
    ],
    [
      'a missing idempotency token',
      'post',
      '/executions',
      {},
      'clientRequestToken',
    ],
    [
      'an unknown retry mode',
      'post',
      '/stages/Build/retry',
      { pipelineExecutionId: RUNNING_EXECUTION, mode: 'EVERYTHING' },
      'mode',
    ],
    [
      'a disable without a reason',
      'put',
      '/stages/Deploy-prod/transition',
      { enabled: false },
      'reason',
    ],
    [
      'a rollback target that is not an id',
      'post',
      '/stages/Deploy-prod/rollback',
      { targetPipelineExecutionId: 'latest' },
      'targetPipelineExecutionId',
    ],
    [
      'an unexpected field',
      'post',
      `/executions/${RUNNING_EXECUTION}/stop`,
      { abandon: true, force: true },
      'force',
    ],
  ])(
    '400 naming the field for %s, before any AWS call',
    async (_, method, path, body, field) => {
      const server = await startPluginBackend({ entities: [ordersApi] });
      const agent = request(server) as any;
      const response = await agent[method](`${base}${path}`).send(body);
      expect(response.status).toBe(400);
      expect(response.body.error.message).toContain(field);
      expect(codepipeline).not.toHaveReceivedAnyCommand();
    },
  );

  it.each([
    [
      'an unknown stage',
      '/stages/Nope/retry',
      { pipelineExecutionId: RUNNING_EXECUTION, mode: 'ALL_ACTIONS' },
      'stageName',
    ],
    [
      'an action that is not an approval',
      '/stages/Build/actions/Build/approval',
      { decision: 'Approved' },
      'actionName',
    ],
    [
      'a source action that does not exist',
      '/executions',
      {
        clientRequestToken: 't-2',
        sourceRevision: { actionName: 'Checkout', commitId: COMMIT },
      },
      'sourceRevision.actionName',
    ],
  ])('400 for %s, with no write sent to AWS', async (_, path, body, field) => {
    const server = await startPluginBackend({ entities: [ordersApi] });
    const response = await request(server).post(`${base}${path}`).send(body);
    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain(field);
    for (const command of WRITE_COMMANDS) {
      expect(codepipeline).not.toHaveReceivedCommand(command);
    }
  });

  it("cannot act on a pipeline that is not the entity's", async () => {
    const server = await startPluginBackend({ entities: [ordersApi] });
    const other = encodeURIComponent(
      'arn:aws:codepipeline:us-east-1:123456789012:payroll',
    );
    const response = await request(server)
      .post(
        `/api/codepipeline/v1/entities/component/default/orders-api/pipelines/${other}/executions`,
      )
      .send({ clientRequestToken: 't-3' });
    expect(response.status).toBe(404);
    expect(codepipeline).not.toHaveReceivedAnyCommand();
  });

  it('lists rollback targets without the execution currently in the stage', async () => {
    codepipeline
      .on(ListPipelineExecutionsCommand, {
        filter: { succeededInStage: { stageName: 'Deploy-prod' } },
      })
      .resolves(
        executionsPage([
          {
            id: PREVIOUS_EXECUTION,
            status: 'Succeeded',
            start: '2026-11-19T15:00:00Z',
          },
          {
            id: '2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e',
            status: 'Succeeded',
            start: '2026-11-18T15:00:00Z',
          },
        ]),
      );
    const server = await startPluginBackend({ entities: [ordersApi] });
    const response = await request(server).get(
      `${base}/stages/Deploy-prod/rollback-targets`,
    );
    expect(response.status).toBe(200);
    expect(
      response.body.targets.map((t: any) => t.pipelineExecutionId),
    ).toEqual(['2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e']);
  });

  describe('ownership of the AWS resource (codepipeline.writes.checkOwnershipTags)', () => {
    it.each(routes)(
      "$name: 403 not-owned when the pipeline's slipway tags name another component",
      async route => {
        codepipeline
          .on(ListTagsForResourceCommand)
          .resolves(taggedAs('default/payroll', 'group:default/payroll-team'));
        const auditor = mockServices.auditor.mock();
        const event = { success: jest.fn(), fail: jest.fn() };
        auditor.createEvent.mockResolvedValue(event);
        const server = await startPluginBackend({
          entities: [ordersApi],
          auditor,
        });

        const response = await route.send(request(server) as any);

        expect(response.status).toBe(403);
        expect(response.body.error).toMatchObject({
          name: 'NotAllowedError',
          reason: 'not-owned',
        });
        expect(response.body.error.message).toContain("'default/payroll'");
        expect(codepipeline).toHaveReceivedCommandWith(
          ListTagsForResourceCommand,
          { resourceArn: ordersPipelineArn },
        );
        for (const command of WRITE_COMMANDS) {
          expect(codepipeline).not.toHaveReceivedCommand(command);
        }
        expect(event.fail).toHaveBeenCalledTimes(1);
      },
    );

    it('403 naming the other owner when only the owner tag differs', async () => {
      codepipeline
        .on(ListTagsForResourceCommand)
        .resolves(taggedAs('default/orders-api', 'group:default/payroll-team'));
      const server = await startPluginBackend({ entities: [ordersApi] });
      const response = await routes[3].send(request(server) as any);
      expect(response.status).toBe(403);
      expect(response.body.error.reason).toBe('not-owned');
      expect(response.body.error.message).toContain(
        'group:default/payroll-team',
      );
      expect(codepipeline).not.toHaveReceivedCommand(PutApprovalResultCommand);
    });

    it.each([
      [
        'the namespaced component and the owner ref',
        'default/orders-api',
        'group:default/payments-team',
      ],
      [
        'the bare name of older resources and a short owner',
        'orders-api',
        'payments-team',
      ],
    ])('acts when the tags carry %s', async (_, componentTag, ownerTag) => {
      codepipeline
        .on(ListTagsForResourceCommand)
        .resolves(taggedAs(componentTag, ownerTag));
      const server = await startPluginBackend({ entities: [ordersApi] });
      const response = await routes[3].send(request(server) as any);
      expect(response.status).toBe(200);
      expect(codepipeline).toHaveReceivedCommandTimes(
        PutApprovalResultCommand,
        1,
      );
    });

    it('acts on a pipeline without slipway tags by default, and refuses it when allowUntaggedResources is false', async () => {
      codepipeline.on(ListTagsForResourceCommand).resolves({ tags: [] });
      const lenient = await startPluginBackend({ entities: [ordersApi] });
      expect((await routes[3].send(request(lenient) as any)).status).toBe(200);

      const strict = await startPluginBackend({
        entities: [ordersApi],
        config: {
          codepipeline: {
            aws: { maxAttempts: 1 },
            writes: { allowUntaggedResources: false },
          },
        },
      });
      const response = await routes[3].send(request(strict) as any);
      expect(response.status).toBe(403);
      expect(response.body.error.reason).toBe('not-owned');
      expect(response.body.error.message).toContain('allowUntaggedResources');
    });

    it('does not read tags when the check is off', async () => {
      codepipeline
        .on(ListTagsForResourceCommand)
        .resolves(taggedAs('default/payroll', 'group:default/payroll-team'));
      const server = await startPluginBackend({
        entities: [ordersApi],
        config: {
          codepipeline: {
            aws: { maxAttempts: 1 },
            writes: { checkOwnershipTags: false },
          },
        },
      });
      expect((await routes[3].send(request(server) as any)).status).toBe(200);
      expect(codepipeline).not.toHaveReceivedCommand(
        ListTagsForResourceCommand,
      );
    });

    it('reads the tags once for several writes, and never for reads', async () => {
      codepipeline
        .on(ListTagsForResourceCommand)
        .resolves(
          taggedAs('default/orders-api', 'group:default/payments-team'),
        );
      const server = await startPluginBackend({ entities: [ordersApi] });
      await request(server).get(statusRoute);
      expect(codepipeline).not.toHaveReceivedCommand(
        ListTagsForResourceCommand,
      );
      await routes[0].send(request(server) as any);
      await routes[3].send(request(server) as any);
      expect(codepipeline).toHaveReceivedCommandTimes(
        ListTagsForResourceCommand,
        1,
      );
    });
  });

  describe('messages say what is missing', () => {
    it.each([
      {
        missing: 'execution',
        route: 1,
        command: StopPipelineExecutionCommand,
        error: 'PipelineExecutionNotFoundException',
        message: `Execution ${RUNNING_EXECUTION} of pipeline orders-api was not found in AWS.`,
      },
      {
        missing: 'stage',
        route: 2,
        command: RetryStageExecutionCommand,
        error: 'StageNotFoundException',
        message: 'Stage Build of pipeline orders-api was not found in AWS.',
      },
      {
        missing: 'pipeline',
        route: 0,
        command: StartPipelineExecutionCommand,
        error: 'PipelineNotFoundException',
        message: 'Pipeline orders-api was not found in AWS.',
      },
    ])(
      'a missing $missing is named as such (404)',
      async ({ route, command, error, message }) => {
        codepipeline.on(command as any).rejects(awsError(error));
        const server = await startPluginBackend({ entities: [ordersApi] });
        const response = await routes[route].send(request(server) as any);
        expect(response.status).toBe(404);
        expect(response.body.error.message).toBe(message);
      },
    );

    it("a rollback to another pipeline's execution is a 409 rollback-target-invalid, before RollbackStage", async () => {
      codepipeline
        .on(GetPipelineExecutionCommand)
        .rejects(awsError('PipelineExecutionNotFoundException'));
      const server = await startPluginBackend({ entities: [ordersApi] });
      const response = await routes[4].send(request(server) as any);
      expect(response.status).toBe(409);
      expect(response.body.error.reason).toBe('rollback-target-invalid');
      expect(response.body.error.message).toContain(PREVIOUS_EXECUTION);
      expect(response.body.error.message).toContain('orders-api');
      expect(codepipeline).toHaveReceivedCommandWith(
        GetPipelineExecutionCommand,
        { pipelineName: 'orders-api', pipelineExecutionId: PREVIOUS_EXECUTION },
      );
      expect(codepipeline).not.toHaveReceivedCommand(RollbackStageCommand);
    });

    it("AWS error text reaches the browser without other accounts' ARNs", async () => {
      codepipeline
        .on(StartPipelineExecutionCommand)
        .rejects(
          awsError(
            'InvalidStructureException',
            `Role arn:aws:iam::999988887777:role/payroll-deployer cannot act on ${ordersPipelineArn}`,
          ),
        );
      const server = await startPluginBackend({ entities: [ordersApi] });
      const response = await routes[0].send(request(server) as any);
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.body.error.message).not.toContain('999988887777');
      expect(response.body.error.message).not.toContain('payroll-deployer');
      expect(response.body.error.message).toContain(ordersPipelineArn);
    });
  });
});
