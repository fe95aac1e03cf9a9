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
import { liveVsPolling } from './liveUpdates';
import { overviewRender } from './overviewRender';

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

const DEFAULT_DEADLINE_MS = 8_000;

/**
 * A hung endpoint (accepts connections, never answers), default settings:
 * 10 concurrent page views must answer by the route deadline with `timeout`
 * entries; then the endpoint answers again and the next view must be served.
 */
async function hungEndpoint() {
  const bench = await startBench({ style: 'tags', latencyMs: 20, hang: true });
  const views = await Promise.all(
    Array.from({ length: 10 }, () => pageView(bench)),
  );
  const hungCalls = bench.fake.hungCalls;
  bench.fake.options.hang = false;
  const recovery = await pageView(bench);
  await bench.stop();
  const times = views.map(v => v.ms);
  return {
    views: views.length,
    deadlineMs: DEFAULT_DEADLINE_MS,
    hungCalls,
    maxMs: round(Math.max(...times)),
    p50: round(percentile(times, 50)),
    viewsWithTimeoutEntries: views.filter(v => v.timeouts > 0).length,
    recovery: { ok: recovery.ok, ms: round(recovery.ms) },
  };
}

/** Every AWS call takes `latencyMs`; views bypass the cache. p95 must stay under the deadline. */
async function slowEndpoint(latencyMs: number) {
  const bench = await startBench({ style: 'tags', latencyMs });
  const views = [];
  for (let i = 0; i < 10; i++) {
    views.push(await pageView(bench, '?refresh=true'));
  }
  await bench.stop();
  const times = views.map(v => v.ms);
  return {
    latencyMs,
    views: views.length,
    served: round(views.filter(v => v.ok).length / views.length, 3),
    p50: round(percentile(times, 50)),
    p95: round(percentile(times, 95)),
    deadlineMs: DEFAULT_DEADLINE_MS,
  };
}

/** A throttling storm: half of all AWS calls throttled, 40 views with refresh=true. */
async function throttlingStorm(throttleRate: number) {
  const bench = await startBench({
    style: 'tags',
    latencyMs: 20,
    throttleRate,
  });
  const views = [];
  for (let i = 0; i < 40; i++) {
    views.push(await pageView(bench, '?refresh=true'));
  }
  const awsCalls = bench.fake.totalCalls();
  await bench.stop();
  const times = views.map(v => v.ms);
  return {
    throttleRate,
    views: views.length,
    awsCalls,
    fullyServed: round(views.filter(v => v.ok).length / views.length, 3),
    p50: round(percentile(times, 50)),
    p95: round(percentile(times, 95)),
    maxMs: round(Math.max(...times)),
  };
}

/**
 * The fan-out probe: the entity's tag annotation matches 201 pipelines in
 * each of 3 regions (603, the outside test's case). One view must stop at
 * the ceiling (codepipeline.maxResourcesPerKind, default 20) and say so.
 */
async function fanOutProbe() {
  const bench = await startBench({
    style: 'tags',
    latencyMs: 5,
    tagSearchRegions: ['us-east-1', 'eu-west-1', 'ap-south-1'],
    extraTaggedPipelines: 199,
  });
  const started = performance.now();
  const response = await fetch(`${bench.entityUrl}/pipelines`);
  const body = (await response.json()) as any;
  const ms = performance.now() - started;
  const calls = Object.fromEntries(bench.fake.calls);
  const awsCalls = bench.fake.totalCalls();
  await bench.stop();
  return {
    taggedPipelines: 3 * 201,
    status: response.status,
    truncated: body.truncated,
    pipelinesShown: (body.pipelines ?? []).filter((p: any) => p.status).length,
    awsCalls,
    calls,
    ms: round(ms),
  };
}

/** `npm run bench -- reliability`: only the hung, slow, throttling-storm and fan-out cases. */
async function reliabilityOnly() {
  const hung = await hungEndpoint();
  const slow = await slowEndpoint(1_000);
  const storm = await throttlingStorm(0.5);
  const fanOut = await fanOutProbe();
  console.log(
    JSON.stringify(
      { node: process.version, hung, slow, storm, fanOut },
      null,
      2,
    ),
  );
  process.exit(0);
}

type LiveFigures = Awaited<ReturnType<typeof liveVsPolling>>;

function printLive(live: LiveFigures) {
  console.log(
    `live updates vs polling (${live.entities} entities x ${live.pagesPerEntity} pages, clock ${live.compression}x, ${live.simulated}; events through the ${live.eventsInjectedThrough}):`,
  );
  for (const mode of [live.polling, live.events]) {
    console.log(
      `  ${mode.mode}: change -> visible p50 ${mode.latencySeconds.p50} s, p95 ${mode.latencySeconds.p95} s (max ${mode.latencySeconds.max} s; ${mode.pageObservations}/${mode.expectedObservations} page observations of ${mode.changes} changes); AWS reads per hour for 100 entities x 5 pages: ${mode.awsReadsPerHour.for100Entities} (GetPipelineState ${mode.awsReadsPerHour.getPipelineStateFor100Entities}; physical limit ${live.physicalLimitReadsPerHourFor100Entities}, one read per change)`,
    );
    console.log(
      `    by operation: ${JSON.stringify(mode.awsReadsPerHour.byOperation)}`,
    );
  }
}

/** `npm run bench -- live`: only polling vs live updates. */
async function liveOnly() {
  const live = await liveVsPolling();
  printLive(live);
  const figures = {
    date: new Date().toISOString(),
    node: process.version,
    live,
  };
  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'live.json'),
    `${JSON.stringify(figures, null, 2)}\n`,
  );
  console.log(`written to bench/results/live.json`);
  process.exit(0);
}

/**
 * `npm run bench -- overview`: only the delivery overview in the browser
 * (needs Chromium, and ports 3000/7007 free or the portal already on them).
 */
async function overviewOnly() {
  const overview = await overviewRender();
  console.log(
    `delivery overview, ${overview.fleet} services, warm (portal ${overview.portal}; issue budget ${overview.budgetMs} ms for 500):`,
  );
  for (const [build, cases] of Object.entries(overview.builds)) {
    console.log(`  ${build} build:`);
    const line = (label: string, f: (typeof cases)[string]) =>
      console.log(
        `    ${label}: p50 ${f.p50} ms, p95 ${f.p95} ms, max ${f.max} ms (${f.rounds} rounds)`,
      );
    line('open, first 25 rows', cases.openFirst25);
    line('next page of 100 rows', cases.nextPageOf100);
    line(
      'all 500 in pages of 100 (open, 100 per page, pages 2-5)',
      cases.all500InPagesOf100,
    );
    line('all 500 rows in one answer', cases.all500InOneAnswer);
  }
  console.log(JSON.stringify({ node: process.version, overview }, null, 2));
  process.exit(0);
}

async function main() {
  if (process.argv.includes('overview')) {
    await overviewOnly();
    return;
  }
  if (process.argv.includes('reliability')) {
    await reliabilityOnly();
    return;
  }
  if (process.argv.includes('live')) {
    await liveOnly();
    return;
  }
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
  const hung = await hungEndpoint();
  const slow = await slowEndpoint(1_000);
  const storm = await throttlingStorm(0.5);
  const fanOut = await fanOutProbe();
  const live = await liveVsPolling();
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
    reliability: { hung, slow, storm, fanOut },
    liveUpdates: live,
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
    `hung endpoint, 10 concurrent views: all answered by ${
      hung.maxMs
    } ms (deadline ${hung.deadlineMs} ms, p50 ${hung.p50} ms), ${
      hung.viewsWithTimeoutEntries
    }/${hung.views} with timeout entries, ${
      hung.hungCalls
    } calls left hanging; after it answers again: ${
      hung.recovery.ok ? 'served' : 'NOT served'
    } in ${hung.recovery.ms} ms`,
  );
  console.log(
    `slow endpoint, ${slow.latencyMs} ms per call: ${slow.served * 100}% of ${
      slow.views
    } views served, p50 ${slow.p50} ms, p95 ${slow.p95} ms (deadline ${
      slow.deadlineMs
    } ms)`,
  );
  console.log(
    `throttling storm, ${storm.throttleRate * 100}% throttled: ${round(
      storm.fullyServed * 100,
    )}% of ${storm.views} views fully served, p50 ${storm.p50} ms, p95 ${
      storm.p95
    } ms, max ${storm.maxMs} ms, ${storm.awsCalls} AWS calls`,
  );
  printLive(live);
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
