import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A server process started for the test on 127.0.0.1 with an ephemeral data dir. */
export interface LocalServer {
  port: number;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function waitForPort(port: number, what: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>(resolve => {
      const socket = new Socket();
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
      socket.connect(port, '127.0.0.1');
    });
    if (open) return;
    if (Date.now() > deadline)
      throw new Error(`${what} did not start on 127.0.0.1:${port}`);
    await new Promise(resolve => setTimeout(resolve, 100));
  }
}

function requireBinary(path: string, install: string) {
  try {
    execFileSync(path, ['--version'], { stdio: 'ignore' });
  } catch {
    throw new Error(
      `${path} is missing: ${install} (the test command installs it)`,
    );
  }
}

function stopProcess(child: ChildProcess): Promise<void> {
  return new Promise(resolve => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve();
      return;
    }
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** redis-server with no persistence; `stop()` kills it (also used to simulate an outage). */
export async function startRedis(port?: number): Promise<LocalServer> {
  requireBinary('redis-server', 'apt-get install redis-server');
  const chosen = port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), 'slipway-redis-'));
  const child = spawn(
    'redis-server',
    [
      '--port',
      String(chosen),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
    ],
    { stdio: 'ignore' },
  );
  await waitForPort(chosen, 'redis-server');
  return {
    port: chosen,
    async stop() {
      await stopProcess(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const PG_BIN = '/usr/lib/postgresql/15/bin';

/** A throw-away PostgreSQL cluster (trust auth, 127.0.0.1 only), run as `postgres` when we are root. */
export async function startPostgres(): Promise<LocalServer> {
  requireBinary(join(PG_BIN, 'postgres'), 'apt-get install postgresql');
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'slipway-pg-'));
  const asRoot = process.getuid?.() === 0;
  const run = (command: string, args: string[]) =>
    asRoot
      ? (['runuser', ['-u', 'postgres', '--', command, ...args]] as const)
      : ([command, args] as const);
  if (asRoot) {
    chmodSync(dir, 0o777);
    execFileSync('chown', ['postgres', dir]);
  }
  const [initdb, initArgs] = run(join(PG_BIN, 'initdb'), [
    '-D',
    join(dir, 'data'),
    '-A',
    'trust',
    '-U',
    'postgres',
    '--no-sync',
  ]);
  execFileSync(initdb, [...initArgs], { stdio: 'ignore' });
  const [postgres, pgArgs] = run(join(PG_BIN, 'postgres'), [
    '-D',
    join(dir, 'data'),
    '-p',
    String(port),
    '-k',
    dir,
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'fsync=off',
  ]);
  const child = spawn(postgres, [...pgArgs], { stdio: 'ignore' });
  await waitForPort(port, 'postgres');
  return {
    port,
    async stop() {
      await stopProcess(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** moto_server (Python moto) on 127.0.0.1, for SQS and EventBridge; in-memory state. */
export async function startMoto(): Promise<LocalServer> {
  requireBinary('python3', 'pip install "moto[server]"');
  const port = await freePort();
  const child = spawn(
    'python3',
    ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)],
    { stdio: 'ignore' },
  );
  await waitForPort(port, 'moto_server', 60_000);
  return {
    port,
    stop: () => stopProcess(child),
  };
}
