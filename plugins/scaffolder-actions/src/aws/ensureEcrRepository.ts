import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  EcrRepositories,
  EcrRepository,
  EcrRepositorySettings,
  keepLastImagesPolicy,
  sameLifecyclePolicy,
} from './ecr';
import {
  componentTagDifference,
  reportExisting,
  settingDifference,
  withRollback,
} from './lookBeforeCreate';
import { TagMap, Ownership } from './tags';

/** The repository this task asked for, with every default applied. */
export interface RequestedRepository extends EcrRepositorySettings {
  name: string;
  keepImages: number;
  subject: Ownership;
  tags: TagMap;
}

/** Why an existing repository does not match the request, in words. */
async function differencesFromRequest(
  repositories: EcrRepositories,
  existing: EcrRepository,
  request: RequestedRepository,
  existingPolicy: string | undefined,
): Promise<string[]> {
  const differences = [
    ...settingDifference(
      'image tags are',
      existing.imageTagMutability,
      request.imageTagMutability,
    ),
    ...settingDifference(
      'scan on push is',
      existing.scanOnPush ? 'on' : 'off',
      request.scanOnPush ? 'on' : 'off',
    ),
    ...componentTagDifference(
      await repositories.tags(existing),
      request.subject,
    ),
  ];
  if (
    existingPolicy !== undefined &&
    !sameLifecyclePolicy(
      existingPolicy,
      keepLastImagesPolicy(request.keepImages),
    )
  ) {
    differences.push(
      `it has a different lifecycle policy (requested: keep the last ${request.keepImages} images)`,
    );
  }
  return differences;
}

async function reuseExistingRepository(
  repositories: EcrRepositories,
  existing: EcrRepository,
  request: RequestedRepository,
  logger: LoggerService,
  where: string,
): Promise<void> {
  const existingPolicy = await repositories.lifecyclePolicy(existing.name);
  const differences = await differencesFromRequest(
    repositories,
    existing,
    request,
    existingPolicy,
  );
  reportExisting(
    logger,
    `the ECR repository '${existing.name}'`,
    where,
    differences,
    'adjust it in the AWS console or choose another repositoryName',
  );
  // Our own repository without a policy: an earlier run stopped between the two calls.
  if (!differences.length && existingPolicy === undefined) {
    await repositories.putLifecyclePolicy(
      existing.name,
      keepLastImagesPolicy(request.keepImages),
    );
    logger.info(
      `Set the lifecycle policy: keep the last ${request.keepImages} images`,
    );
  }
}

async function createNewRepository(
  repositories: EcrRepositories,
  request: RequestedRepository,
  logger: LoggerService,
  where: string,
): Promise<EcrRepository> {
  return withRollback(logger, async rollback => {
    const repository = await repositories.create(
      request.name,
      request,
      request.tags,
    );
    logger.info(`Created the ECR repository '${repository.name}' ${where}`);
    rollback.created(`the ECR repository '${repository.name}'`, () =>
      repositories.delete(repository.name),
    );
    await repositories.putLifecyclePolicy(
      repository.name,
      keepLastImagesPolicy(request.keepImages),
    );
    logger.info(
      `Set the lifecycle policy: keep the last ${request.keepImages} images`,
    );
    return repository;
  });
}

/**
 * Look-before-create for one ECR repository. An existing repository is
 * reported, never changed (apart from adding the lifecycle policy to our own
 * repository that has none); a new one is created with tags and its lifecycle
 * policy, and deleted again if the policy cannot be set, so a failure leaves
 * nothing behind.
 */
export async function ensureEcrRepository(
  repositories: EcrRepositories,
  request: RequestedRepository,
  logger: LoggerService,
  where: string,
): Promise<{ repository: EcrRepository; created: boolean }> {
  const existing = await repositories.find(request.name);
  if (existing) {
    await reuseExistingRepository(
      repositories,
      existing,
      request,
      logger,
      where,
    );
    return { repository: existing, created: false };
  }
  const repository = await createNewRepository(
    repositories,
    request,
    logger,
    where,
  );
  return { repository, created: true };
}
