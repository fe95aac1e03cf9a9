/**
 * The local world as a process, for the demo and anything outside Node tests:
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs \
 *     packages/local-world/src/cli.ts [--port N] [--delay-ms N] [--platform dev=CLUSTER,prod=CLUSTER]
 *       [--work-root DIR]
 *
 * With --work-root, the whole delivery path runs (deliveryParts): the git
 * server, real builds, ECS and CodeDeploy deployments, keeping repositories,
 * build logs and artifacts under DIR.
 *
 * Prints one JSON line {"endpoint", "motoEndpoint"[, "platform"]} once both
 * answer, then runs until SIGINT/SIGTERM, stopping moto_server too. Use
 * `endpoint` as AWS_ENDPOINT_URL. Listens on 127.0.0.1 only.
 */
import {
  deliveryParts,
  startLocalWorld,
  type StartLocalWorldOptions,
} from './launcher';

function option(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
}

function parseOptions(): StartLocalWorldOptions {
  const port = option('--port');
  const delayMs = option('--delay-ms');
  const platform = option('--platform');
  const workRoot = option('--work-root');
  return {
    ...(workRoot && { parts: deliveryParts({ workRoot }) }),
    ...(port && { port: Number(port) }),
    ...(delayMs && { delayMs: Number(delayMs) }),
    ...(platform && {
      platform: Object.fromEntries(
        platform.split(',').map(pair => {
          const [env, cluster] = pair.split('=');
          return [env, cluster || `${env}-cluster`];
        }),
      ),
    }),
  };
}

async function main() {
  const world = await startLocalWorld(parseOptions());
  let closing = false;
  const stop = async (code: number) => {
    if (closing) return;
    closing = true;
    await world.close().catch(() => {});
    process.exit(code);
  };
  process.once('SIGINT', () => void stop(0));
  process.once('SIGTERM', () => void stop(0));
  world.motoExited.catch(error => {
    process.stderr.write(`${error.message}\n`);
    void stop(1);
  });
  process.stdout.write(
    `${JSON.stringify({
      endpoint: world.endpoint,
      motoEndpoint: world.motoEndpoint,
      ...(world.platform && { platform: world.platform }),
    })}\n`,
  );
}

main().catch(error => {
  process.stderr.write(`local world: ${error?.stack ?? error}\n`);
  process.exit(1);
});
