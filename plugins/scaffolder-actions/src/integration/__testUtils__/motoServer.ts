import { ChildProcess, execFile, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';

/**
 * A `moto_server` child process on 127.0.0.1 for the integration tests
 * (through motoLauncher.py, which adds the CodeDeploy deletes moto lacks).
 * Starting it points the AWS SDK (JavaScript and boto3) at it through
 * `AWS_ENDPOINT_URL` and fake credentials; `stop` restores the environment.
 */
export interface MotoServer {
  endpoint: string;
  /** `POST /moto-api/reset`: forget every resource. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';
const STARTUP_TIMEOUT_MS = 20_000;
const ENVIRONMENT: Record<string, string> = {
  AWS_ACCESS_KEY_ID: 'testing',
  AWS_SECRET_ACCESS_KEY: 'testing',
  AWS_REGION: 'us-east-1',
  AWS_DEFAULT_REGION: 'us-east-1',
  // moto answers operations it does not implement with HTTP 500: never retry.
  AWS_MAX_ATTEMPTS: '1',
};
const CLEARED = ['AWS_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_ROLE_ARN'];

const MISSING_MOTO =
  'moto (python3 -m moto.server) was not found. The scaffolder integration tests need it: pip install "moto[server]==5.2.1" (CI installs it).';

/** moto_server plus the test setup's additions (CodeDeploy deletes moto lacks). */
const LAUNCHER = path.resolve(__dirname, 'motoLauncher.py');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

async function answers(endpoint: string): Promise<boolean> {
  try {
    const response = await fetch(`${endpoint}/moto-api/data.json`);
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise(resolve => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

async function launch(port: number): Promise<ChildProcess> {
  const endpoint = `http://${HOST}:${port}`;
  const child = spawn('python3', [LAUNCHER, '-H', HOST, '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  // moto logs every request to stderr: keep only the tail, for error messages.
  let stderr = '';
  child.stderr!.on('data', chunk => {
    stderr = (stderr + String(chunk)).slice(-4000);
  });
  const failed = new Promise<never>((_, reject) => {
    child.once('error', error =>
      reject(
        (error as NodeJS.ErrnoException).code === 'ENOENT'
          ? new Error(MISSING_MOTO)
          : error,
      ),
    );
    child.once('exit', code =>
      reject(
        /No module named '?moto/.test(stderr)
          ? new Error(MISSING_MOTO)
          : new Error(
              `moto_server exited with code ${code} on start:\n${stderr}`,
            ),
      ),
    );
  });
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  const ready = (async () => {
    while (Date.now() < deadline) {
      if (await answers(endpoint)) return;
      await new Promise(resolve => setTimeout(resolve, 100));
    }
    throw new Error(
      `moto_server did not answer on ${endpoint} within ${STARTUP_TIMEOUT_MS} ms:\n${stderr}`,
    );
  })();
  try {
    await Promise.race([ready, failed]);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  failed.catch(() => {}); // it exits when stopped
  return child;
}

/** Starts moto_server on a free port of 127.0.0.1 (never another address). */
export async function startMotoServer(): Promise<MotoServer> {
  let child: ChildProcess | undefined;
  let port = 0;
  for (let attempt = 1; !child; attempt++) {
    port = await freePort();
    try {
      child = await launch(port);
    } catch (error) {
      // Another process may have taken the port in between: try another one.
      if (attempt >= 3 || (error as Error).message === MISSING_MOTO)
        throw error;
    }
  }
  const endpoint = `http://${HOST}:${port}`;
  const saved = Object.fromEntries(
    [...Object.keys(ENVIRONMENT), ...CLEARED, 'AWS_ENDPOINT_URL'].map(key => [
      key,
      process.env[key],
    ]),
  );
  Object.assign(process.env, ENVIRONMENT, { AWS_ENDPOINT_URL: endpoint });
  CLEARED.forEach(key => delete process.env[key]);
  const running = child;

  return {
    endpoint,
    async reset() {
      const response = await fetch(`${endpoint}/moto-api/reset`, {
        method: 'POST',
      });
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`moto reset: ${response.status}`);
    },
    async stop() {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
      running.kill('SIGTERM');
      const timer = setTimeout(() => running.kill('SIGKILL'), 3000);
      await exited(running);
      clearTimeout(timer);
    },
  };
}

const VERIFY_SCRIPT = path.resolve(__dirname, '../../../integration/verify.py');

/** Runs integration/verify.py (boto3) against the moto server and parses its JSON. */
export function verifyPy<T = any>(...args: string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    execFile(
      'python3',
      [VERIFY_SCRIPT, ...args],
      { env: process.env, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) {
          reject(
            new Error(`verify.py ${args.join(' ')} failed: ${stderr || error}`),
          );
          return;
        }
        try {
          resolve(JSON.parse(stdout) as T);
        } catch (parseError) {
          reject(parseError);
        }
      },
    );
  });
}
