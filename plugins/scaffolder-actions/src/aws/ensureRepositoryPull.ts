import { NotFoundError } from '@backstage/errors';
import {
  REPOSITORY_PULL_SID,
  repositoryPullStatement,
} from '../policies/crossAccountPolicies';
import type { EcrRepositories } from './ecr';
import { refuseUnlessOwned, Run, sameJsonDocument } from './lookBeforeCreate';

type PolicyDocument = { Version?: string; Statement?: { Sid?: string }[] };

/**
 * Lets the task execution roles of the component's other accounts pull from
 * its image repository: Slipway's one statement (Sid
 * `SlipwayCrossAccountPull`) in the repository policy is set to exactly
 * these roles; statements of others are kept. A run that changes the policy
 * restores the previous one if a later step fails.
 */
export async function ensureRepositoryPull(
  run: Run,
  ecr: EcrRepositories,
  repositoryName: string,
  executionRoleArns: string[],
): Promise<{ changed: boolean }> {
  const what = `the ECR repository '${repositoryName}'`;
  const repository = await ecr.find(repositoryName);
  if (!repository) {
    throw new NotFoundError(
      `${what} does not exist ${run.where}; create it first (slipway:ecr:create-repository) so that the other accounts' task execution roles can be allowed to pull from it`,
    );
  }
  refuseUnlessOwned(
    run,
    what,
    await ecr.tags(repository),
    'choose another repositoryName',
  );
  const previous = await ecr.repositoryPolicy(repositoryName);
  const existing: PolicyDocument = previous
    ? JSON.parse(previous)
    : { Version: '2012-10-17', Statement: [] };
  const policy = JSON.stringify({
    Version: existing.Version ?? '2012-10-17',
    Statement: [
      ...(existing.Statement ?? []).filter(s => s.Sid !== REPOSITORY_PULL_SID),
      repositoryPullStatement(executionRoleArns),
    ],
  });
  if (previous && sameJsonDocument(previous, policy)) {
    run.logger.info(
      `The policy of ${what} already lets ${executionRoleArns.join(
        ', ',
      )} pull; unchanged`,
    );
    return { changed: false };
  }
  await ecr.setRepositoryPolicy(repositoryName, policy);
  run.rollback.created(`the pull statement in the policy of ${what}`, () =>
    ecr.setRepositoryPolicy(repositoryName, previous),
  );
  run.logger.info(
    `Set the policy of ${what} ${run.where}: ${executionRoleArns.join(
      ', ',
    )} may pull`,
  );
  return { changed: true };
}
