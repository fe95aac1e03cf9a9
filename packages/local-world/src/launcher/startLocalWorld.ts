import type { Clock } from '../pipelines/clock';
import type { PipelineEngine } from '../pipelines/engine';
import { defaultRunners, type ActionRunners } from '../pipelines/runners';
import { BuildStore } from '../builds/store';
import { localWorldEvents, type LocalWorldEvents } from '../events';
import { motoGapInterceptors } from '../gaps';
import { createPlatform, type Platform } from '../platform';
import type { Interceptor } from '../server/interceptors';
import {
  startLocalWorldServer,
  type LocalWorldRoute,
  type LocalWorldServer,
} from '../server/handler';
import { localWorldEnv } from './env';
import { freePort, startMoto, type MotoOptions } from './moto';

/** What a part of the local world is given: where everything is. */
export interface LocalWorldContext {
  /** The local world's URL (AWS_ENDPOINT_URL), known before it listens. */
  endpoint: string;
  /** moto_server's own URL, for reads that must bypass the local world. */
  motoEndpoint: string;
  region: string;
  /** localWorldEnv(endpoint, region). */
  env: Record<string, string>;
  /** The builds BatchGetBuilds answers for (give it to codeBuildRunner). */
  builds: BuildStore;
  clock?: Clock;
  /** The EventBridge events' hooks (give `ecs`, `codeDeploy` to those parts); undefined when off. */
  events?: LocalWorldEvents;
  /** The executor of a region; callable once the server runs. */
  engineFor(region: string): PipelineEngine;
}

/** What a part adds: runners by provider, interceptors, HTTP routes. */
export interface LocalWorldPartResult {
  /** Merged over the defaults (a part's runner replaces the default of its key). */
  runners?: ActionRunners;
  interceptors?: readonly Interceptor[];
  routes?: readonly LocalWorldRoute[];
  /** Called when the world closes (timers, child processes). */
  close?(): void | Promise<void>;
}

/** One part of the local world (ECS deploys, CodeDeploy, the git server…). */
export type LocalWorldPart = (
  ctx: LocalWorldContext,
) => LocalWorldPartResult | Promise<LocalWorldPartResult>;

export interface StartLocalWorldOptions {
  /** The local world's port on 127.0.0.1; a free one by default. */
  port?: number;
  /** Default us-east-1. */
  region?: string;
  /** How long the default runners' stand-in actions take; default 1000 ms. */
  delayMs?: number;
  clock?: Clock;
  /** Parts composed in order: their interceptors come before the gap fixes. */
  parts?: readonly LocalWorldPart[];
  /** environment → ECS cluster: creates the platform (see createPlatform). */
  platform?: Record<string, string>;
  moto?: MotoOptions;
  /**
   * EventBridge events of the emulated changes, put into moto (see the
   * README, "Events"); default true. `{ log }` says where failures go.
   */
  events?: boolean | { log?: (message: string) => void };
}

export interface LocalWorld {
  /** AWS_ENDPOINT_URL for every AWS client. */
  endpoint: string;
  motoEndpoint: string;
  region: string;
  /** AWS_ENDPOINT_URL, placeholder credentials, region, no metadata, no retries. */
  env: Record<string, string>;
  /** What `platform` created, when asked. */
  platform?: Platform;
  /** The EventBridge events' hooks; undefined when `events: false`. */
  events?: LocalWorldEvents;
  server: LocalWorldServer;
  /** Forgets every resource in moto. */
  reset(): Promise<void>;
  /** Settles when moto_server exits; rejects if it exits on its own. */
  motoExited: Promise<void>;
  /** Stops the server and moto_server. */
  close(): Promise<void>;
}

function mergeRunners(
  base: ActionRunners,
  added: ActionRunners = {},
): ActionRunners {
  return {
    byProvider: { ...base.byProvider, ...added.byProvider },
    fallback: added.fallback ?? base.fallback,
  };
}

/**
 * Starts the local world: moto_server (patched, see moto_server.py) and, in
 * front of it, the local world server on 127.0.0.1 with the moto gap
 * interceptors, the default runners and the given parts; optionally the
 * platform team's part of the environments.
 */
export async function startLocalWorld(
  options: StartLocalWorldOptions = {},
): Promise<LocalWorld> {
  const region = options.region ?? 'us-east-1';
  const moto = await startMoto({ ecsServiceRunning: 1, ...options.moto });
  let server: LocalWorldServer | undefined;
  const closers: Array<() => void | Promise<void>> = [];
  try {
    const port = options.port ?? (await freePort());
    const endpoint = `http://127.0.0.1:${port}`;
    const env = localWorldEnv(endpoint, region);
    const events =
      options.events === false
        ? undefined
        : localWorldEvents({
            upstream: moto.url,
            ...(typeof options.events === 'object' && options.events),
          });
    const builds = new BuildStore(events?.builds);
    const ctx: LocalWorldContext = {
      endpoint,
      motoEndpoint: moto.url,
      region,
      env,
      builds,
      clock: options.clock,
      events,
      engineFor: engineRegion => {
        if (!server)
          throw new Error('The local world server is not running yet');
        return server.handler.engineFor(engineRegion);
      },
    };

    let runners: ActionRunners = defaultRunners(options.delayMs);
    const interceptors: Interceptor[] = [];
    const routes: LocalWorldRoute[] = [];
    for (const part of options.parts ?? []) {
      const added = await part(ctx);
      runners = mergeRunners(runners, added.runners);
      interceptors.push(...(added.interceptors ?? []));
      routes.push(...(added.routes ?? []));
      if (added.close) closers.push(added.close);
    }
    interceptors.push(...motoGapInterceptors(moto.url));
    server = await startLocalWorldServer({
      upstream: moto.url,
      port,
      clock: options.clock,
      runners,
      builds,
      interceptors,
      routes,
      events: events?.pipelines,
    });
    const platform = options.platform
      ? await createPlatform({ environments: options.platform, env })
      : undefined;
    const running = server;
    return {
      endpoint,
      motoEndpoint: moto.url,
      region,
      env,
      platform,
      events,
      server: running,
      reset: moto.reset,
      motoExited: moto.exited,
      async close() {
        for (const close of closers) await close();
        await running.close();
        await events?.flushed();
        await moto.stop();
      },
    };
  } catch (error) {
    for (const close of closers) await close();
    await server?.close();
    await moto.stop();
    throw error;
  }
}
