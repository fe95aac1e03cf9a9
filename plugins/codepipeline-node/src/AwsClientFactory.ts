import type { Config } from '@backstage/config';
import {
  AwsCredentialsManager,
  DefaultAwsCredentialsManager,
} from '@backstage/integration-aws-node';

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
   * strategy (exponential backoff on throttling and 5xx). Unset: the SDK's
   * default, which honours `AWS_MAX_ATTEMPTS`. Tests against moto use 1
   * because moto answers unimplemented operations with HTTP 500.
   */
  maxAttempts?: number;
  /** Milliseconds to wait for a response before the call fails. Default 30 000. */
  requestTimeoutMs?: number;
}

// Every AWS SDK v3 client constructor accepts `{ region, credentials, maxAttempts, requestHandler }`.
type AwsClientConstructor<C> = new (config: any) => C;

/**
 * The one place Slipway builds AWS SDK clients. Credentials come from
 * `@backstage/integration-aws-node` (`aws.*` config); endpoints from the SDK's
 * own resolution, so `AWS_ENDPOINT_URL` points every client at an emulator.
 * Keeps one client per service × account × region, so connections and
 * credential caches are reused across requests.
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
    return new Client({
      region: target.region,
      credentials: await this.credentialProvider(target),
      ...(this.options.maxAttempts !== undefined && {
        maxAttempts: this.options.maxAttempts,
        retryMode: 'standard',
      }),
      requestHandler: {
        connectionTimeout: 3_000,
        requestTimeout: this.options.requestTimeoutMs ?? 30_000,
      },
    });
  }

  private async credentialProvider(target: AwsClientTarget) {
    const { sdkCredentialProvider } =
      await this.credentialsManager.getCredentialProvider(
        target.accountId ? { accountId: target.accountId } : undefined,
      );
    return sdkCredentialProvider;
  }
}
