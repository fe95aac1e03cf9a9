import {
  CodePipelineClient,
  GetPipelineCommand,
  GetPipelineStateCommand,
  ListPipelineExecutionsCommand,
} from '@aws-sdk/client-codepipeline';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import {
  DefaultEventsService,
  eventsServiceRef,
} from '@backstage/plugin-events-node';
import {
  signalsServiceRef,
  type SignalPayload,
} from '@backstage/plugin-signals-node';
import {
  entityChangesChannel,
  LIVE_UPDATES_HEARTBEAT_CHANNEL,
} from '@slipway/plugin-codepipeline-common';
import { mockClient } from 'aws-sdk-client-mock';
import request from 'supertest';
import {
  executionsPage,
  ordersPipelineArn,
  pipelineAwaitingApproval,
  pipelineDefinition,
  pipelineWithFailedBuild,
  REGION,
  ACCOUNT,
} from './__testUtils__/pipelines';
import { component, startPluginBackend } from './__testUtils__/testBackend';

const codepipeline = mockClient(CodePipelineClient);

const ordersApi = component('orders-api', {
  'aws.amazon.com/aws-codepipeline-arn': ordersPipelineArn,
});
const route =
  '/api/codepipeline/v1/entities/component/default/orders-api/pipelines';

/** What EventBridge puts in the SQS message when the pipeline's run ends. */
const executionFailed = {
  version: '0',
  id: 'e1',
  source: 'aws.codepipeline',
  'detail-type': 'CodePipeline Pipeline Execution State Change',
  account: ACCOUNT,
  region: REGION,
  time: '2026-12-02T10:00:00Z',
  resources: [ordersPipelineArn],
  detail: { pipeline: 'orders-api', state: 'FAILED', 'execution-id': 'x' },
};

/** A short idle window, so a test can outlive it. */
const IDLE_TTL_SECONDS = 0.2;
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

async function startWithLiveUpdates(
  options: { live?: boolean; idleTtlSeconds?: number } = {},
) {
  const events = DefaultEventsService.create({
    logger: mockServices.logger.mock(),
    useEventBus: 'never',
  });
  const published: SignalPayload[] = [];
  const server = await startPluginBackend({
    entities: [ordersApi],
    config: {
      codepipeline: {
        aws: { maxAttempts: 1 },
        cache: { idleTtlSeconds: IDLE_TTL_SECONDS },
        liveUpdates: {
          enabled: options.live ?? true,
          topic: 'aws-delivery',
          idleTtlSeconds: options.idleTtlSeconds,
        },
      },
    },
    services: [
      createServiceFactory({
        service: eventsServiceRef,
        deps: {},
        factory: () => events,
      }),
      createServiceFactory({
        service: signalsServiceRef,
        deps: {},
        factory: () => ({
          publish: async (signal: SignalPayload) => void published.push(signal),
        }),
      }),
    ],
  });
  return { server, events, published };
}

const stateReads = () =>
  codepipeline.commandCalls(GetPipelineStateCommand).length;

describe('live updates: an AWS change event refreshes what a viewer sees', () => {
  beforeEach(() => {
    codepipeline.reset();
    codepipeline
      .on(GetPipelineCommand)
      .resolves(pipelineDefinition('orders-api'))
      .on(ListPipelineExecutionsCommand)
      .resolves(executionsPage([]));
  });

  it('drops the cached status and tells the entity channel, so the next read is fresh', async () => {
    codepipeline.on(GetPipelineStateCommand).resolves(pipelineAwaitingApproval);
    const { server, events, published } = await startWithLiveUpdates();

    await request(server).get(route).expect(200);
    await request(server).get(route).expect(200);
    expect(stateReads()).toBe(1); // the second view was served from the cache

    codepipeline.on(GetPipelineStateCommand).resolves(pipelineWithFailedBuild);
    await events.publish({
      topic: 'aws-delivery',
      eventPayload: executionFailed,
    });

    const changes = published.filter(
      p => p.channel === entityChangesChannel('component:default/orders-api'),
    );
    expect(changes).toEqual([
      expect.objectContaining({
        recipients: { type: 'broadcast' },
        message: { kind: 'pipeline', at: expect.any(Number) },
      }),
    ]);
    const after = await request(server).get(route).expect(200);
    expect(stateReads()).toBe(2);
    const build = after.body.pipelines[0].status.stages.find(
      (s: { name: string }) => s.name === 'Build',
    );
    expect(build.status).toBe('Failed');
  });

  it('serves an idle pipeline from the cache past the idle window while live, until its event drops it', async () => {
    codepipeline.on(GetPipelineStateCommand).resolves(pipelineWithFailedBuild);
    const live = await startWithLiveUpdates({ idleTtlSeconds: 60 });
    await request(live.server).get(route).expect(200);
    await sleep(IDLE_TTL_SECONDS * 1000 + 300);
    await request(live.server).get(route).expect(200);
    expect(stateReads()).toBe(1);

    await live.events.publish({
      topic: 'aws-delivery',
      eventPayload: executionFailed,
    });
    await request(live.server).get(route).expect(200);
    expect(stateReads()).toBe(2);
  });

  it('reads an idle pipeline again after the idle window when live updates are off', async () => {
    codepipeline.on(GetPipelineStateCommand).resolves(pipelineWithFailedBuild);
    const polling = await startWithLiveUpdates({ live: false });
    await request(polling.server).get(route).expect(200);
    await sleep(IDLE_TTL_SECONDS * 1000 + 300);
    await request(polling.server).get(route).expect(200);
    expect(stateReads()).toBe(2);
  });

  it('drops events for pipelines no entity was read for, and other topics', async () => {
    codepipeline.on(GetPipelineStateCommand).resolves(pipelineAwaitingApproval);
    const { events, published } = await startWithLiveUpdates();
    await events.publish({
      topic: 'aws-delivery',
      eventPayload: executionFailed,
    });
    await events.publish({ topic: 'github', eventPayload: executionFailed });
    expect(
      published.filter(p => p.channel !== LIVE_UPDATES_HEARTBEAT_CHANNEL),
    ).toEqual([]);
    expect(stateReads()).toBe(0);
  });
});
