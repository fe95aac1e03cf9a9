/**
 * AWS endpoints that hang or are slow (issue: "AWS calls have no working
 * timeout"): a real TCP server reached through AWS_ENDPOINT_URL, no SDK mocks.
 */
import request from 'supertest';
import {
  endpointPipelineArn,
  startAwsEndpoint,
} from './__testUtils__/awsEndpoint';
import { component, startPluginBackend } from './__testUtils__/testBackend';

const entityPath = '/api/codepipeline/v1/entities/component/default/orders-api';
const ordersApi = component('orders-api', {
  'aws.amazon.com/aws-codepipeline-arn': [
    endpointPipelineArn('orders-api'),
    endpointPipelineArn('orders-worker'),
  ].join(','),
  'aws.amazon.com/amazon-ecs-service-arn':
    'arn:aws:ecs:eu-west-1:123456789012:service/payments/checkout-api',
});

/** Small timeouts so that the suite stays fast; the defaults are seconds. */
const fastTimeouts = {
  codepipeline: {
    aws: { maxAttempts: 1, requestTimeoutSeconds: 5 },
    responseDeadlineSeconds: 0.6,
  },
};

type Endpoint = Awaited<ReturnType<typeof startAwsEndpoint>>;
let endpoint: Endpoint;
const endpointBefore = process.env.AWS_ENDPOINT_URL;

beforeEach(async () => {
  endpoint = await startAwsEndpoint('hang');
  process.env.AWS_ENDPOINT_URL = endpoint.url;
});

afterEach(async () => {
  process.env.AWS_ENDPOINT_URL = endpointBefore;
  await endpoint.close();
});

async function timedGet(server: any, path: string) {
  const started = Date.now();
  const response = await request(server).get(path);
  return { response, ms: Date.now() - started };
}

describe('an AWS endpoint that accepts connections and never answers', () => {
  it('answers within the route deadline with a timeout error per pipeline', async () => {
    const server = await startPluginBackend({
      entities: [ordersApi],
      config: fastTimeouts,
    });

    const { response, ms } = await timedGet(server, `${entityPath}/pipelines`);

    expect(response.status).toBe(200);
    expect(ms).toBeLessThan(2_000);
    expect(response.body.pipelines).toEqual([
      expect.objectContaining({
        name: 'orders-api',
        error: {
          kind: 'timeout',
          message: expect.stringContaining('did not answer in time'),
        },
      }),
      expect.objectContaining({
        name: 'orders-worker',
        error: expect.objectContaining({ kind: 'timeout' }),
      }),
    ]);
    expect(endpoint.connections()).toBeGreaterThan(0);
  });

  it('answers the ECS route within the deadline with a timeout error per service', async () => {
    const server = await startPluginBackend({
      entities: [ordersApi],
      config: fastTimeouts,
    });

    const { response, ms } = await timedGet(server, `${entityPath}/ecs`);

    expect(response.status).toBe(200);
    expect(ms).toBeLessThan(2_000);
    expect(response.body.services).toEqual([
      expect.objectContaining({
        error: expect.objectContaining({ kind: 'timeout' }),
      }),
    ]);
  });

  it('bounds ten concurrent views, then the next view is served once the endpoint answers', async () => {
    const server = await startPluginBackend({
      entities: [ordersApi],
      config: fastTimeouts,
    });

    const views = await Promise.all(
      Array.from({ length: 10 }, () =>
        timedGet(server, `${entityPath}/pipelines`),
      ),
    );
    expect(Math.max(...views.map(v => v.ms))).toBeLessThan(2_500);
    expect(
      views.every(v =>
        v.response.body.pipelines.every(
          (p: any) => p.error?.kind === 'timeout',
        ),
      ),
    ).toBe(true);

    endpoint.answer();
    const { response } = await timedGet(server, `${entityPath}/pipelines`);

    expect(response.body.pipelines).toEqual([
      expect.objectContaining({
        name: 'orders-api',
        status: expect.anything(),
      }),
      expect.objectContaining({
        name: 'orders-worker',
        status: expect.anything(),
      }),
    ]);
  });

  it('lets a refresh after a timed-out view reach AWS again', async () => {
    const server = await startPluginBackend({
      entities: [ordersApi],
      config: fastTimeouts,
    });
    await timedGet(server, `${entityPath}/pipelines`);

    endpoint.answer();
    const { response } = await timedGet(
      server,
      `${entityPath}/pipelines?refresh=true`,
    );

    expect(response.body.pipelines.every((p: any) => p.status)).toBe(true);
  });
});

describe('a slow AWS endpoint', () => {
  it('is served when it answers within the deadline', async () => {
    endpoint.answer(150);
    const server = await startPluginBackend({
      entities: [ordersApi],
      config: {
        codepipeline: {
          aws: { maxAttempts: 1, requestTimeoutSeconds: 1 },
          responseDeadlineSeconds: 3,
        },
      },
    });

    const { response, ms } = await timedGet(server, `${entityPath}/pipelines`);
    expect(response.body.pipelines.every((p: any) => p.status)).toBe(true);
    expect(ms).toBeGreaterThanOrEqual(150);
  });

  it('cuts off what is still missing at the deadline', async () => {
    endpoint.answer(400);
    const server = await startPluginBackend({
      entities: [ordersApi],
      config: {
        codepipeline: {
          aws: { maxAttempts: 1, requestTimeoutSeconds: 5 },
          responseDeadlineSeconds: 0.3,
        },
      },
    });

    const { response, ms } = await timedGet(server, `${entityPath}/pipelines`);

    expect(ms).toBeLessThan(1_500);
    expect(
      response.body.pipelines.every((p: any) => p.error?.kind === 'timeout'),
    ).toBe(true);
  });
});
