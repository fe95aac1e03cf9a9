/**
 * Scaffolder actions against an AWS endpoint that stops answering, reached
 * through AWS_ENDPOINT_URL (no SDK mocks): the task fails in bounded time
 * with a message naming the call, and what the action created is rolled back.
 */
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEcrCreateRepositoryAction } from '../actions/ecr-create-repository';
import { AwsClientFactory } from './clients';

const ACCOUNT = '123456789012';
const REGION = 'eu-west-1';
const config = new ConfigReader({
  slipway: {
    environments: {
      dev: {
        accountId: ACCOUNT,
        region: REGION,
        cluster: 'dev-cluster',
        subnets: ['subnet-0a1'],
        securityGroups: ['sg-0c3'],
        connectionArn: `arn:aws:codestar-connections:${REGION}:${ACCOUNT}:connection/abc`,
        artifactBucket: 'slipway-artifacts-dev',
      },
    },
  },
});
const ordersInput = {
  component: 'orders',
  owner: 'group:default/payments',
  environment: 'dev',
};

/** An ECR endpoint that answers the operations in `answers` and never answers the others. */
async function ecrEndpoint(answers: Record<string, () => [number, unknown]>) {
  const calls: string[] = [];
  const server: Server = createServer(async (req, res) => {
    await drain(req);
    const operation = String(req.headers['x-amz-target']).split('.').pop()!;
    calls.push(operation);
    const answer = answers[operation];
    if (!answer) return; // accept, never answer
    const [status, body] = answer();
    res.statusCode = status;
    res.setHeader('content-type', 'application/x-amz-json-1.1');
    res.end(JSON.stringify(body));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    close: () => {
      server.closeAllConnections();
      return new Promise(resolve => server.close(resolve));
    },
  };
}

async function drain(req: IncomingMessage) {
  for await (const _ of req) {
    // discard
  }
}

/** A fresh factory per run: clients read AWS_ENDPOINT_URL when they are built. */
function actionWithShortTimeouts() {
  const clients = new AwsClientFactory(
    {
      getCredentialProvider: async () => ({
        sdkCredentialProvider: async () => ({
          accessKeyId: 'testing',
          secretAccessKey: 'testing',
        }),
      }),
    },
    { maxAttempts: 1, requestTimeoutMs: 300 },
  );
  return createEcrCreateRepositoryAction({ config, clients });
}

async function run() {
  const action = actionWithShortTimeouts();
  const ctx = createMockActionContext({
    input: ordersInput,
    logger: mockServices.logger.mock(),
  });
  const started = Date.now();
  const error = await action.handler(ctx as any).then(
    () => undefined,
    e => e as Error,
  );
  return { error, ms: Date.now() - started };
}

const endpointBefore = process.env.AWS_ENDPOINT_URL;
afterEach(() => {
  process.env.AWS_ENDPOINT_URL = endpointBefore;
});

describe('an action against an endpoint that never answers', () => {
  it('fails in bounded time, naming the AWS call, the endpoint, the region and the wait', async () => {
    const endpoint = await ecrEndpoint({});
    process.env.AWS_ENDPOINT_URL = endpoint.url;

    const { error, ms } = await run();
    await endpoint.close();

    expect(ms).toBeLessThan(3_000);
    expect(error?.name).toBe('ServiceUnavailableError');
    expect(error?.message).toMatch(
      new RegExp(
        `in account ${ACCOUNT} \\(${REGION}\\): ECR DescribeRepositories sent to ${endpoint.url} \\(${REGION}\\) got no answer within 0\\.\\d s`,
      ),
    );
  });

  it('rolls back the repository it created when a later call times out', async () => {
    const repository = {
      repositoryName: 'orders',
      repositoryArn: `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/orders`,
      repositoryUri: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/orders`,
      createdAt: Date.now() / 1000,
      imageTagMutability: 'IMMUTABLE',
      imageScanningConfiguration: { scanOnPush: true },
    };
    const endpoint = await ecrEndpoint({
      DescribeRepositories: () => [
        400,
        {
          __type: 'RepositoryNotFoundException',
          message: "The repository with name 'orders' does not exist",
        },
      ],
      CreateRepository: () => [200, { repository }],
      DeleteRepository: () => [200, { repository }],
      // PutLifecyclePolicy: never answered
    });
    process.env.AWS_ENDPOINT_URL = endpoint.url;

    const { error, ms } = await run();
    await endpoint.close();

    expect(ms).toBeLessThan(3_000);
    expect(error?.message).toContain('ECR PutLifecyclePolicy sent to');
    expect(endpoint.calls).toEqual([
      'DescribeRepositories',
      'CreateRepository',
      'PutLifecyclePolicy',
      'DeleteRepository',
    ]);
  });
});
