import {
  CreateAliasCommand,
  CreateKeyCommand,
  DeleteAliasCommand,
  DescribeKeyCommand,
  GetKeyPolicyCommand,
  KeyMetadata,
  KMSClient,
  ListAliasesCommand,
  ListResourceTagsCommand,
  PutKeyPolicyCommand,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import type { AwsTarget } from './clients';
import { isAwsError, withAwsErrors } from './errors';
import { asKmsTags, fromKmsTags, TagMap } from './tags';

/** The shortest waiting period AWS allows before it deletes a key: a mistake can still be undone. */
export const KEY_DELETION_WAITING_DAYS = 7;

/** A customer-managed KMS key, in Slipway's terms. */
export interface KmsKey {
  id: string;
  arn: string;
  /** Enabled, Disabled, PendingDeletion, … */
  state: string;
}

function toKmsKey(metadata: KeyMetadata | undefined): KmsKey {
  if (!metadata?.KeyId || !metadata.Arn) {
    throw new Error('KMS returned a key without an id or ARN');
  }
  return {
    id: metadata.KeyId,
    arn: metadata.Arn,
    state: metadata.KeyState ?? 'Unknown',
  };
}

/** A key that is being deleted is gone as far as Slipway is concerned. */
export function isPendingDeletion(key: KmsKey): boolean {
  return (
    key.state === 'PendingDeletion' || key.state === 'PendingReplicaDeletion'
  );
}

/** KMS operations on symmetric keys and their aliases in one account and region. */
export class KmsKeys {
  constructor(
    private readonly kms: KMSClient,
    private readonly target: AwsTarget,
  ) {}

  /** The key an alias (`alias/…`), key id or key ARN names, or `undefined` when there is none. */
  async find(keyIdOrAlias: string): Promise<KmsKey | undefined> {
    return this.call(`look up the KMS key '${keyIdOrAlias}'`, async () => {
      try {
        const { KeyMetadata: metadata } = await this.kms.send(
          new DescribeKeyCommand({ KeyId: keyIdOrAlias }),
        );
        return toKmsKey(metadata);
      } catch (error) {
        if (isAwsError(error, 'NotFoundException')) return undefined;
        throw error;
      }
    });
  }

  /** A symmetric encryption key with its key policy and tags. */
  async create(request: {
    description: string;
    policy: string;
    tags: TagMap;
  }): Promise<KmsKey> {
    return this.call('create a KMS key', async () => {
      const { KeyMetadata: metadata } = await this.kms.send(
        new CreateKeyCommand({
          Description: request.description,
          KeySpec: 'SYMMETRIC_DEFAULT',
          KeyUsage: 'ENCRYPT_DECRYPT',
          Policy: request.policy,
          Tags: asKmsTags(request.tags),
        }),
      );
      return toKmsKey(metadata);
    });
  }

  async createAlias(alias: string, keyId: string): Promise<void> {
    await this.call(`create the KMS alias '${alias}'`, () =>
      this.kms.send(
        new CreateAliasCommand({ AliasName: alias, TargetKeyId: keyId }),
      ),
    );
  }

  async deleteAlias(alias: string): Promise<void> {
    await this.call(`delete the KMS alias '${alias}'`, () =>
      this.kms.send(new DeleteAliasCommand({ AliasName: alias })),
    );
  }

  /** Names (`alias/…`) of the aliases that point at the key. */
  async aliasesOf(keyId: string): Promise<string[]> {
    return this.call(`list the aliases of the KMS key ${keyId}`, async () => {
      const names: string[] = [];
      let Marker: string | undefined;
      do {
        const page = await this.kms.send(
          new ListAliasesCommand({ KeyId: keyId, Marker }),
        );
        names.push(
          ...(page.Aliases ?? []).flatMap(a =>
            a.AliasName ? [a.AliasName] : [],
          ),
        );
        Marker = page.Truncated ? page.NextMarker : undefined;
      } while (Marker);
      return names;
    });
  }

  async tags(keyId: string): Promise<TagMap> {
    return this.call(`read the tags of the KMS key ${keyId}`, async () => {
      const tags: TagMap = {};
      let Marker: string | undefined;
      do {
        const page = await this.kms.send(
          new ListResourceTagsCommand({ KeyId: keyId, Marker }),
        );
        Object.assign(tags, fromKmsTags(page.Tags));
        Marker = page.Truncated ? page.NextMarker : undefined;
      } while (Marker);
      return tags;
    });
  }

  /** The key policy's JSON text (KMS keys have exactly one, named `default`). */
  async policy(keyId: string): Promise<string> {
    return this.call(`read the policy of the KMS key ${keyId}`, async () => {
      const { Policy } = await this.kms.send(
        new GetKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default' }),
      );
      return Policy ?? '';
    });
  }

  async putPolicy(keyId: string, policy: string): Promise<void> {
    await this.call(`set the policy of the KMS key ${keyId}`, () =>
      this.kms.send(
        new PutKeyPolicyCommand({
          KeyId: keyId,
          PolicyName: 'default',
          Policy: policy,
        }),
      ),
    );
  }

  /**
   * Schedules the key's deletion after the shortest waiting period (7 days);
   * a key whose deletion is already scheduled counts as done.
   */
  async scheduleDeletion(keyId: string): Promise<void> {
    await this.call(
      `schedule the deletion of the KMS key ${keyId}`,
      async () => {
        try {
          await this.kms.send(
            new ScheduleKeyDeletionCommand({
              KeyId: keyId,
              PendingWindowInDays: KEY_DELETION_WAITING_DAYS,
            }),
          );
        } catch (error) {
          if (isAwsError(error, 'KMSInvalidStateException')) {
            const key = await this.find(keyId);
            if (!key || isPendingDeletion(key)) return;
          }
          throw error;
        }
      },
    );
  }

  private call<T>(doing: string, fn: () => Promise<T>): Promise<T> {
    return withAwsErrors({ doing, target: this.target }, fn);
  }
}
