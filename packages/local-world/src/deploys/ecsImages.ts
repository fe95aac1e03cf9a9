/**
 * Whether a task's images can be pulled: an ECR image must be in the emulated
 * ECR (the builds' `docker push` stand-in registers it there with PutImage);
 * an image of any other registry cannot be checked here and is taken as
 * pullable.
 */
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
      const answer = await ecrCall(upstream, region, 'DescribeImages', {
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
