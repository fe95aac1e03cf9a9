/**
 * Live updates across replicas (issue 18, point 3): two replicas of the
 * Slipway backend, each with the events backend (PostgreSQL event bus), the
 * signals backend and Backstage's AWS SQS module; AWS change events go
 * through moto's EventBridge (PutEvents → rule with Slipway's pattern → SQS
 * target) to the queue both replicas long-poll. The plugin's own AWS reads
 * go to the fake AWS, which counts them.
 */
import { FakeAws } from 'bench/fakeAws/server';
import * as world from 'bench/fakeAws/world';
import {
  MOTO_CREDENTIALS,
  pipelineExecutionChange,
  provisionDeliveryEvents,
} from './__testUtils__/moto';
import {
  Replica,
  startReplica,
  untilReplicasQuiet,
} from './__testUtils__/replicas';
import {
  LocalServer,
  startMoto,
  startPostgres,
  startRedis,
} from './__testUtils__/servers';
import { connectSignals, SignalsBrowser } from './__testUtils__/signalsBrowser';

jest.setTimeout(180_000);

/**
 * The plugin's default topic. No dot in it: the SQS module takes its topic
 * from a config key (`…topics.<topic>`), where a dot is a path separator.
 */
const TOPIC = 'aws-delivery';
/**
 * entityChangesChannel('component:default/bench-shop') of
 * @slipway/plugin-codepipeline-common, written out: that package is not a
 * dependency of this one (adding it needs a lock-file update).
 */
const CHANNEL = 'codepipeline:entity:component:default/bench-shop';
const NOTICE_WITHIN_MS = 2_000;

let redis: LocalServer;
let postgres: LocalServer;
let moto: LocalServer;
let fake: FakeAws;
let delivery: Awaited<ReturnType<typeof provisionDeliveryEvents>>;
const replicas: Replica[] = [];
const browsers: SignalsBrowser[] = [];
const env = { ...process.env };

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));
const stateReads = () => fake.calls.get('GetPipelineState') ?? 0;

async function view(replica: Replica) {
  const [pipelines, ecs] = await Promise.all([
    fetch(`${replica.baseUrl}/pipelines`),
    fetch(`${replica.baseUrl}/ecs`),
  ]);
  expect(pipelines.status).toBe(200);
  expect(ecs.status).toBe(200);
  return (await pipelines.json()) as {
    pipelines: Array<{
      arn: string;
      name: string;
      status: { stages: Array<{ pipelineExecutionId?: string }> };
    }>;
  };
}

/** The revision of the world each pipeline shows in an answer. */
function revisions(answer: Awaited<ReturnType<typeof view>>) {
  return Object.fromEntries(
    answer.pipelines.map(p => [
      p.name,
      world.revisionOf(p.status.stages[0]?.pipelineExecutionId),
    ]),
  );
}

beforeAll(async () => {
  [redis, postgres, moto] = await Promise.all([
    startRedis(),
    startPostgres(),
    startMoto(),
  ]);
  fake = new FakeAws({ latencyMs: 5, throttleRate: 0 });
  // The plugin's clients: the fake AWS (AWS_ENDPOINT_URL, keys from
  // aws.accounts). The SQS module: moto through its `queue.endpoint`, keys
  // from the default chain.
  process.env.AWS_ENDPOINT_URL = await fake.start();
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
  process.env.AWS_ACCESS_KEY_ID = MOTO_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = MOTO_CREDENTIALS.secretAccessKey;
  const sqsEndpoint = `http://127.0.0.1:${moto.port}`;
  delivery = await provisionDeliveryEvents({
    endpoint: sqsEndpoint,
    region: world.REGION,
    queueName: 'slipway-delivery-events',
  });
  world.resetWorld();
  world.setIdle(true);
  for (const name of ['a', 'b']) {
    replicas.push(
      await startReplica({
        name,
        redisPort: redis.port,
        postgresPort: postgres.port,
        notificationIntervalSeconds: 3600,
        store: 'valkey',
        liveUpdates: {
          sqsEndpoint,
          queueUrl: delivery.queueUrl,
          region: world.REGION,
          topic: TOPIC,
          heartbeatSeconds: 1,
        },
      }),
    );
  }
  await untilReplicasQuiet(fake);
});

afterAll(async () => {
  browsers.forEach(b => b.close());
  await Promise.all(replicas.map(replica => replica.stop()));
  delivery?.destroy();
  await fake?.stop();
  await Promise.all([redis?.stop(), postgres?.stop(), moto?.stop()]);
  world.resetWorld();
  process.env = env;
});

describe('live updates with two replicas, moto EventBridge → SQS, one Redis, one PostgreSQL', () => {
  it('a browser on either replica hears the heartbeat of the one replica that beats', async () => {
    const [a, b] = replicas;
    const onA = await connectSignals(a.signalsUrl!, [
      'codepipeline:live',
      CHANNEL,
    ]);
    const onB = await connectSignals(b.signalsUrl!, [
      'codepipeline:live',
      CHANNEL,
    ]);
    browsers.push(onA, onB);
    const since = Date.now();
    const beats = await Promise.all([
      onA.next('codepipeline:live', since, 5_000),
      onB.next('codepipeline:live', since, 5_000),
    ]);
    expect(beats.map(beat => beat?.message.intervalSeconds)).toEqual([1, 1]);
  });

  it('an event updates the shared cache once and reaches browsers on both replicas', async () => {
    const [a, b] = replicas;
    const [onA, onB] = browsers;
    // Both replicas viewed the entity: the watch index has it, the cache is warm.
    const before = await view(a);
    await view(b);
    const arn = world.pipelineArn('bench-shop-api');
    expect(before.pipelines.map(p => p.arn)).toContain(arn);
    expect(revisions(before)['bench-shop-api']).toBe(0);

    // Without an event, a change in AWS is not seen while the idle window lasts.
    world.changePipeline('bench-shop-api');
    fake.resetCounts();
    const stale = await Promise.all([view(a), view(b)]);
    expect(stale.map(s => revisions(s)['bench-shop-api'])).toEqual([0, 0]);
    expect(fake.totalCalls()).toBe(0);

    const sent = Date.now();
    await delivery.publish(pipelineExecutionChange(arn, 'STARTED'));
    const notices = await Promise.all([
      onA.next(CHANNEL, sent, 10_000),
      onB.next(CHANNEL, sent, 10_000),
    ]);
    const latencies = notices.map(n => (n ? n.at - sent : undefined));
    // eslint-disable-next-line no-console
    console.log(
      `PutEvents → change notice: browser on replica A ${latencies[0]} ms, on replica B ${latencies[1]} ms`,
    );
    expect(notices.map(n => n?.message)).toEqual([
      { kind: 'pipeline', at: expect.any(Number) },
      { kind: 'pipeline', at: expect.any(Number) },
    ]);
    // One notice per browser: the event was handled by one replica only.
    await sleep(1_000);
    expect(onA.received.filter(r => r.channel === CHANNEL)).toHaveLength(1);
    expect(onB.received.filter(r => r.channel === CHANNEL)).toHaveLength(1);
    expect(latencies.every(ms => ms! < NOTICE_WITHIN_MS)).toBe(true);

    // Both browsers refetch, one through each replica: exactly one AWS read
    // of the changed pipeline's state, and both see the change.
    const after = await Promise.all([view(a), view(b), view(a), view(b)]);
    expect(after.map(s => revisions(s)['bench-shop-api'])).toEqual([
      1, 1, 1, 1,
    ]);
    expect(after.map(s => revisions(s)['bench-shop-web'])).toEqual([
      0, 0, 0, 0,
    ]);
    // eslint-disable-next-line no-console
    console.log(
      `AWS calls after the event, both replicas viewed twice: ${JSON.stringify(
        Object.fromEntries(fake.calls),
      )}`,
    );
    expect(stateReads()).toBe(1);
    expect(fake.calls.get('DescribeServices') ?? 0).toBe(0);
  });

  it('an event for a pipeline no entity resolves to changes nothing and sends no notice', async () => {
    const [a, b] = replicas;
    const [onA, onB] = browsers;
    await Promise.all([view(a), view(b)]);
    fake.resetCounts();
    const noticesBefore = [onA, onB].map(
      browser => browser.received.filter(r => r.channel === CHANNEL).length,
    );
    const sent = Date.now();
    await delivery.publish(
      pipelineExecutionChange(
        world.pipelineArn('someone-elses-pipeline'),
        'FAILED',
      ),
    );
    // Proof the event went through: a later event for a watched pipeline
    // arrives, and the unknown one left no trace before it.
    world.changePipeline('bench-shop-web');
    await delivery.publish(
      pipelineExecutionChange(world.pipelineArn('bench-shop-web'), 'STARTED'),
    );
    const notices = await Promise.all([
      onA.next(CHANNEL, sent, 10_000),
      onB.next(CHANNEL, sent, 10_000),
    ]);
    expect(notices.every(Boolean)).toBe(true);
    await sleep(1_000);
    const noticesAfter = [onA, onB].map(
      browser => browser.received.filter(r => r.channel === CHANNEL).length,
    );
    expect(noticesAfter).toEqual(noticesBefore.map(n => n + 1));
    expect(fake.totalCalls()).toBe(0);
    const after = await Promise.all([view(a), view(b)]);
    expect(after.map(s => revisions(s))).toEqual([
      { 'bench-shop-api': 1, 'bench-shop-web': 1 },
      { 'bench-shop-api': 1, 'bench-shop-web': 1 },
    ]);
    expect(stateReads()).toBe(1);
  });
});
