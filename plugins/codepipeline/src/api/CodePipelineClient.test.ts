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
