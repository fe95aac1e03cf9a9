import {
  EcrRepositories,
  EcrRepository,
  EcrRepositorySettings,
  keepLastImagesPolicy,
  sameLifecyclePolicy,
} from './ecr';
import {
  describeTags,
  ensure,
  Run,
  settingDifference,
  refuseUnlessOwned,
} from './lookBeforeCreate';
import { SLIPWAY_TAG_KEYS, TagMap } from './tags';

/** The repository this task asked for, with every default applied. */
export interface RequestedRepository extends EcrRepositorySettings {
  name: string;
  keepImages: number;
}

/** An existing repository with what look-before-create compares. */
interface ExistingRepository {
  repository: EcrRepository;
  lifecyclePolicy?: string;
}

const what = (request: RequestedRepository) =>
  `the ECR repository '${request.name}'`;

/**
 * An image repository serves every environment of its component, so it
 * carries no environment tag.
 */
export function repositoryTags(tags: TagMap): TagMap {
  const { [SLIPWAY_TAG_KEYS.environment]: _environment, ...rest } = tags;
  return rest;
}

/** What a real run would do: the dry run's plan. */
export function planEcrRepository(
  request: RequestedRepository,
  run: Pick<Run, 'where' | 'subject' | 'tags'>,
): string[] {
  return [
    `Create ${what(request)} ${
      run.where
    }, or reuse it if it already exists and belongs to '${
      run.subject.component
    }' (owner ${run.subject.owner})`,
    `Image tags ${request.imageTagMutability}, scan on push ${
      request.scanOnPush ? 'on' : 'off'
    }`,
    `Lifecycle policy: keep the last ${request.keepImages} images`,
    `Tags: ${describeTags(run.tags)}`,
  ];
}

/** Why an existing repository of this component does not match the request, in words. */
function differencesFromRequest(
  existing: ExistingRepository,
  request: RequestedRepository,
): string[] {
  const { repository, lifecyclePolicy } = existing;
  return [
    ...settingDifference(
      'image tags are',
      repository.imageTagMutability,
      request.imageTagMutability,
    ),
    ...settingDifference(
      'scan on push is',
      repository.scanOnPush ? 'on' : 'off',
      request.scanOnPush ? 'on' : 'off',
    ),
    ...(lifecyclePolicy !== undefined &&
    !sameLifecyclePolicy(
      lifecyclePolicy,
      keepLastImagesPolicy(request.keepImages),
    )
      ? [
          `it has a different lifecycle policy (requested: keep the last ${request.keepImages} images)`,
        ]
      : []),
  ];
}

/**
 * Look-before-create for one ECR repository. An existing repository is
 * reused only when it is this component's (see {@link refuseUnlessOwned}),
 * and reported, never changed — apart from adding the lifecycle policy to
 * one that matches and has none (an earlier run stopped between the two
 * calls). A new one is created with `run.tags` and its lifecycle policy; if
 * the policy cannot be set, the run's rollback deletes the repository again.
 */
export async function ensureEcrRepository(
  repositories: EcrRepositories,
  request: RequestedRepository,
  run: Run,
): Promise<{ repository: EcrRepository; created: boolean }> {
  const { value, created } = await ensure(run, {
    what: what(request),
    find: async (): Promise<ExistingRepository | undefined> => {
      const repository = await repositories.find(request.name);
      if (!repository) {
        return undefined;
      }
      refuseUnlessOwned(
        run,
        what(request),
        await repositories.tags(repository),
        'choose another repositoryName',
      );
      return {
        repository,
        lifecyclePolicy: await repositories.lifecyclePolicy(request.name),
      };
    },
    differences: existing => differencesFromRequest(existing, request),
    advice: 'adjust it in the AWS console or choose another repositoryName',
    reuse: existing => ({
      repository: existing.repository,
      needsPolicy:
        existing.lifecyclePolicy === undefined &&
        differencesFromRequest(existing, request).length === 0,
    }),
    create: async () => ({
      repository: await repositories.create(request.name, request, run.tags),
      needsPolicy: true,
    }),
    remove: ({ repository }) => repositories.delete(repository.name),
  });
  if (value.needsPolicy) {
    await repositories.putLifecyclePolicy(
      request.name,
      keepLastImagesPolicy(request.keepImages),
    );
    run.logger.info(
      `Set the lifecycle policy: keep the last ${request.keepImages} images`,
    );
  }
  return { repository: value.repository, created };
}
