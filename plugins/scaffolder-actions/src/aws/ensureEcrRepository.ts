import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  EcrRepositories,
  EcrRepository,
  EcrRepositorySettings,
  keepLastImagesPolicy,
  sameLifecyclePolicy,
} from './ecr';
import { SLIPWAY_TAG_KEYS, TagMap } from './tags';

/** The repository this task asked for, with every default applied. */
export interface RequestedRepository extends EcrRepositorySettings {
  name: string;
  keepImages: number;
  component: string;
  tags: TagMap;
}

/** Why an existing repository does not match the request, in words. */
async function differencesFromRequest(
  repositories: EcrRepositories,
  existing: EcrRepository,
  request: RequestedRepository,
  existingPolicy: string | undefined,
): Promise<string[]> {
  const differences: string[] = [];
  if (existing.imageTagMutability !== request.imageTagMutability) {
    differences.push(
      `image tags are ${existing.imageTagMutability} (requested ${request.imageTagMutability})`,
    );
  }
  if (existing.scanOnPush !== request.scanOnPush) {
    differences.push(
      `scan on push is ${existing.scanOnPush ? 'on' : 'off'} (requested ${
        request.scanOnPush ? 'on' : 'off'
      })`,
    );
  }
  const component = (await repositories.tags(existing))[
    SLIPWAY_TAG_KEYS.component
  ];
  if (component !== request.component) {
    differences.push(
      component
        ? `it belongs to the component '${component}' (tag ${SLIPWAY_TAG_KEYS.component})`
        : `it is not tagged ${SLIPWAY_TAG_KEYS.component}=${request.component}, so Slipway's teardown will not remove it`,
    );
  }
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
  if (differences.length) {
    logger.warn(
      `The ECR repository '${
        existing.name
      }' already exists ${where} and differs from what was requested: ${differences.join(
        '; ',
      )}. ` +
        `Slipway leaves it unchanged; adjust it in the AWS console or choose another repositoryName.`,
    );
    return;
  }
  logger.info(
    `The ECR repository '${existing.name}' already exists ${where}; reusing it`,
  );
  // Our own repository without a policy: an earlier run stopped between the two calls.
  if (existingPolicy === undefined) {
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
  const repository = await repositories.create(
    request.name,
    request,
    request.tags,
  );
  logger.info(`Created the ECR repository '${repository.name}' ${where}`);
  try {
    await repositories.putLifecyclePolicy(
      repository.name,
      keepLastImagesPolicy(request.keepImages),
    );
    logger.info(
      `Set the lifecycle policy: keep the last ${request.keepImages} images`,
    );
  } catch (error) {
    await deleteAfterFailure(repositories, repository.name, logger);
    throw error;
  }
  return repository;
}

async function deleteAfterFailure(
  repositories: EcrRepositories,
  name: string,
  logger: LoggerService,
): Promise<void> {
  try {
    await repositories.delete(name);
    logger.info(
      `Deleted the ECR repository '${name}' that this run created, so that a retry starts clean`,
    );
  } catch (cleanupError) {
    logger.error(
      `The ECR repository '${name}' was created by this run but could not be deleted after the failure; delete it by hand. ${String(
        cleanupError,
      )}`,
    );
  }
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
