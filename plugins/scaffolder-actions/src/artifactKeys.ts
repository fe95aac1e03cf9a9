import { KMSClient } from '@aws-sdk/client-kms';
import type { ActionScope } from './actions/common';
import type { AwsClientFactory, AwsTarget } from './aws/clients';
import { ensureArtifactKey } from './aws/ensureArtifactKey';
import { KmsKeys } from './aws/kms';
import type { Run } from './aws/lookBeforeCreate';
import { iamRoleArn } from './aws/resourceLocations';
import { artifactKeyAlias, ROLE_PATH, roleName } from './names';
import type { PipelineRequest } from './pipelineDefinition';
import { artifactKeyPolicy } from './policies/crossAccountPolicies';

/**
 * The customer-managed keys a pipeline that deploys to other accounts
 * encrypts its artifacts with: one per region it has an artifact store in,
 * all in the home account, each under the same alias
 * (`alias/slipway/<component>-artifacts`). Multi-region keys are not used.
 */
export interface ArtifactKey {
  target: AwsTarget;
  alias: string;
  policy: string;
  /** "in account 123456789012 (eu-west-1)" */
  where: string;
}

/** The regions of a pipeline's artifact stores: its own and every deploy environment's. */
export function artifactStoreRegions(request: PipelineRequest): string[] {
  return [
    ...new Set([request.home.region, ...request.deployTo.map(e => e.region)]),
  ];
}

/** The build project's role the template gives the project: configured, or Slipway's. */
function buildRoleArn(component: string, scope: ActionScope): string {
  return (
    scope.environment.roles?.codeBuildRoleArn ??
    iamRoleArn(scope.target, ROLE_PATH, roleName(component, 'codeBuild'))
  );
}

/** The keys to ensure; none when every environment is in the home account. */
export function designArtifactKeys(
  request: PipelineRequest,
  scope: ActionScope,
): ArtifactKey[] {
  const deployRoleArns = Object.values(request.deployRoleArns ?? {});
  if (!deployRoleArns.length) return [];
  return artifactStoreRegions(request).map(region => {
    const target = { accountId: scope.target.accountId, region };
    return {
      target,
      alias: artifactKeyAlias(request.component),
      where: `in account ${target.accountId} (${region})`,
      policy: artifactKeyPolicy({
        home: target,
        pipelineRoleArn: request.roleArn,
        buildRoleArn: buildRoleArn(request.component, scope),
        deployRoleArns,
        regions: [region],
      }),
    };
  });
}

/** Plan lines of the keys, one per region. */
export function artifactKeyPlan(
  request: PipelineRequest,
  keys: ArtifactKey[],
): string[] {
  const deployRoles = Object.values(request.deployRoleArns ?? {}).join(', ');
  return keys.map(
    key =>
      `Create the KMS key '${key.alias}' ${key.where} with the home account's credentials, or reuse it and converge its key policy: symmetric (SYMMETRIC_DEFAULT, ENCRYPT_DECRYPT), administered by the account, used by the pipeline and build roles and decrypted only by ${deployRoles}, through S3 only; the artifact store names it by key ARN`,
  );
}

/**
 * Ensures every key with the home account's credentials.
 * @returns the key ARN by region, for the pipeline's artifact stores.
 */
export async function ensureArtifactKeys(
  clients: AwsClientFactory,
  run: Run,
  keys: ArtifactKey[],
): Promise<Record<string, string>> {
  const arns: Record<string, string> = {};
  for (const key of keys) {
    const kms = new KmsKeys(
      await clients.get(KMSClient, key.target),
      key.target,
    );
    const { arn } = await ensureArtifactKey({ ...run, where: key.where }, kms, {
      alias: key.alias,
      policy: key.policy,
      description: `Slipway: artifacts of the pipeline of ${run.subject.component}, decrypted by its deploy roles in other accounts`,
    });
    arns[key.target.region] = arn;
  }
  return arns;
}
