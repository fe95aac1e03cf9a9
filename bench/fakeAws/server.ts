import {
  createServer,
  IncomingMessage,
  Server,
  ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import * as world from './world';

export interface FakeAwsOptions {
  /** Milliseconds added to every call. */
  latencyMs: number;
  /** Share of calls (0–1) answered with ThrottlingException. */
  throttleRate: number;
  /** Accept calls and never answer them (a hung endpoint) while true. */
  hang?: boolean;
  /** Further pipelines carrying the bench tag in every region searched (the fan-out probe). */
  extraTaggedPipelines?: number;
}

type Handler = (input: any) => unknown;

/** Operation name → answer, for the AWS JSON 1.1 calls the Slipway backend makes. */
const HANDLERS: Record<string, Handler> = {
  'CodePipeline_20150709.GetPipeline': input => world.getPipeline(input.name),
  'CodePipeline_20150709.GetPipelineState': input =>
    world.getPipelineState(input.name),
  'CodePipeline_20150709.ListPipelineExecutions': input =>
    world.listPipelineExecutions(input.maxResults),
  'AmazonEC2ContainerServiceV20141113.DescribeServices': input =>
    world.describeServices(input.cluster, input.services),
  'AmazonEC2ContainerServiceV20141113.ListTasks': input => ({
    taskArns: world.taskArns(
      input.cluster,
      input.serviceName,
      input.desiredStatus,
    ),
  }),
  'AmazonEC2ContainerServiceV20141113.DescribeTasks': input =>
    world.describeTasks(input.cluster, input.tasks),
  'CodePipeline_20150709.PutApprovalResult': input =>
    world.putApprovalResult(input),
  'CodePipeline_20150709.ListTagsForResource': () => world.pipelineTags(),
};

/**
 * A local AWS endpoint for benchmarks: answers on 127.0.0.1 only, after a
 * configurable latency, counts calls per operation, and throttles a
 * configurable share of calls. The backend reaches it through AWS_ENDPOINT_URL.
 */
export class FakeAws {
  readonly calls = new Map<string, number>();
  /** Calls received while hanging (never answered). */
  hungCalls = 0;
  private server?: Server;
  private random = seededRandom(42);

  constructor(public options: FakeAwsOptions) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>(resolve =>
      this.server!.listen(0, '127.0.0.1', resolve),
    );
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>(resolve => this.server?.close(() => resolve()));
  }

  resetCounts() {
    this.calls.clear();
  }

  totalCalls(): number {
    return [...this.calls.values()].reduce((a, b) => a + b, 0);
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    if (this.options.hang) {
      this.hungCalls++;
      return; // keep the connection open, never answer
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) {
      chunks.push(chunk as Buffer);
    }
    const target = String(req.headers['x-amz-target'] ?? '');
    const operation = target.split('.').pop() ?? 'unknown';
    this.calls.set(operation, (this.calls.get(operation) ?? 0) + 1);
    await new Promise(resolve => setTimeout(resolve, this.options.latencyMs));

    const handler =
      target === 'ResourceGroupsTaggingAPI_20170126.GetResources'
        ? (input: any) =>
            world.getResources(
              input.ResourceTypeFilters ?? [],
              this.options.extraTaggedPipelines ?? 0,
            )
        : HANDLERS[target];
    res.setHeader('content-type', 'application/x-amz-json-1.1');
    res.setHeader('x-amzn-requestid', `bench-${this.totalCalls()}`);
    if (!handler) {
      res.statusCode = 400;
      res.end(
        JSON.stringify({
          __type: 'UnknownOperationException',
          message: `${target} is not faked`,
        }),
      );
      return;
    }
    if (this.random() < this.options.throttleRate) {
      res.statusCode = 400;
      res.end(
        JSON.stringify({
          __type: 'ThrottlingException',
          message: 'Rate exceeded',
        }),
      );
      return;
    }
    const input = chunks.length
      ? JSON.parse(Buffer.concat(chunks).toString('utf8'))
      : {};
    res.statusCode = 200;
    res.end(JSON.stringify(handler(input)));
  }
}

/** Deterministic throttling, so runs are comparable. */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}
