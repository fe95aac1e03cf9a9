import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { mockClient } from 'aws-sdk-client-mock';
import request from 'supertest';
import { codePipelinePlugin } from './plugin';

const sts = mockClient(STSClient);

const staticCredentials = {
  aws: {
    mainAccount: {
      accessKeyId: 'AKIAEXAMPLEEXAMPLE',
      secretAccessKey: 'example-secret-access-key',
    },
  },
};

async function startBackend(config: object = {}) {
  const { server } = await startTestBackend({
    features: [
      codePipelinePlugin,
      mockServices.rootConfig.factory({ data: config }),
    ],
  });
  return server;
}

describe('GET /api/codepipeline/v1/health', () => {
  const env = process.env;

  beforeEach(() => {
    sts.reset();
    // The default credential chain must find nothing on the test machine.
    process.env = {
      ...env,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      AWS_CONFIG_FILE: '/dev/null',
    };
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
    delete process.env.AWS_PROFILE;
    delete process.env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI;
    delete process.env.AWS_WEB_IDENTITY_TOKEN_FILE;
  });

  afterAll(() => {
    process.env = env;
  });

  it('refuses an unauthenticated caller', async () => {
    const server = await startBackend(staticCredentials);
    const response = await request(server)
      .get('/api/codepipeline/v1/health')
      .set('authorization', 'Bearer not-a-valid-token');
    expect(response.status).toBe(401);
    expect(sts).not.toHaveReceivedAnyCommand();
  });

  it('says AWS is not configured when no credentials resolve', async () => {
    const server = await startBackend();
    const response = await request(server).get('/api/codepipeline/v1/health');
    expect(response.status).toBe(200);
    expect(response.body.aws).toMatchObject({
      configured: false,
      reachable: false,
      message: expect.stringContaining('AWS is not configured'),
    });
    expect(sts).not.toHaveReceivedAnyCommand();
  });

  it('reports the account when STS answers', async () => {
    sts.on(GetCallerIdentityCommand).resolves({ Account: '123456789012' });
    const server = await startBackend(staticCredentials);
    const response = await request(server).get('/api/codepipeline/v1/health');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      status: 'ok',
      aws: { configured: true, reachable: true, accountId: '123456789012' },
    });
  });

  it('says AWS is not reachable when STS fails, without leaking the error text', async () => {
    sts.on(GetCallerIdentityCommand).rejects(
      Object.assign(new Error('connect ECONNREFUSED secret-host:443'), {
        name: 'TimeoutError',
      }),
    );
    const server = await startBackend(staticCredentials);
    const response = await request(server).get('/api/codepipeline/v1/health');
    expect(response.body.aws).toMatchObject({
      configured: true,
      reachable: false,
      message: expect.stringContaining('AWS is not reachable'),
    });
    expect(JSON.stringify(response.body)).not.toContain('secret-host');
  });

  it('checks AWS once per cache window, however many callers ask', async () => {
    sts.on(GetCallerIdentityCommand).resolves({ Account: '123456789012' });
    const server = await startBackend(staticCredentials);
    await Promise.all(
      Array.from({ length: 5 }, () =>
        request(server).get('/api/codepipeline/v1/health'),
      ),
    );
    await request(server).get('/api/codepipeline/v1/health');
    expect(sts).toHaveReceivedCommandTimes(GetCallerIdentityCommand, 1);
  });
});
