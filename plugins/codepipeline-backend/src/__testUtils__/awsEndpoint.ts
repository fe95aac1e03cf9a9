import { createServer as createHttpServer, IncomingMessage } from 'node:http';
import { AddressInfo, connect, createServer, Server, Socket } from 'node:net';

export const ENDPOINT_ACCOUNT = '123456789012';
export const ENDPOINT_REGION = 'eu-west-1';
export const endpointPipelineArn = (name: string) =>
  `arn:aws:codepipeline:${ENDPOINT_REGION}:${ENDPOINT_ACCOUNT}:${name}`;

const epoch = () => Math.floor(Date.now() / 1000);
const EXECUTION = '0e3f6a2c-1111-4f5e-9b1d-2a4c6e8f0a1b';

/** Minimal AWS JSON 1.1 answers for the three calls a pipeline status makes. */
const ANSWERS: Partial<Record<string, (input: { name?: string }) => unknown>> =
  {
    'CodePipeline_20150709.GetPipeline': ({ name }) => ({
      pipeline: {
        name,
        roleArn: `arn:aws:iam::${ENDPOINT_ACCOUNT}:role/pipeline`,
        pipelineType: 'V2',
        executionMode: 'QUEUED',
        version: 1,
        stages: [
          {
            name: 'Source',
            actions: [
              {
                name: 'Source',
                actionTypeId: {
                  category: 'Source',
                  owner: 'AWS',
                  provider: 'CodeStarSourceConnection',
                  version: '1',
                },
                runOrder: 1,
              },
            ],
          },
        ],
      },
      metadata: { pipelineArn: endpointPipelineArn(name!), updated: epoch() },
    }),
    'CodePipeline_20150709.GetPipelineState': ({ name }) => ({
      pipelineName: name,
      stageStates: [
        {
          stageName: 'Source',
          latestExecution: {
            pipelineExecutionId: EXECUTION,
            status: 'Succeeded',
          },
          actionStates: [
            {
              actionName: 'Source',
              latestExecution: {
                status: 'Succeeded',
                lastStatusChange: epoch(),
              },
            },
          ],
        },
      ],
    }),
    'CodePipeline_20150709.ListPipelineExecutions': () => ({
      pipelineExecutionSummaries: [
        {
          pipelineExecutionId: EXECUTION,
          status: 'Succeeded',
          startTime: epoch() - 60,
          lastUpdateTime: epoch(),
        },
      ],
    }),
  };

export type EndpointMode = 'hang' | 'answer';

/**
 * An AWS endpoint for timeout tests, reached through AWS_ENDPOINT_URL: a TCP
 * server that, in `hang` mode, accepts connections and never answers, and in
 * `answer` mode passes them to a small AWS JSON 1.1 server that answers the
 * pipeline status calls after `delayMs`.
 */
export async function startAwsEndpoint(initial: EndpointMode = 'hang') {
  let mode = initial;
  let delayMs = 0;
  const calls: string[] = [];
  const sockets = new Set<Socket>();

  const answering = createHttpServer(async (req, res) => {
    const target = String(req.headers['x-amz-target'] ?? '');
    const input = JSON.parse((await body(req)) || '{}');
    calls.push(target.split('.').pop()!);
    await new Promise(resolve => setTimeout(resolve, delayMs));
    res.setHeader('content-type', 'application/x-amz-json-1.1');
    const answer = ANSWERS[target];
    res.statusCode = answer ? 200 : 400;
    res.end(
      JSON.stringify(
        answer ? answer(input) : { __type: 'UnknownOperationException' },
      ),
    );
  });
  const answeringUrl = await listen(answering);
  const answeringPort = Number(new URL(answeringUrl).port);

  let accepted = 0;
  const front = createServer(socket => {
    accepted++;
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    if (mode === 'answer') {
      const upstream = connect(answeringPort, '127.0.0.1');
      upstream.on('error', () => socket.destroy());
      socket.pipe(upstream).pipe(socket);
    }
    // 'hang': keep the connection open and never write a byte.
  });
  const url = await listen(front);

  return {
    url,
    /** AWS calls answered (hung ones are not counted). */
    calls,
    /** Connections accepted, hung or answered. */
    connections: () => accepted,
    hang() {
      mode = 'hang';
    },
    /** Answer from now on (new connections), after `delay` ms per call. */
    answer(delay = 0) {
      mode = 'answer';
      delayMs = delay;
    },
    async close() {
      sockets.forEach(socket => socket.destroy());
      answering.closeAllConnections();
      await Promise.all([
        new Promise(resolve => front.close(resolve)),
        new Promise(resolve => answering.close(resolve)),
      ]);
    },
  };
}

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function listen(server: Server | ReturnType<typeof createHttpServer>) {
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
