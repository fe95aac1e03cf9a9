/**
 * Whether a task's images can be pulled: an ECR image must be in the emulated
 * ECR of the account and region its URI names (the builds' `docker push`
 * stand-in registers it there with PutImage), whichever account deploys it;
 * an image of any other registry cannot be checked here and is taken as
 * pullable.
 */
import { createHash } from 'node:crypto';
import type { Where } from '../server/accounts';
import { ecrCall, UpstreamAwsError } from './ecsApi';

const ECR_IMAGE =
  /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([^:@]+)(?::([^:@/]+)|@(sha256:[0-9a-f]{64}))?$/;

/** Why `image` cannot be pulled (ECS's CannotPullContainerError), or undefined when it can. */
export type ImageCheck = (image: string) => Promise<string | undefined>;

export function ecrImageCheck(upstream: string): ImageCheck {
  return async image => {
    const match = ECR_IMAGE.exec(image);
    if (!match) return undefined;
    const [, registryId, region, repositoryName, tag, digest] = match;
    try {
      const registry = { accountId: registryId, region };
      const answer = await ecrCall(upstream, registry, 'DescribeImages', {
        registryId,
        repositoryName,
        imageIds: [
          digest ? { imageDigest: digest } : { imageTag: tag ?? 'latest' },
        ],
      });
      if ((answer.imageDetails ?? []).length > 0) return undefined;
    } catch (error) {
      if (
        !(error instanceof UpstreamAwsError) ||
        !/ImageNotFound|RepositoryNotFound/.test(error.type)
      ) {
        throw error;
      }
    }
    return `CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref ${image}: not found (local world: no such image in the emulated ECR)`;
  };
}

/** The first problem among the images, if any. */
export async function firstImageProblem(
  check: ImageCheck,
  images: string[],
): Promise<string | undefined> {
  for (const image of images) {
    const problem = await check(image);
    if (problem) return problem;
  }
  return undefined;
}

/**
 * Registers `<repositoryName>:<tag>` in the emulated ECR with PutImage (a
 * Docker v2 schema 2 manifest, deterministic for the name and tag), creating
 * the repository when it is missing: what a build's `docker push` stand-in
 * does, for tests and the examples' first release. `endpoint` is moto or the
 * local world.
 */
export async function registerEcrImage(
  endpoint: string,
  where: Where,
  repositoryName: string,
  tag: string,
): Promise<void> {
  await ecrCall(endpoint, where, 'CreateRepository', { repositoryName }).catch(
    error => {
      if (!(error instanceof UpstreamAwsError)) throw error;
    },
  );
  const digest = (text: string) =>
    `sha256:${createHash('sha256').update(text).digest('hex')}`;
  const mediaType = 'application/vnd.docker.distribution.manifest.v2+json';
  await ecrCall(endpoint, where, 'PutImage', {
    repositoryName,
    imageTag: tag,
    imageManifestMediaType: mediaType,
    imageManifest: JSON.stringify({
      schemaVersion: 2,
      mediaType,
      config: {
        mediaType: 'application/vnd.docker.container.image.v1+json',
        size: 2,
        digest: digest(`${repositoryName}:${tag}:config`),
      },
      layers: [
        {
          mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
          size: 0,
          digest: digest(`${repositoryName}:${tag}:layer`),
        },
      ],
    }),
  }).catch(error => {
    if (
      !(error instanceof UpstreamAwsError) ||
      error.type !== 'ImageAlreadyExistsException'
    )
      throw error;
  });
}
