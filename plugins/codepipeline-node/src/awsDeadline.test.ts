import { DescribeClustersCommand, ECSClient } from '@aws-sdk/client-ecs';
import { createServer as createHttpServer } from 'node:http';
import { AddressInfo, createServer, Server, Socket } from 'node:net';
import { AwsClientFactory } from './AwsClientFactory';
import {
  AwsTimeoutError,
  currentAwsDeadline,
  withAwsDeadline,
} from './awsDeadline';
import { describeAwsError } from './awsErrors';

const credentials = {
  getCredentialProvider: async () => ({
    sdkCredentialProvider: async () => ({
      accessKeyId: 'testing',
      secretAccessKey: 'testing',
    }),
  }),
};
const dev = { accountId: '111111111111', region: 'eu-west-1' };

/** Accepts connections and never says a word. */
async function hungEndpoint() {
  const sockets = new Set<Socket>();
  let connections = 0;
  const server = createServer(socket => {
    connections++;
    sockets.add(socket);
    socket.on('error', () => undefined);
  });
  return {
    url: await listen(server),
    connections: () => connections,
    close: () => {
      sockets.forEach(s => s.destroy());
      return new Promise(resolve => server.close(resolve));
    },
  };
}

/** Answers DescribeClusters after `delayMs`. */
async function slowEndpoint(delayMs: number) {
  const server = createHttpServer((req, res) => {
    req.resume();
    setTimeout(() => {
      res.setHeader('content-type', 'application/x-amz-json-1.1');
      res.end(JSON.stringify({ clusters: [], failures: [] }));
    }, delayMs);
  });
  return {
    url: await listen(server),
    close: () => {
      server.closeAllConnections();
      return new Promise(resolve => server.close(resolve));
    },
  };
}

async function listen(server: Server | ReturnType<typeof createHttpServer>) {
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function timed<T>(work: () => Promise<T>) {
  const started = Date.now();
  const outcome = await work().then(
    value => ({ value, error: undefined }),
    error => ({ value: undefined, error }),
  );
  return { ...outcome, ms: Date.now() - started };
}

describe('AWS calls fail in bounded time', () => {
  const endpointBefore = process.env.AWS_ENDPOINT_URL;
  afterEach(() => {
    process.env.AWS_ENDPOINT_URL = endpointBefore;
  });

  it('gives up on an endpoint that accepts and never answers after the request timeout, naming the call', async () => {
    const hung = await hungEndpoint();
    process.env.AWS_ENDPOINT_URL = hung.url;
    const factory = new AwsClientFactory(credentials, {
      maxAttempts: 1,
      requestTimeoutMs: 300,
    });
    const ecs = await factory.get(ECSClient, dev);

    const { error, ms } = await timed(() =>
      ecs.send(new DescribeClustersCommand({})),
    );
    await hung.close();

    expect(error).toBeInstanceOf(AwsTimeoutError);
    expect(error).toMatchObject({
      service: 'ECS',
      operation: 'DescribeClusters',
      region: 'eu-west-1',
      endpoint: hung.url,
      reason: 'request',
    });
    expect(ms).toBeGreaterThanOrEqual(280);
    expect(ms).toBeLessThan(2_000);
    expect(describeAwsError(error)).toMatchObject({
      kind: 'timeout',
      timeout: { operation: 'DescribeClusters', endpoint: hung.url },
    });
  });

  it('retries a timed-out attempt, and the per-call limit bounds all attempts together', async () => {
    const hung = await hungEndpoint();
    process.env.AWS_ENDPOINT_URL = hung.url;
    const factory = new AwsClientFactory(credentials, {
      maxAttempts: 10,
      requestTimeoutMs: 200,
      callTimeoutMs: 700,
    });
    const ecs = await factory.get(ECSClient, dev);

    const { error, ms } = await timed(() =>
      ecs.send(new DescribeClustersCommand({})),
    );
    await hung.close();

    expect(error).toMatchObject({ name: 'AwsTimeoutError' });
    expect(hung.connections()).toBeGreaterThanOrEqual(2);
    expect(ms).toBeLessThan(1_500);
  });

  it('ends calls at the deadline of the work they belong to, and counts them as timed out', async () => {
    const hung = await hungEndpoint();
    process.env.AWS_ENDPOINT_URL = hung.url;
    const factory = new AwsClientFactory(credentials, {
      maxAttempts: 1,
      requestTimeoutMs: 30_000,
    });
    const ecs = await factory.get(ECSClient, dev);

    const { value: timedOutCalls, ms } = await timed(() =>
      withAwsDeadline(250, async () => {
        await Promise.allSettled([
          ecs.send(new DescribeClustersCommand({})),
          ecs.send(new DescribeClustersCommand({ clusters: ['other'] })),
        ]);
        return currentAwsDeadline()?.timedOutCalls;
      }),
    );
    await hung.close();

    expect(timedOutCalls).toBe(2);
    expect(ms).toBeLessThan(1_500);
  });

  it('does not call AWS at all once the deadline has passed', async () => {
    const hung = await hungEndpoint();
    process.env.AWS_ENDPOINT_URL = hung.url;
    const ecs = await new AwsClientFactory(credentials).get(ECSClient, dev);

    const error = await withAwsDeadline(0, () =>
      ecs.send(new DescribeClustersCommand({})).catch(e => e),
    );
    await hung.close();

    expect(error).toMatchObject({
      name: 'AwsTimeoutError',
      reason: 'deadline',
    });
    expect(hung.connections()).toBe(0);
  });

  it('serves an endpoint that is slow but within the timeouts', async () => {
    const slow = await slowEndpoint(150);
    process.env.AWS_ENDPOINT_URL = slow.url;
    const ecs = await new AwsClientFactory(credentials, {
      maxAttempts: 1,
      requestTimeoutMs: 1_000,
    }).get(ECSClient, dev);

    const answer = await withAwsDeadline(2_000, () =>
      ecs.send(new DescribeClustersCommand({})),
    );
    await slow.close();

    expect(answer.clusters).toEqual([]);
  });
});
