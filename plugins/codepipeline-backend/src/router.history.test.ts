import {
  BatchGetBuildsCommand,
  CodeBuildClient,
} from '@aws-sdk/client-codebuild';
import {
  CodePipelineClient,
  GetPipelineExecutionCommand,
  ListActionExecutionsCommand,
  ListPipelineExecutionsCommand,
} from '@aws-sdk/client-codepipeline';
import { mockClient } from 'aws-sdk-client-mock';
import request from 'supertest';
import {
  COMMIT,
  executionsPage,
  ordersPipelineArn,
  PREVIOUS_EXECUTION,
  RUNNING_EXECUTION,
} from './__testUtils__/pipelines';
import {
  component,
  startPluginBackend,
  sts,
} from './__testUtils__/testBackend';

const codepipeline = mockClient(CodePipelineClient);
const codebuild = mockClient(CodeBuildClient);

const ordersApi = component('orders-api', {
  'aws.amazon.com/aws-codepipeline-arn': ordersPipelineArn,
});
const base = `/api/codepipeline/v1/entities/component/default/orders-api/pipelines/${encodeURIComponent(
  ordersPipelineArn,
)}/executions`;
const BUILD_ID = 'orders-api:0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e';

describe('execution history and detail routes', () => {
  beforeEach(() => {
    codepipeline.reset();
    codebuild.reset();
    sts.reset();
  });

  it('pages through the history with an opaque cursor', async () => {
    codepipeline
      .on(ListPipelineExecutionsCommand, {
        pipelineName: 'orders-api',
        maxResults: 2,
        nextToken: undefined,
      })
      .resolves(
        executionsPage(
          [
            {
              id: RUNNING_EXECUTION,
              status: 'InProgress',
              start: '2026-11-20T10:00:00Z',
            },
            {
              id: PREVIOUS_EXECUTION,
              status: 'Succeeded',
              start: '2026-11-19T15:00:00Z',
              end: '2026-11-19T15:09:30Z',
            },
          ],
          'aws-next-token-1',
        ),
      )
      .on(ListPipelineExecutionsCommand, {
        pipelineName: 'orders-api',
        maxResults: 2,
        nextToken: 'aws-next-token-1',
      })
      .resolves(
        executionsPage([
          {
            id: '9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a',
            status: 'Failed',
            start: '2026-11-18T11:00:00Z',
            end: '2026-11-18T11:03:00Z',
          },
        ]),
      );
    const server = await startPluginBackend({ entities: [ordersApi] });

    const first = await request(server).get(`${base}?limit=2`);
    expect(first.status).toBe(200);
    expect(first.body.executions).toHaveLength(2);
    expect(first.body.executions[1]).toMatchObject({
      executionId: PREVIOUS_EXECUTION,
      status: 'Succeeded',
      endTime: '2026-11-19T15:09:30.000Z',
      durationSeconds: 570,
      trigger: { type: 'Webhook' },
      sourceRevisions: [
        { revisionId: COMMIT, revisionSummary: 'Add refunds endpoint' },
      ],
    });
    expect(first.body.nextCursor).toEqual(expect.any(String));
    expect(first.body.nextCursor).not.toContain('aws-next-token');

    const second = await request(server).get(
      `${base}?limit=2&cursor=${first.body.nextCursor}`,
    );
    expect(second.body.executions.map((e: any) => e.status)).toEqual([
      'Failed',
    ]);
    expect(second.body.nextCursor).toBeUndefined();
  });

  it('rejects a forged cursor and a limit out of range with 400s naming the field', async () => {
    const server = await startPluginBackend({ entities: [ordersApi] });
    const forged = await request(server).get(`${base}?cursor=bm90LWEtY3Vyc29y`);
    expect(forged.status).toBe(400);
    expect(forged.body.error.message).toContain('cursor');
    const tooMany = await request(server).get(`${base}?limit=5000`);
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.message).toContain('limit');
    expect(codepipeline).not.toHaveReceivedAnyCommand();
  });

  it('refuses a pipeline that does not belong to the entity (404, no AWS call)', async () => {
    const server = await startPluginBackend({ entities: [ordersApi] });
    const other = encodeURIComponent(
      'arn:aws:codepipeline:us-east-1:123456789012:payroll',
    );
    const response = await request(server).get(
      `/api/codepipeline/v1/entities/component/default/orders-api/pipelines/${other}/executions`,
    );
    expect(response.status).toBe(404);
    expect(codepipeline).not.toHaveReceivedAnyCommand();
  });

  it('shows every action of an execution, with the CodeBuild phases and log link', async () => {
    codepipeline
      .on(GetPipelineExecutionCommand)
      .resolves({
        pipelineExecution: {
          pipelineName: 'orders-api',
          pipelineExecutionId: PREVIOUS_EXECUTION,
          status: 'Failed',
          trigger: {
            triggerType: 'StartPipelineExecution',
            triggerDetail: 'arn:aws:sts::123456789012:assumed-role/dev/jane',
          },
          artifactRevisions: [
            {
              name: 'SourceArtifact',
              revisionId: COMMIT,
              revisionSummary: 'Fix flaky test',
            },
          ],
        },
      })
      .on(ListActionExecutionsCommand)
      .resolves({
        actionExecutionDetails: [
          {
            pipelineExecutionId: PREVIOUS_EXECUTION,
            stageName: 'Build',
            actionName: 'Build',
            status: 'Failed',
            startTime: new Date('2026-11-19T15:01:00Z'),
            lastUpdateTime: new Date('2026-11-19T15:04:00Z'),
            input: {
              actionTypeId: {
                category: 'Build',
                owner: 'AWS',
                provider: 'CodeBuild',
                version: '1',
              },
            },
            output: {
              executionResult: {
                externalExecutionId: BUILD_ID,
                externalExecutionUrl:
                  'https://console.aws.amazon.com/codebuild/home',
                errorDetails: {
                  code: 'JobFailed',
                  message: 'pytest exited with 1',
                },
              },
            },
          },
          {
            pipelineExecutionId: PREVIOUS_EXECUTION,
            stageName: 'Source',
            actionName: 'Source',
            status: 'Succeeded',
            startTime: new Date('2026-11-19T15:00:00Z'),
            lastUpdateTime: new Date('2026-11-19T15:00:20Z'),
            input: {
              actionTypeId: {
                category: 'Source',
                owner: 'AWS',
                provider: 'CodeStarSourceConnection',
                version: '1',
              },
            },
          },
        ],
      });
    codebuild.on(BatchGetBuildsCommand).resolves({
      builds: [
        {
          id: BUILD_ID,
          buildStatus: 'FAILED',
          currentPhase: 'COMPLETED',
          startTime: new Date('2026-11-19T15:01:05Z'),
          endTime: new Date('2026-11-19T15:03:55Z'),
          phases: [
            {
              phaseType: 'INSTALL',
              phaseStatus: 'SUCCEEDED',
              durationInSeconds: 31,
            },
            {
              phaseType: 'BUILD',
              phaseStatus: 'FAILED',
              durationInSeconds: 102,
              contexts: [
                {
                  statusCode: 'COMMAND_EXECUTION_ERROR',
                  message:
                    'Error while executing command: pytest. Reason: exit status 1',
                },
              ],
            },
          ],
          logs: {
            deepLink:
              'https://console.aws.amazon.com/cloudwatch/home?region=us-east-1#logEvent:group=/aws/codebuild/orders-api;stream=0b1c2d3e',
          },
        },
      ],
    });
    const server = await startPluginBackend({ entities: [ordersApi] });
    const response = await request(server).get(`${base}/${PREVIOUS_EXECUTION}`);

    expect(response.status).toBe(200);
    expect(response.body.execution).toMatchObject({
      executionId: PREVIOUS_EXECUTION,
      status: 'Failed',
      startTime: '2026-11-19T15:00:00.000Z',
      endTime: '2026-11-19T15:04:00.000Z',
      durationSeconds: 240,
      sourceRevisions: [
        { shortRevisionId: '4f2a9c1', revisionSummary: 'Fix flaky test' },
      ],
    });
    const build = response.body.actions.find(
      (a: any) => a.actionName === 'Build',
    );
    expect(build).toMatchObject({
      provider: 'CodeBuild',
      status: 'Failed',
      errorDetails: { code: 'JobFailed' },
      build: {
        buildStatus: 'FAILED',
        logsUrl: expect.stringContaining('/aws/codebuild/orders-api'),
        consoleUrl: expect.stringContaining(
          '/codesuite/codebuild/123456789012/projects/orders-api/build/',
        ),
        phases: [
          { phaseType: 'INSTALL', durationSeconds: 31 },
          {
            phaseType: 'BUILD',
            phaseStatus: 'FAILED',
            contexts: [
              'Error while executing command: pytest. Reason: exit status 1',
            ],
          },
        ],
      },
    });
    expect(codebuild).toHaveReceivedCommandTimes(BatchGetBuildsCommand, 1);
  });

  it('rejects an execution id that is not one (400, no AWS call)', async () => {
    const server = await startPluginBackend({ entities: [ordersApi] });
    const response = await request(server).get(`${base}/..%2F..%2Fetc`);
    expect(response.status).toBe(400);
    expect(codepipeline).not.toHaveReceivedAnyCommand();
  });
});
