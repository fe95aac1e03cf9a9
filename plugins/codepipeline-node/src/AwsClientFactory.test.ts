import { ECRClient } from '@aws-sdk/client-ecr';
import { ECSClient } from '@aws-sdk/client-ecs';
import type { AwsCredentialsManager } from '@backstage/integration-aws-node';
import { AwsClientFactory } from './AwsClientFactory';

const testCredentials = async () => ({
  accessKeyId: 'testing',
  secretAccessKey: 'testing',
});

function credentialsManager(): jest.Mocked<AwsCredentialsManager> {
  return {
    getCredentialProvider: jest
      .fn()
      .mockResolvedValue({ sdkCredentialProvider: testCredentials }),
  };
}

const dev = { accountId: '111111111111', region: 'eu-west-1' };

describe('AwsClientFactory', () => {
  it('builds a client for the target region with that account’s credentials', async () => {
    const manager = credentialsManager();
    const ecr = await new AwsClientFactory(manager).get(ECRClient, dev);

    expect(manager.getCredentialProvider).toHaveBeenCalledWith({
      accountId: '111111111111',
    });
    await expect(ecr.config.region()).resolves.toBe('eu-west-1');
    await expect(ecr.config.credentials()).resolves.toMatchObject({
      accessKeyId: 'testing',
    });
  });

  it('keeps one client per service, account and region', async () => {
    const manager = credentialsManager();
    const factory = new AwsClientFactory(manager);

    const first = await factory.get(ECRClient, dev);
    const again = await factory.get(ECRClient, { ...dev });
    const otherService = await factory.get(ECSClient, dev);
    const otherRegion = await factory.get(ECRClient, {
      ...dev,
      region: 'us-east-1',
    });
    const otherAccount = await factory.get(ECRClient, {
      ...dev,
      accountId: '222222222222',
    });

    expect(again).toBe(first);
    expect(new Set([first, otherService, otherRegion, otherAccount]).size).toBe(
      4,
    );
    expect(manager.getCredentialProvider).toHaveBeenCalledTimes(4);
  });

  it('applies a maxAttempts override', async () => {
    const factory = new AwsClientFactory(credentialsManager(), {
      maxAttempts: 1,
    });
    const ecr = await factory.get(ECRClient, dev);
    await expect(ecr.config.maxAttempts()).resolves.toBe(1);
  });

  it('retries a failed credential lookup on the next request', async () => {
    const manager = credentialsManager();
    manager.getCredentialProvider.mockRejectedValueOnce(new Error('no role'));
    const factory = new AwsClientFactory(manager);

    await expect(factory.get(ECRClient, dev)).rejects.toThrow('no role');
    await expect(factory.get(ECRClient, dev)).resolves.toBeInstanceOf(
      ECRClient,
    );
  });

  it('uses the main account when the target names none', async () => {
    const manager = credentialsManager();
    await new AwsClientFactory(manager).get(ECRClient, { region: 'us-east-1' });
    expect(manager.getCredentialProvider).toHaveBeenCalledWith(undefined);
  });

  it('resolves credentials without building a client, and says why not', async () => {
    const manager = credentialsManager();
    manager.getCredentialProvider.mockResolvedValueOnce({
      sdkCredentialProvider: async () => {
        throw Object.assign(new Error('Could not load credentials'), {
          name: 'CredentialsProviderError',
        });
      },
    });
    await expect(
      new AwsClientFactory(manager).resolveCredentials({ region: 'us-east-1' }),
    ).rejects.toMatchObject({ name: 'CredentialsProviderError' });
  });
});
