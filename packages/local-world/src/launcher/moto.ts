import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';

const HOST = '127.0.0.1';
const STARTUP_TIMEOUT_MS = 30_000;
/** moto_server with the patches the local world cannot make from outside (see the file). */
const MOTO_SERVER_PY = resolvePackagePath(
  'local-world',
  'src/launcher/moto_server.py',
);
const MISSING_MOTO =
  'moto is not installed for python3: pip install "moto[server]==5.2.1" boto3';

export interface MotoOptions {
  /**
   * MOTO_ECS_SERVICE_RUNNING: the running count (and COMPLETED deployment)
   * every ECS service reports; moto runs no tasks, so without it every
   * service stays at 0 running with its first deployment IN_PROGRESS.
   */
  ecsServiceRunning?: number;
  /** More environment for moto_server (MOTO_* settings). */
  env?: NodeJS.ProcessEnv;
}

export interface Moto {
  /** moto_server's own URL (127.0.0.1, a free port). */
  url: string;
  /** `POST /moto-api/reset`: forget every resource. */
  reset(): Promise<void>;
  stop(): Promise<void>;
  /** Settles when moto_server exits (rejects if it exits on its own). */
  exited: Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/moto-api/data.json`);
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise(resolve => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve();
      return;
    }
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

async function launch(port: number, options: MotoOptions): Promise<Moto> {
  const url = `http://${HOST}:${port}`;
  const child = spawn(
    'python3',
    [MOTO_SERVER_PY, '-H', HOST, '-p', String(port)],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: {
        ...process.env,
        ...options.env,
        ...(options.ecsServiceRunning !== undefined && {
          MOTO_ECS_SERVICE_RUNNING: String(options.ecsServiceRunning),
        }),
      },
    },
  );
  // moto logs every request to stderr: only the tail is kept, for errors.
  let stderr = '';
  child.stderr!.on('data', chunk => {
    stderr = (stderr + String(chunk)).slice(-4000);
  });
  let stopping = false;
  const exited = new Promise<void>((resolve, reject) => {
    child.once('error', error =>
      reject(
        (error as NodeJS.ErrnoException).code === 'ENOENT'
          ? new Error(MISSING_MOTO)
          : error,
      ),
    );
    child.once('exit', code => {
      if (stopping) resolve();
      else if (/No module named '?moto/.test(stderr))
        reject(new Error(MISSING_MOTO));
      else
        reject(new Error(`moto_server exited with code ${code}:\n${stderr}`));
    });
  });
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  const ready = (async () => {
    while (Date.now() < deadline) {
      if (await answers(url)) return;
      await new Promise(resolve => setTimeout(resolve, 100));
    }
    throw new Error(
      `moto_server did not answer on ${url} within 30 s:\n${stderr}`,
    );
  })();
  try {
    await Promise.race([ready, exited]);
  } catch (error) {
    stopping = true;
    await stopChild(child);
    throw error;
  }
  exited.catch(() => {}); // handled by whoever awaits it
  return {
    url,
    exited,
    async reset() {
      const response = await fetch(`${url}/moto-api/reset`, { method: 'POST' });
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`moto reset: HTTP ${response.status}`);
    },
    stop() {
      stopping = true;
      return stopChild(child);
    },
  };
}

/**
 * Starts the launcher's moto_server (src/launcher/moto_server.py) on a free
 * port of 127.0.0.1 (never another address) and waits until it answers.
 */
export async function startMoto(options: MotoOptions = {}): Promise<Moto> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await launch(await freePort(), options);
    } catch (error) {
      // Another process may have taken the port in between: try another one.
      if (attempt >= 3 || (error as Error).message === MISSING_MOTO)
        throw error;
    }
  }
}
