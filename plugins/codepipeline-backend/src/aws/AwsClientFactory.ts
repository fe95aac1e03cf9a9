import {
  AwsCredentialsManager,
  DefaultAwsCredentialsManager,
} from '@backstage/integration-aws-node';
import type { Config } from '@backstage/config';

/** Where an AWS call goes: the account whose credentials to use and the region. */
export interface AwsTarget {
  /** Omit for the main account (default credential chain). */
  accountId?: string;
  region: string;
}

// Every AWS SDK v3 client constructor takes `{ region, credentials, maxAttempts, requestHandler }`.
type ClientConstructor<C> = new (config: any) => C;

/**
 * Builds AWS SDK clients with credentials from `@backstage/integration-aws-node`
 * and keeps one client per service × account × region, so connections and
 * credential caches are reused across requests. Throttling and 5xx answers are
 * retried by the SDK's standard retry strategy (exponential backoff), up to
 * `maxAttempts`.
 */
export class AwsClientFactory {
  private readonly clients = new Map<string, Promise<unknown>>();

  static fromConfig(
    config: Config,
    options: { maxAttempts?: number } = {},
  ): AwsClientFactory {
    return new AwsClientFactory(
      DefaultAwsCredentialsManager.fromConfig(config),
      options,
    );
  }

  constructor(
    private readonly credentialsManager: AwsCredentialsManager,
    private readonly options: { maxAttempts?: number } = {},
  ) {}

  get<C>(Client: ClientConstructor<C>, target: AwsTarget): Promise<C> {
    const key = `${Client.name}|${target.accountId ?? 'main'}|${target.region}`;
    let client = this.clients.get(key) as Promise<C> | undefined;
    if (!client) {
      client = this.create(Client, target);
      this.clients.set(key, client);
      // A failed credential lookup must not be remembered forever.
      client.catch(() => this.clients.delete(key));
    }
    return client;
  }

  private async create<C>(
    Client: ClientConstructor<C>,
    target: AwsTarget,
  ): Promise<C> {
    const { sdkCredentialProvider } =
      await this.credentialsManager.getCredentialProvider(
        target.accountId ? { accountId: target.accountId } : undefined,
      );
    return new Client({
      region: target.region,
      credentials: sdkCredentialProvider,
      maxAttempts: this.options.maxAttempts,
      retryMode: 'standard',
      requestHandler: { connectionTimeout: 3000, requestTimeout: 15000 },
    });
  }

  /** Resolves credentials for a target without making any call, or throws why not. */
  async resolveCredentials(target: AwsTarget): Promise<void> {
    const { sdkCredentialProvider } =
      await this.credentialsManager.getCredentialProvider(
        target.accountId ? { accountId: target.accountId } : undefined,
      );
    await sdkCredentialProvider();
  }
}
