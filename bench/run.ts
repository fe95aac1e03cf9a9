/**
 * `npm run bench`: Slipway's backend against a fake AWS endpoint (issue 8).
 * Prints the figures and writes bench/results/latest.json.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { measureFrontendBundle } from './frontendBudget';
import {
  AnnotationStyle,
  pageView,
  percentile,
  round,
  startBench,
} from './harness';
import * as world from './fakeAws/world';

const execFileAsync = promisify(execFile);

const PEER = {
  awsCallsPerView: 16,
  catalogCallsPerView: 4,
  awsCallsFor50Views: 800,
  coldViewMs: 590,
  serialRoundTripsPipeline: 3,
  serialRoundTripsEcs: 11,
  p95Pipeline10Clients: 229,
  p95Ecs10Clients: 611,
};

async function callsPerView() {
  const bench = await startBench({ style: 'tags', latencyMs: 0 });
  const cold = await pageView(bench);
  const byOperation = Object.fromEntries(bench.fake.calls);
  const coldCalls = bench.fake.totalCalls();
  const catalogCalls = bench.catalogCalls();
  bench.fake.resetCounts();
  await pageView(bench);
  const warmCalls = bench.fake.totalCalls();
  await bench.stop();
  return {
    ok: cold.ok,
    coldCalls,
    byOperation,
    catalogCallsPerView: catalogCalls / 2,
    warmCalls,
  };
}

/**
 * 50 views spread evenly over one minute, with time compressed 60×: the cache
 * windows (5 s active, 60 s idle, 300 s definitions) shrink by the same factor,
 * so a minute of wall time becomes one second and the AWS call count is the
 * same as for the real minute.
 */
async function fiftyViewsPerMinute() {
  const compression = 60;
  const bench = await startBench({
    style: 'tags',
    latencyMs: 0,
    cache: {
      activeTtlSeconds: 5 / compression,
      idleTtlSeconds: 60 / compression,
      definitionTtlSeconds: 300 / compression,
    },
  });
  const spacingMs = 60_000 / compression / 50;
  const started = performance.now();
  for (let i = 0; i < 50; i++) {
    const due = started + i * spacingMs;
    await new Promise(resolve =>
      setTimeout(resolve, Math.max(0, due - performance.now())),
    );
    await pageView(bench);
  }
  const result = {
    views: 50,
    compression,
    awsCalls: bench.fake.totalCalls(),
    byOperation: Object.fromEntries(bench.fake.calls),
  };
  await bench.stop();
  return result;
}

/** One cold page view on a fresh backend; its time divided by the per-call latency ≈ serial round trips. */
async function coldLatency(style: AnnotationStyle, latencyMs: number) {
  const bench = await startBench({ style, latencyMs });
  const view = await pageView(bench);
  await bench.stop();
  return {
    style,
    latencyMs,
    ms: round(view.ms),
    roundTrips: round(view.ms / latencyMs, 2),
    ok: view.ok,
  };
}

/**
 * Warm cache (long windows): `clients` concurrent loops send `total` requests
 * per route from a separate process, so client and server do not share an
 * event loop (they do share the machine's 2 cores).
 */
async function warmLoad(clients: number, total: number) {
  const bench = await startBench({
    style: 'tags',
    latencyMs: 50,
    cache: {
      activeTtlSeconds: 3600,
      idleTtlSeconds: 3600,
      definitionTtlSeconds: 3600,
    },
  });
  await pageView(bench);
  const out: Record<string, unknown> = { clients };
  for (const route of ['pipelines', 'ecs']) {
    const { stdout } = await execFileAsync(
      process.execPath,
      [
        join(__dirname, 'loadClient.mjs'),
        `${bench.entityUrl}/${route}`,
        String(clients),
        String(total),
      ],
      { maxBuffer: 64 * 1024 * 1024 },
    );
    const { times, failures, seconds } = JSON.parse(stdout) as {
      times: number[];
      failures: number;
      seconds: number;
    };
    out[route] = {
      requests: times.length,
      failures,
      p50: round(percentile(times, 50)),
      p95: round(percentile(times, 95)),
      p99: round(percentile(times, 99)),
      requestsPerSecond: Math.round(times.length / seconds),
    };
  }
  out.awsCallsDuringLoad = bench.fake.totalCalls();
  await bench.stop();
  return out;
}

/** 10% of AWS calls throttled; every view bypasses the cache so each one meets AWS. */
async function throttled() {
  const bench = await startBench({
    style: 'tags',
    latencyMs: 20,
    throttleRate: 0.1,
  });
  const views = [];
  for (let i = 0; i < 40; i++) {
    views.push(await pageView(bench, '?refresh=true'));
  }
  const result = {
    throttleRate: 0.1,
    views: views.length,
    awsCalls: bench.fake.totalCalls(),
    successRate: round(views.filter(v => v.ok).length / views.length, 3),
    p50: round(
      percentile(
        views.map(v => v.ms),
        50,
      ),
    ),
    p95: round(
      percentile(
        views.map(v => v.ms),
        95,
      ),
    ),
  };
  await bench.stop();
  return result;
}

async function main() {
  const perView = await callsPerView();
  const perMinute = await fiftyViewsPerMinute();
  const cold: Array<Awaited<ReturnType<typeof coldLatency>>> = [];
  for (const style of ['tags', 'arns'] as const) {
    for (const latencyMs of [50, 200]) {
      cold.push(await coldLatency(style, latencyMs));
    }
  }
  const slopes = (['tags', 'arns'] as const).map(style => {
    const [at50, at200] = cold.filter(c => c.style === style);
    // Fixed costs (routing, JSON, first-call client set-up) cancel out in the slope.
    return {
      style,
      serialRoundTrips: round((at200.ms - at50.ms) / (200 - 50), 2),
    };
  });
  const warm = [await warmLoad(10, 200), await warmLoad(100, 2000)];
  const throttling = await throttled();
  const frontend = await measureFrontendBundle();
  if (frontend.awsSdkModules > 0) {
    throw new Error(
      `The frontend bundle contains ${frontend.awsSdkModules} @aws-sdk modules`,
    );
  }

  const results = {
    date: new Date().toISOString(),
    node: process.version,
    world: {
      pipelines: world.pipelines.length,
      services: world.services.length,
      clusters: 2,
      annotations: 'tags',
    },
    peer: PEER,
    callsPerView: perView,
    fiftyViewsPerMinute: {
      ...perMinute,
      peerAwsCalls: PEER.awsCallsFor50Views,
      fewerThanPeer: round(PEER.awsCallsFor50Views / perMinute.awsCalls, 1),
    },
    coldLatency: { views: cold, slopes },
    warm,
    throttling,
    frontend,
  };

  console.log('Slipway backend benchmark (fake AWS on 127.0.0.1)');
  console.log(
    `page view, cold: ${perView.coldCalls} AWS calls (peer ${PEER.awsCallsPerView}), ${perView.catalogCallsPerView} catalog reads per route (peer ${PEER.catalogCallsPerView} per view), warm: ${perView.warmCalls} AWS calls`,
  );
  console.log(`  by operation: ${JSON.stringify(perView.byOperation)}`);
  console.log(
    `50 views in one minute (time compressed ${perMinute.compression}x): ${perMinute.awsCalls} AWS calls (peer ${PEER.awsCallsFor50Views}) = ${results.fiftyViewsPerMinute.fewerThanPeer}x fewer`,
  );
  for (const c of cold) {
    console.log(
      `cold view, ${c.style}, ${c.latencyMs} ms/call: ${c.ms} ms = ${
        c.roundTrips
      } serial round trips${c.ok ? '' : ' (ERRORS)'}`,
    );
  }
  for (const slope of slopes) {
    console.log(
      `cold view, ${slope.style}: slope ${slope.serialRoundTrips} serial AWS round trips (targets: tags <= 3, arns <= 2; peer: pipelines ${PEER.serialRoundTripsPipeline}, ECS ${PEER.serialRoundTripsEcs})`,
    );
  }
  for (const w of warm as any[]) {
    console.log(
      `warm, ${w.clients} clients: pipelines p50/p95/p99 ${w.pipelines.p50}/${w.pipelines.p95}/${w.pipelines.p99} ms, ${w.pipelines.requestsPerSecond} req/s; ecs ${w.ecs.p50}/${w.ecs.p95}/${w.ecs.p99} ms, ${w.ecs.requestsPerSecond} req/s; AWS calls during load: ${w.awsCallsDuringLoad}`,
    );
  }
  console.log(
    `10% throttled: success ${throttling.successRate * 100}% of ${
      throttling.views
    } views, p50 ${throttling.p50} ms, p95 ${throttling.p95} ms`,
  );

  console.log(
    `frontend plugin bundle: ${frontend.files} files, ${round(
      frontend.bytes / 1024,
    )} KiB minified, ${round(frontend.gzippedBytes / 1024)} KiB gzipped, ${
      frontend.modules
    } modules, ${frontend.awsSdkModules} from @aws-sdk`,
  );

  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'latest.json'),
    `${JSON.stringify(results, null, 2)}\n`,
  );
  console.log(`written to bench/results/latest.json`);
  process.exit(0);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
