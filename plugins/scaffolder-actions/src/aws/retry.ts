import { isAwsError } from './errors';

/** Pauses between attempts while a new IAM role propagates (IAM is eventually consistent). */
export const ROLE_PROPAGATION_DELAYS_MS = [2000, 4000, 8000, 10000];

const NOT_YET_ASSUMABLE =
  /sts:AssumeRole|not authorized to perform|cannot be assumed|role .*(does not exist|is invalid)|Unable to assume/i;

/**
 * Retries a create call that names a role created moments ago: CodeBuild,
 * CodePipeline and CodeDeploy reject a role they cannot assume yet with a
 * validation error. Any other failure is thrown at once.
 */
export async function retryWhileRolePropagates<T>(
  call: () => Promise<T>,
  delaysMs: number[] = ROLE_PROPAGATION_DELAYS_MS,
): Promise<T> {
  for (const delay of delaysMs) {
    try {
      return await call();
    } catch (error) {
      const retryable =
        isAwsError(
          error,
          'InvalidInputException',
          'InvalidStructureException',
          'InvalidRoleException',
          'ValidationException',
          'InvalidParameterException',
        ) && NOT_YET_ASSUMABLE.test((error as Error).message ?? '');
      if (!retryable) {
        throw error;
      }
      await new Promise(resolve => setTimeout(resolve, delay));
    }
  }
  return call();
}
