import { execFile } from 'node:child_process';
import path from 'node:path';
import { startLocalWorld, useLocalWorldEnv } from 'local-world';

/**
 * The local world (packages/local-world: moto_server with its gaps corrected)
 * for the integration tests. Starting it points the AWS SDK (JavaScript and
 * boto3) of this process at it through `AWS_ENDPOINT_URL` and placeholder
 * credentials; `stop` restores the environment.
 */
export interface MotoServer {
  /** The local world's URL (AWS_ENDPOINT_URL). */
  endpoint: string;
  /** moto_server's own URL, without the local world's corrections. */
  motoEndpoint: string;
  /** `POST /moto-api/reset`: forget every resource. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the local world on free ports of 127.0.0.1 (never another address). */
export async function startMotoServer(): Promise<MotoServer> {
  const world = await startLocalWorld();
  const restore = useLocalWorldEnv(world.env);
  return {
    endpoint: world.endpoint,
    motoEndpoint: world.motoEndpoint,
    reset: world.reset,
    async stop() {
      restore();
      await world.close();
    },
  };
}

const VERIFY_SCRIPT = path.resolve(__dirname, '../../../integration/verify.py');

/** Runs integration/verify.py (boto3) against the moto server and parses its JSON. */
export function verifyPy<T = any>(...args: string[]): Promise<T> {
  return verifyPyWith<T>({}, ...args);
}

/**
 * {@link verifyPy} with more environment, e.g. another account's
 * credentials and region (World.awsEnv): boto3 then reads that account.
 */
export function verifyPyWith<T = any>(
  env: Record<string, string>,
  ...args: string[]
): Promise<T> {
  return runPython<T>(VERIFY_SCRIPT, env, ...args);
}

/** Runs a boto3 script against the moto server with more environment and parses its JSON. */
export function runPython<T = any>(
  script: string,
  env: Record<string, string>,
  ...args: string[]
): Promise<T> {
  const name = path.basename(script);
  return new Promise((resolve, reject) => {
    execFile(
      'python3',
      [script, ...args],
      { env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) {
          reject(
            new Error(`${name} ${args.join(' ')} failed: ${stderr || error}`),
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
