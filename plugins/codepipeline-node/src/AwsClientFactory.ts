import type { Config } from '@backstage/config';
import {
  AwsCredentialsManager,
  DefaultAwsCredentialsManager,
} from '@backstage/integration-aws-node';
import {
  AwsTimeoutError,
  AwsTimeoutReason,
  recordTimeout,
  remainingMs,
} from './awsDeadline';

/** Where an AWS call goes: whose credentials, which region. */
export interface AwsClientTarget {
  /** Omit for the main account (`aws.mainAccount` or the default credential chain). */
  accountId?: string;
  region: string;
}

/** Options applied to every client the factory builds. */
export interface AwsClientFactoryOptions {
  /**
   * Attempts per call, including the first, with the SDK's standard retry
   * strategy (exponential backoff on throttling, 5xx and timeouts). Unset:
   * the SDK's default, which honours `AWS_MAX_ATTEMPTS`. Tests against moto
   * use 1 because moto answers unimplemented operations with HTTP 500.
   */
  maxAttempts?: number;
  /** Milliseconds to establish a TCP connection before the attempt fails. Default 3 000. */
  connectionTimeoutMs?: number;
  /**
   * Milliseconds an attempt may wait for AWS's answer (and the longest pause
   * while reading it) before it fails with a timeout. Default 30 000.
   */
  requestTimeoutMs?: number;
  /**
   * Milliseconds one call may take in all, retries and backoff included,
   * before it fails with {@link AwsTimeoutError}. A shorter deadline set with
   * {@link withAwsDeadline} wins. Default 60 000.
   */
  callTimeoutMs?: number;
}

export const DEFAULT_CONNECTION_TIMEOUT_MS = 3_000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
export const DEFAULT_CALL_TIMEOUT_MS = 60_000;

// Every AWS SDK v3 client constructor accepts `{ region, credentials, maxAttempts, requestHandler }`.
type AwsClientConstructor<C> = new (config: any) => C;

interface SdkCommand {
  input?: unknown;
  constructor: { name: string };
}

interface SdkClient {
  send(command: SdkCommand, options?: unknown, callback?: unknown): unknown;
  middlewareStack?: {
    add(middleware: unknown, options: { step: string; name: string }): void;
  };
}

/**
 * The one place Slipway builds AWS SDK clients. Credentials come from
 * `@backstage/integration-aws-node` (`aws.*` config); endpoints from the SDK's
 * own resolution, so `AWS_ENDPOINT_URL` points every client at an emulator.
 * Keeps one client per service × account × region, so connections and
 * credential caches are reused across requests.
 *
 * Every call fails in bounded time: a connect timeout and a request timeout
 * per attempt (both throw, through the SDK's own request handler), and an
 * overall limit per call, or the deadline set with {@link withAwsDeadline},
 * whichever comes first. A call that runs out of time throws
 * {@link AwsTimeoutError}, naming the call, the endpoint and the time taken.
 *
 * @public
 */
export class AwsClientFactory {
  private readonly clients = new Map<string, Promise<unknown>>();

  static fromConfig(
    config: Config,
    options?: AwsClientFactoryOptions,
  ): AwsClientFactory {
    return new AwsClientFactory(
      DefaultAwsCredentialsManager.fromConfig(config),
      options,
    );
  }

  constructor(
    private readonly credentialsManager: AwsCredentialsManager,
    private readonly options: AwsClientFactoryOptions = {},
  ) {}

  get<C>(Client: AwsClientConstructor<C>, target: AwsClientTarget): Promise<C> {
    const key = `${Client.name}|${target.accountId ?? 'main'}|${target.region}`;
    let client = this.clients.get(key) as Promise<C> | undefined;
    if (!client) {
      client = this.create(Client, target);
      this.clients.set(key, client);
      // Forget a failed credential lookup so that the next call can retry it.
      client.catch(() => this.clients.delete(key));
    }
    return client;
  }

  /** Resolves credentials for a target without calling AWS, or throws why not. */
  async resolveCredentials(target: AwsClientTarget): Promise<void> {
    const provider = await this.credentialProvider(target);
    await provider();
  }

  private async create<C>(
    Client: AwsClientConstructor<C>,
    target: AwsClientTarget,
  ): Promise<C> {
    const requestTimeout =
      this.options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    const client = new Client({
      region: target.region,
      credentials: await this.credentialProvider(target),
      ...(this.options.maxAttempts !== undefined && {
        maxAttempts: this.options.maxAttempts,
        retryMode: 'standard',
      }),
      requestHandler: {
        connectionTimeout:
          this.options.connectionTimeoutMs ?? DEFAULT_CONNECTION_TIMEOUT_MS,
        requestTimeout,
        // Without this, @smithy/node-http-handler only logs a warning.
        throwOnRequestTimeout: true,
        // Bounds a response whose body stops half-way, too.
        socketTimeout: requestTimeout,
      },
    });
    return this.bounded(client as C & SdkClient, Client.name, target.region);
  }

  /**
   * Replaces the client's `send` with one that gives every call an abort
   * signal for its remaining time and gives up waiting when it fires, even if
   * the SDK is stuck where a signal does not reach (credential resolution).
   * The prototype's `send` is looked up per call, so client mocks still work.
   */
  private bounded<C extends SdkClient>(
    client: C,
    clientName: string,
    region: string,
  ): C {
    const service = clientName.replace(/Client$/, '');
    let endpoint: string | undefined;
    client.middlewareStack?.add(
      (next: (args: any) => Promise<unknown>) => async (args: any) => {
        const request = args?.request;
        if (request?.hostname) {
          endpoint = `${request.protocol}//${request.hostname}${
            request.port ? `:${request.port}` : ''
          }`;
        }
        return next(args);
      },
      { step: 'finalizeRequest', name: 'slipwayEndpointRecorder' },
    );
    const prototype = Object.getPrototypeOf(client) as SdkClient;
    const callTimeout = this.options.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
    client.send = (command, options, callback) => {
      if (typeof options === 'function' || callback !== undefined) {
        return prototype.send.call(client, command, options, callback);
      }
      return sendWithin(
        Math.min(callTimeout, remainingMs()),
        signal =>
          prototype.send.call(client, command, {
            ...(options as object),
            abortSignal: signal,
          }) as Promise<unknown>,
        (reason, elapsedMs) =>
          new AwsTimeoutError({
            service,
            operation: command.constructor.name.replace(/Command$/, ''),
            region,
            endpoint:
              endpoint ??
              process.env.AWS_ENDPOINT_URL ??
              `the ${service} endpoint`,
            elapsedMs,
            reason,
          }),
        (options as { abortSignal?: AbortSignal } | undefined)?.abortSignal,
      );
    };
    return client;
  }

  private async credentialProvider(target: AwsClientTarget) {
    const { sdkCredentialProvider } =
      await this.credentialsManager.getCredentialProvider(
        target.accountId ? { accountId: target.accountId } : undefined,
      );
    return sdkCredentialProvider;
  }
}

/** Runs `call` with `timeoutMs` to finish; a timeout of any kind becomes `timeoutError`. */
async function sendWithin<T>(
  timeoutMs: number,
  call: (signal: AbortSignal) => Promise<T>,
  timeoutError: (reason: AwsTimeoutReason, elapsedMs: number) => Error,
  callerSignal?: AbortSignal,
): Promise<T> {
  const started = Date.now();
  const fail = (reason: AwsTimeoutReason) => {
    recordTimeout();
    return timeoutError(reason, Date.now() - started);
  };
  if (timeoutMs <= 0) {
    throw fail('deadline'); // out of time already: do not call AWS at all
  }
  const controller = new AbortController();
  let timedOut = false;
  let giveUp: () => void = () => undefined;
  const expired = new Promise<never>((_, reject) => {
    giveUp = () => reject(fail('deadline'));
  });
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
    giveUp();
  }, timeoutMs);
  const forwardAbort = () => controller.abort(callerSignal?.reason);
  callerSignal?.addEventListener('abort', forwardAbort, { once: true });
  try {
    return await Promise.race([call(controller.signal), expired]);
  } catch (error) {
    if (timedOut) {
      throw await expired.catch(e => e);
    }
    const reason = sdkTimeoutReason(error);
    throw reason ? fail(reason) : error;
  } finally {
    clearTimeout(timer);
    callerSignal?.removeEventListener('abort', forwardAbort);
  }
}

/** Whether the SDK's request handler gave up on its own, and why. */
function sdkTimeoutReason(error: unknown): AwsTimeoutReason | undefined {
  const e = error as { name?: string; code?: string; message?: string } | null;
  if (e?.name !== 'TimeoutError' && e?.code !== 'ETIMEDOUT') {
    return undefined;
  }
  return /establish a connection/.test(e.message ?? '') ? 'connect' : 'request';
}
