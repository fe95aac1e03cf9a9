import { MockFetchApi } from '@backstage/test-utils';
import { CodePipelineClient } from './CodePipelineClient';

const discoveryApi = {
  getBaseUrl: async (pluginId: string) =>
    `http://backstage.test/api/${pluginId}`,
};

describe('CodePipelineClient', () => {
  it('calls the versioned health route through fetchApi', async () => {
    const calls: string[] = [];
    const fetchApi = new MockFetchApi({
      baseImplementation: async (input: any) => {
        calls.push(String(input));
        return new Response(
          JSON.stringify({ status: 'ok', aws: { configured: false } }),
          { status: 200, headers: { 'content-type': 'application/json' } },
        );
      },
    });
    const client = new CodePipelineClient({ discoveryApi, fetchApi });
    await expect(client.getHealth()).resolves.toMatchObject({ status: 'ok' });
    expect(calls).toEqual(['http://backstage.test/api/codepipeline/v1/health']);
  });

  it('builds the versioned entity routes the backend serves', async () => {
    const calls: string[] = [];
    const fetchApi = new MockFetchApi({
      baseImplementation: async (input: any) => {
        calls.push(String(input));
        return new Response('{}', { status: 200 });
      },
    });
    const client = new CodePipelineClient({ discoveryApi, fetchApi });
    const entity = {
      kind: 'Component',
      namespace: 'default',
      name: 'orders-api',
    };
    const arn = 'arn:aws:codepipeline:us-east-1:123456789012:orders-api';
    await client.getPipelines(entity, { refresh: true });
    await client.getExecutions(entity, arn, { limit: 10, cursor: 'abc' });
    await client.getExecution(
      entity,
      arn,
      '8d6b1c2a-3f4e-4a5b-9c8d-7e6f5a4b3c2d',
    );
    await client.getEcsServices(entity);
    await client.getTimeline(entity, { limit: 15 });
    await client.getDoraMetrics(entity, 90);
    await client.getDoraMetrics(entity, 7, { refresh: true });
    const base =
      'http://backstage.test/api/codepipeline/v1/entities/component/default/orders-api';
    const encodedArn =
      'arn%3Aaws%3Acodepipeline%3Aus-east-1%3A123456789012%3Aorders-api';
    expect(calls).toEqual([
      `${base}/pipelines?refresh=true`,
      `${base}/pipelines/${encodedArn}/executions?limit=10&cursor=abc`,
      `${base}/pipelines/${encodedArn}/executions/8d6b1c2a-3f4e-4a5b-9c8d-7e6f5a4b3c2d`,
      `${base}/ecs`,
      `${base}/timeline?limit=15`,
      `${base}/dora?windowDays=90`,
      `${base}/dora?windowDays=7&refresh=true`,
    ]);
  });

  it('sends the write routes with their method and JSON body', async () => {
    const calls: Array<{ url: string; method?: string; body?: string }> = [];
    const fetchApi = new MockFetchApi({
      baseImplementation: async (input: any, init?: RequestInit) => {
        calls.push({
          url: String(input),
          method: init?.method,
          body: init?.body as string,
        });
        return init?.method === 'PUT'
          ? new Response(null, { status: 204 })
          : new Response('{"pipelineExecutionId":"e-1"}', { status: 200 });
      },
    });
    const client = new CodePipelineClient({ discoveryApi, fetchApi });
    const entity = {
      kind: 'Component',
      namespace: 'default',
      name: 'orders-api',
    };
    const arn = 'arn:aws:codepipeline:us-east-1:123456789012:orders-api';
    await expect(
      client.startExecution(entity, arn, { clientRequestToken: 'tok-1' }),
    ).resolves.toEqual({ pipelineExecutionId: 'e-1' });
    await client.reviewApproval(entity, arn, 'Approve prod', 'Approve', {
      decision: 'Rejected',
      comment: 'Not during the freeze',
    });
    await expect(
      client.setTransition(entity, arn, 'Deploy', { enabled: true }),
    ).resolves.toBeUndefined();
    const pipeline =
      'http://backstage.test/api/codepipeline/v1/entities/component/default/orders-api/pipelines/arn%3Aaws%3Acodepipeline%3Aus-east-1%3A123456789012%3Aorders-api';
    expect(calls).toEqual([
      {
        url: `${pipeline}/executions`,
        method: 'POST',
        body: '{"clientRequestToken":"tok-1"}',
      },
      {
        url: `${pipeline}/stages/Approve%20prod/actions/Approve/approval`,
        method: 'POST',
        body: '{"decision":"Rejected","comment":"Not during the freeze"}',
      },
      {
        url: `${pipeline}/stages/Deploy/transition`,
        method: 'PUT',
        body: '{"enabled":true}',
      },
    ]);
  });

  it('asks for the delivery overview with its filters and cursor, leaving out what is unset', async () => {
    const calls: string[] = [];
    const fetchApi = new MockFetchApi({
      baseImplementation: async (input: any) => {
        calls.push(String(input));
        return new Response(JSON.stringify({ items: [], totalItems: 0 }), {
          status: 200,
          headers: { 'content-type': 'application/json' },
        });
      },
    });
    const client = new CodePipelineClient({ discoveryApi, fetchApi });
    await expect(client.getOverview()).resolves.toEqual({
      items: [],
      totalItems: 0,
    });
    await client.getOverview({
      owner: 'group:default/payments-team',
      system: 'system:default/checkout',
      status: 'awaiting-approval',
      q: '  checkout web ',
      limit: 50,
      cursor: 'eyJvZmZzZXQiOjUwfQ',
    });
    await client.getOverview({ q: '   ', status: 'failing' });
    const overview = 'http://backstage.test/api/codepipeline/v1/overview';
    expect(calls).toEqual([
      overview,
      `${overview}?owner=group%3Adefault%2Fpayments-team&system=system%3Adefault%2Fcheckout&status=awaiting-approval&q=checkout+web&limit=50&cursor=eyJvZmZzZXQiOjUwfQ`,
      `${overview}?status=failing`,
    ]);
  });

  it('turns an error response into a ResponseError carrying the status', async () => {
    const fetchApi = new MockFetchApi({
      baseImplementation: async () =>
        new Response(
          JSON.stringify({
            error: { name: 'NotAllowedError', message: 'Forbidden' },
            response: { statusCode: 403 },
          }),
          { status: 403, headers: { 'content-type': 'application/json' } },
        ),
    });
    const client = new CodePipelineClient({ discoveryApi, fetchApi });
    await expect(client.getHealth()).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 403,
    });
  });
});
