import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createPlatform, startLocalWorld, useLocalWorldEnv } from 'local-world';
import { INVENTORY_PY } from './paths';

export interface Run {
  stdout: string;
  stderr: string;
}

/** Runs a program to completion; rejects with its output when it fails. */
export function run(
  file: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<Run> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      {
        cwd: options.cwd,
        env: options.env ?? process.env,
        timeout: options.timeoutMs ?? 120_000,
        maxBuffer: 32 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        if (error) {
          reject(
            new Error(
              `${file} ${args.join(' ')} failed (${
                error.message
              }):\n${stdout}\n${stderr}`,
            ),
          );
        } else {
          resolve({ stdout, stderr });
        }
      },
    );
  });
}

/** The local world (packages/local-world: moto_server behind its corrections), on 127.0.0.1. */
export interface Moto {
  /** The local world's URL: use it as AWS_ENDPOINT_URL. */
  endpoint: string;
  /** Environment for boto3 / the AWS SDK: the endpoint, fake credentials, no retries. */
  env: NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

/** Starts the local world on free ports of 127.0.0.1 and waits until it answers. */
export async function startMoto(): Promise<Moto> {
  const world = await startLocalWorld();
  return {
    endpoint: world.endpoint,
    env: { ...process.env, ...world.env },
    stop: world.close,
  };
}

/**
 * The platform team's part (`setup ENV=CLUSTER…`: the local world's
 * createPlatform), or a boto3 read of inventory.py (`pipeline NAME`,
 * `register-task-definition FILE IMAGE`).
 */
export async function platformPy<T = any>(
  moto: Moto,
  ...args: string[]
): Promise<T> {
  if (args[0] === 'setup') {
    const environments = Object.fromEntries(
      args.slice(1).map(pair => {
        const [env, cluster] = pair.split('=');
        return [env, cluster || `${env}-cluster`];
      }),
    );
    return (await createPlatform({ environments, env: moto.env })) as T;
  }
  const { stdout } = await run('python3', [INVENTORY_PY, ...args], {
    env: moto.env,
  });
  return JSON.parse(stdout) as T;
}

/** Every resource of each kind a Slipway run creates, read with boto3 (see inventory.py). */
export type Inventory = Record<string, string[]>;

/** inventory.py against moto: everything, or only what names `filter`. */
export async function inventory(
  moto: Moto,
  filter?: string,
): Promise<Inventory> {
  const { stdout } = await run(
    'python3',
    [INVENTORY_PY, ...(filter ? [filter] : [])],
    { env: moto.env },
  );
  return JSON.parse(stdout) as Inventory;
}

/** How many resources an inventory holds, and of which kinds. */
export function inventoryCount(found: Inventory) {
  const kinds = Object.fromEntries(
    Object.entries(found)
      .filter(([, items]) => items.length)
      .map(([kind, items]) => [kind, items.length]),
  );
  const total = Object.values(kinds).reduce((sum, n) => sum + n, 0);
  return { total, kinds };
}

/** The task definition an ECS service runs, read with boto3 (inventory.py). */
export async function serviceTaskDefinition(moto: Moto, serviceArn: string) {
  const { stdout } = await run(
    'python3',
    [INVENTORY_PY, 'task-definition', serviceArn],
    { env: moto.env },
  );
  return JSON.parse(stdout);
}

/**
 * One local world for a test file: started before its tests with every AWS
 * client of the process pointed at it, and a scratch directory; both gone
 * (and the environment restored) after them.
 */
export function motoForSuite(scratchPrefix: string): {
  moto: Moto;
  work: string;
} {
  const suite = {} as { moto: Moto; work: string };
  let restoreEnv = () => {};
  beforeAll(async () => {
    const world = await startLocalWorld();
    restoreEnv = useLocalWorldEnv(world.env);
    suite.moto = {
      endpoint: world.endpoint,
      env: { ...process.env },
      stop: world.close,
    };
    suite.work = await fs.mkdtemp(path.join(os.tmpdir(), scratchPrefix));
  });
  afterAll(async () => {
    restoreEnv();
    await suite.moto?.stop();
    if (suite.work) await fs.rm(suite.work, { recursive: true, force: true });
  });
  return suite;
}
