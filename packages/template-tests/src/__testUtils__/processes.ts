import { execFile, spawn, ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  INVENTORY_PY,
  MOTO_LAUNCHER,
  MOTO_SHIM_DIR,
  PLATFORM_PY,
} from './paths';

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

/** moto_server behind scripts/demo/moto.js's adapter, on 127.0.0.1. */
export interface Moto {
  /** The adapter's URL: use it as AWS_ENDPOINT_URL. */
  endpoint: string;
  /** Environment for boto3 / the AWS SDK: fake credentials, no retries. */
  env: NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

export const MOTO_ENV = {
  AWS_ACCESS_KEY_ID: 'testing',
  AWS_SECRET_ACCESS_KEY: 'testing',
  AWS_REGION: 'us-east-1',
  AWS_DEFAULT_REGION: 'us-east-1',
  // moto answers operations it does not implement with HTTP 500: never retry.
  AWS_MAX_ATTEMPTS: '1',
};

function exited(child: ChildProcess): Promise<void> {
  return new Promise(resolve => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

/**
 * Spawns moto_server (through the adapter that the demo uses too, with the
 * CodeDeploy deletes of motoShim/moto_server) on free ports of 127.0.0.1 and
 * waits until it answers. Fails with moto's own message, e.g. when
 * moto_server is not installed.
 */
export function startMoto(): Promise<Moto> {
  const child = spawn(process.execPath, [MOTO_LAUNCHER], {
    stdio: ['ignore', 'pipe', 'pipe'],
    // The launcher starts `moto_server` from the PATH: ours first, which
    // adds the CodeDeploy deletes moto lacks (motoShim/moto_server).
    env: {
      ...process.env,
      PATH: [MOTO_SHIM_DIR, process.env.PATH].join(path.delimiter),
    },
  });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', chunk => {
    stderr += String(chunk);
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`moto did not start within 40 s:\n${stderr}`));
    }, 40_000);
    child.once('exit', code => {
      clearTimeout(timer);
      reject(new Error(`moto could not start (exit ${code}):\n${stderr}`));
    });
    child.stdout!.on('data', chunk => {
      stdout += String(chunk);
      const line = stdout.split('\n')[0];
      if (!stdout.includes('\n')) return;
      clearTimeout(timer);
      const { endpoint } = JSON.parse(line) as { endpoint: string };
      resolve({
        endpoint,
        env: { ...process.env, ...MOTO_ENV, AWS_ENDPOINT_URL: endpoint },
        async stop() {
          child.kill('SIGTERM');
          await exited(child);
        },
      });
    });
  });
}

/** Runs scripts/demo/moto_platform.py (boto3) against moto and parses its JSON. */
export async function platformPy<T = any>(
  moto: Moto,
  ...args: string[]
): Promise<T> {
  const { stdout } = await run('python3', [PLATFORM_PY, ...args], {
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
 * One moto_server for a test file: started before its tests with every AWS
 * client of the process pointed at it, and a scratch directory; both gone
 * (and the environment restored) after them.
 */
export function motoForSuite(scratchPrefix: string): {
  moto: Moto;
  work: string;
} {
  const suite = {} as { moto: Moto; work: string };
  const savedEnv = { ...process.env };
  beforeAll(async () => {
    suite.moto = await startMoto();
    Object.assign(process.env, MOTO_ENV, {
      AWS_ENDPOINT_URL: suite.moto.endpoint,
    });
    suite.work = await fs.mkdtemp(path.join(os.tmpdir(), scratchPrefix));
  });
  afterAll(async () => {
    process.env = savedEnv;
    await suite.moto?.stop();
    if (suite.work) await fs.rm(suite.work, { recursive: true, force: true });
  });
  return suite;
}
