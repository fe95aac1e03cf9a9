import type { Config } from '@backstage/config';
import {
  AwsCredentialsManager,
  DefaultAwsCredentialsManager,
} from '@backstage/integration-aws-node';

/** Where an AWS call goes: whose credentials, which region. */
export interface AwsTarget {
  accountId: string;
  region: string;
}

/** Options applied to every client the factory builds. */
export interface AwsClientFactoryOptions {
  /**
   * Attempts per call, including the first. Leave unset to let the SDK decide
   * (it honours `AWS_MAX_ATTEMPTS`); tests against moto use 1 because moto
   * answers unimplemented operations with HTTP 500, which the SDK would retry.
   */
  maxAttempts?: number;
}

// Every AWS SDK v3 client constructor accepts `{ region, credentials, maxAttempts }`.
type AwsClientConstructor<C> = new (config: any) => C;

/**
 * The one place AWS SDK clients are built. Credentials come from
 * `@backstage/integration-aws-node` (`aws.*` config); endpoints from the SDK's
 * own resolution, so `AWS_ENDPOINT_URL` points every client at an emulator.
 * Keeps one client per service × account × region.
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

  get<C>(Client: AwsClientConstructor<C>, target: AwsTarget): Promise<C> {
    const key = `${Client.name}|${target.accountId}|${target.region}`;
    let client = this.clients.get(key) as Promise<C> | undefined;
    if (!client) {
      client = this.create(Client, target);
      this.clients.set(key, client);
      // Forget a failed credential lookup so that the next task can retry it.
      client.catch(() => this.clients.delete(key));
    }
    return client;
  }

  private async create<C>(
    Client: AwsClientConstructor<C>,
    { accountId, region }: AwsTarget,
  ): Promise<C> {
    const { sdkCredentialProvider } =
      await this.credentialsManager.getCredentialProvider({ accountId });
    return new Client({
      region,
      credentials: sdkCredentialProvider,
      ...(this.options.maxAttempts !== undefined && {
        maxAttempts: this.options.maxAttempts,
      }),
    });
  }
}
