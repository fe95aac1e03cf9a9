import type {
  CacheService,
  CacheServiceSetOptions,
} from '@backstage/backend-plugin-api';
import type { JsonValue } from '@backstage/types';
import { AwsClientFactory } from '@slipway/plugin-codepipeline-node';

/** A Map-backed CacheService that stores JSON copies, like a shared cache would, and remembers TTLs. */
export class MemoryCacheService implements CacheService {
  readonly ttls = new Map<string, number | undefined>();
  private readonly values = new Map<string, JsonValue>();

  async get<TValue extends JsonValue>(key: string) {
    return this.values.get(key) as TValue | undefined;
  }

  async set(key: string, value: JsonValue, options?: CacheServiceSetOptions) {
    this.values.set(key, JSON.parse(JSON.stringify(value)));
    this.ttls.set(key, options?.ttl as number | undefined);
  }

  async delete(key: string) {
    this.values.delete(key);
  }

  withOptions(): CacheService {
    return this;
  }
}

export function clientFactoryWithStaticCredentials(): AwsClientFactory {
  return new AwsClientFactory({
    getCredentialProvider: async () => ({
      sdkCredentialProvider: async () => ({
        accessKeyId: 'AKIDEXAMPLE',
        secretAccessKey: 'secret',
      }),
    }),
  } as any);
}
