import {
  CreateRepositoryCommand,
  DeleteRepositoryCommand,
  DeleteRepositoryPolicyCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  GetLifecyclePolicyCommand,
  GetRepositoryPolicyCommand,
  ListTagsForResourceCommand,
  PutLifecyclePolicyCommand,
  Repository,
  SetRepositoryPolicyCommand,
} from '@aws-sdk/client-ecr';
import type { AwsTarget } from './clients';
import { isAwsError, withAwsErrors } from './errors';
import { sameJsonDocument } from './lookBeforeCreate';
import { asKeyValueTags, fromKeyValueTags, TagMap } from './tags';

export type ImageTagMutability = 'IMMUTABLE' | 'MUTABLE';

/** The repository settings Slipway cares about. */
export interface EcrRepositorySettings {
  imageTagMutability: ImageTagMutability;
  scanOnPush: boolean;
}

/** An ECR repository, in Slipway's terms. */
export interface EcrRepository extends EcrRepositorySettings {
  name: string;
  arn: string;
  uri: string;
}

function toEcrRepository(repository: Repository | undefined): EcrRepository {
  if (!repository?.repositoryName || !repository.repositoryArn) {
    throw new Error('ECR returned a repository without a name or ARN');
  }
  return {
    name: repository.repositoryName,
    arn: repository.repositoryArn,
    uri: repository.repositoryUri ?? '',
    // The *_WITH_EXCLUSION variants keep their base behaviour for most tags.
    imageTagMutability: repository.imageTagMutability?.startsWith('IMMUTABLE')
      ? 'IMMUTABLE'
      : 'MUTABLE',
    scanOnPush: repository.imageScanningConfiguration?.scanOnPush ?? false,
  };
}

/** ECR lifecycle policy text that expires all but the newest `count` images. */
export function keepLastImagesPolicy(count: number): string {
  return JSON.stringify({
    rules: [
      {
        rulePriority: 1,
        description: `Keep the last ${count} images`,
        selection: {
          tagStatus: 'any',
          countType: 'imageCountMoreThan',
          countNumber: count,
        },
        action: { type: 'expire' },
      },
    ],
  });
}

/** Whether two lifecycle policy texts mean the same, whatever their formatting. */
export function sameLifecyclePolicy(a: string, b: string): boolean {
  return sameJsonDocument(a, b);
}

/** ECR operations on private repositories of one account and region. */
export class EcrRepositories {
  constructor(
    private readonly ecr: ECRClient,
    private readonly target: AwsTarget,
  ) {}

  /** The repository, or `undefined` when there is none of that name. */
  async find(name: string): Promise<EcrRepository | undefined> {
    return this.call(`look up the ECR repository '${name}'`, async () => {
      try {
        const { repositories } = await this.ecr.send(
          new DescribeRepositoriesCommand({ repositoryNames: [name] }),
        );
        return repositories?.length
          ? toEcrRepository(repositories[0])
          : undefined;
      } catch (error) {
        if (isAwsError(error, 'RepositoryNotFoundException')) {
          return undefined;
        }
        throw error;
      }
    });
  }

  async create(
    name: string,
    settings: EcrRepositorySettings,
    tags: TagMap,
  ): Promise<EcrRepository> {
    return this.call(`create the ECR repository '${name}'`, async () => {
      const { repository } = await this.ecr.send(
        new CreateRepositoryCommand({
          repositoryName: name,
          imageTagMutability: settings.imageTagMutability,
          imageScanningConfiguration: { scanOnPush: settings.scanOnPush },
          tags: asKeyValueTags(tags),
        }),
      );
      return toEcrRepository(repository);
    });
  }

  async tags(repository: Pick<EcrRepository, 'name' | 'arn'>): Promise<TagMap> {
    return this.call(
      `read the tags of the ECR repository '${repository.name}'`,
      async () => {
        const { tags } = await this.ecr.send(
          new ListTagsForResourceCommand({ resourceArn: repository.arn }),
        );
        return fromKeyValueTags(tags);
      },
    );
  }

  /** The lifecycle policy text, or `undefined` when the repository has none. */
  async lifecyclePolicy(name: string): Promise<string | undefined> {
    return this.call(
      `read the lifecycle policy of the ECR repository '${name}'`,
      async () => {
        try {
          const { lifecyclePolicyText } = await this.ecr.send(
            new GetLifecyclePolicyCommand({ repositoryName: name }),
          );
          return lifecyclePolicyText;
        } catch (error) {
          if (isAwsError(error, 'LifecyclePolicyNotFoundException')) {
            return undefined;
          }
          throw error;
        }
      },
    );
  }

  async putLifecyclePolicy(name: string, policyText: string): Promise<void> {
    await this.call(
      `set the lifecycle policy of the ECR repository '${name}'`,
      () =>
        this.ecr.send(
          new PutLifecyclePolicyCommand({
            repositoryName: name,
            lifecyclePolicyText: policyText,
          }),
        ),
    );
  }

  /** The repository policy's JSON text, or `undefined` when the repository has none. */
  async repositoryPolicy(name: string): Promise<string | undefined> {
    return this.call(
      `read the policy of the ECR repository '${name}'`,
      async () => {
        try {
          const { policyText } = await this.ecr.send(
            new GetRepositoryPolicyCommand({ repositoryName: name }),
          );
          return policyText;
        } catch (error) {
          if (isAwsError(error, 'RepositoryPolicyNotFoundException')) {
            return undefined;
          }
          throw error;
        }
      },
    );
  }

  /** Sets the repository policy, or removes it when `policyText` is undefined. */
  async setRepositoryPolicy(
    name: string,
    policyText: string | undefined,
  ): Promise<void> {
    await this.call(`set the policy of the ECR repository '${name}'`, () =>
      policyText === undefined
        ? this.ecr.send(
            new DeleteRepositoryPolicyCommand({ repositoryName: name }),
          )
        : this.ecr.send(
            new SetRepositoryPolicyCommand({
              repositoryName: name,
              policyText,
            }),
          ),
    );
  }

  /** Deletes the repository and any images in it. */
  async delete(name: string): Promise<void> {
    await this.call(`delete the ECR repository '${name}'`, () =>
      this.ecr.send(
        new DeleteRepositoryCommand({ repositoryName: name, force: true }),
      ),
    );
  }

  private call<T>(doing: string, fn: () => Promise<T>): Promise<T> {
    return withAwsErrors({ doing, target: this.target }, fn);
  }
}
