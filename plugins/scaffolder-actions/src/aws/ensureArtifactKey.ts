import { isPendingDeletion, KmsKeys } from './kms';
import {
  refuseUnlessOwned,
  reportExisting,
  Run,
  sameJsonDocument,
  settingDifference,
} from './lookBeforeCreate';

/**
 * Look-before-create for a pipeline's artifact key in one region, found by
 * its alias: a key of this component is reused and its key policy converged
 * to `policy` (restored if a later step of the run fails); anyone else's is
 * refused; otherwise a symmetric key is created with the policy and tags and
 * the alias pointed at it. A created key is scheduled for deletion (7 days)
 * and its alias deleted if a later step fails. An alias left on a key whose
 * deletion is scheduled (a teardown) moves to the new key.
 * @returns the key's ARN: AWS resolves aliases only in the key's own account,
 *   and the deploy roles of other accounts decrypt by key ARN.
 */
export async function ensureArtifactKey(
  run: Run,
  keys: KmsKeys,
  request: { alias: string; description: string; policy: string },
): Promise<{ arn: string; created: boolean }> {
  const { alias, policy } = request;
  const what = `the KMS key '${alias}'`;
  const advice =
    'delete that alias or choose another component name (the alias is alias/slipway/<component>-artifacts)';
  const existing = await keys.find(alias);
  if (existing) {
    refuseUnlessOwned(run, what, await keys.tags(existing.id), advice);
  }
  if (existing && !isPendingDeletion(existing)) {
    reportExisting(
      run.logger,
      what,
      run.where,
      settingDifference('its state is', existing.state, 'Enabled'),
      'enable it (aws kms enable-key) or the pipeline cannot use it',
    );
    const previous = await keys.policy(existing.id);
    if (sameJsonDocument(previous, policy)) {
      run.logger.info(`The policy of ${what} is as requested; unchanged`);
    } else {
      await keys.putPolicy(existing.id, policy);
      run.rollback.created(`the new policy of ${what}`, () =>
        keys.putPolicy(existing.id, previous),
      );
      run.logger.info(
        `Set the policy of ${what} ${run.where}: only the pipeline's and the deploy roles may use it`,
      );
    }
    return { arn: existing.arn, created: false };
  }
  if (existing) {
    await keys.deleteAlias(alias);
    run.logger.info(
      `${alias} ${run.where} named the key ${existing.id}, whose deletion is scheduled; the alias moves to a new key`,
    );
  }
  const key = await keys.create({
    description: request.description,
    policy,
    tags: run.tags,
  });
  run.rollback.created(
    `${what} (${key.id}, deletion scheduled in 7 days)`,
    () => keys.scheduleDeletion(key.id),
  );
  await keys.createAlias(alias, key.id);
  run.rollback.created(`the KMS alias '${alias}'`, () =>
    keys.deleteAlias(alias),
  );
  run.logger.info(`Created ${what} (${key.arn}) ${run.where}`);
  return { arn: key.arn, created: true };
}
