import { NotFoundError } from '@backstage/errors';
import { IamRole, IamRoles, roleNameFromArn } from './iam';
import { ensure, Run, sameJsonDocument } from './lookBeforeCreate';
import type { TagMap } from './tags';

/** A role this task wants, with its one inline policy. */
export interface RequestedRole {
  name: string;
  path: string;
  description: string;
  trustPolicy: string;
  policyName: string;
  policy: string;
}

/** An existing role with what look-before-create compares. */
interface FoundRole extends IamRole {
  /** `undefined` when the role has no inline policy of that name. */
  policy?: string;
  tags: TagMap;
}

function differences(existing: FoundRole, request: RequestedRole): string[] {
  return [
    ...(existing.path === request.path
      ? []
      : [`its path is ${existing.path} (requested ${request.path})`]),
    ...(sameJsonDocument(existing.trustPolicy, request.trustPolicy)
      ? []
      : ['its trust policy differs']),
    ...(existing.policy === undefined ||
    sameJsonDocument(existing.policy, request.policy)
      ? []
      : [`its inline policy '${request.policyName}' differs`]),
  ];
}

/**
 * Look-before-create for one IAM role. An existing role is reported and left
 * unchanged, except that our own role without its inline policy (a run that
 * stopped between the two calls) gets the policy. A new role is tagged, gets
 * its policy, and is deleted again if a later step of the run fails.
 */
export async function ensureIamRole(
  run: Run,
  roles: IamRoles,
  request: RequestedRole,
): Promise<{ arn: string; created: boolean }> {
  const what = `the IAM role '${request.name}'`;
  let needsPolicy = false;
  const { value: arn, created } = await ensure(run, {
    what,
    find: async (): Promise<FoundRole | undefined> => {
      const role = await roles.find(request.name);
      if (!role) return undefined;
      return {
        ...role,
        policy: await roles.inlinePolicy(request.name, request.policyName),
        tags: await roles.tags(request.name),
      };
    },
    ownerTags: existing => existing.tags,
    differences: existing => differences(existing, request),
    advice:
      'compare it with the policy in the task log, or delete the role and re-run',
    reuse: existing => {
      needsPolicy =
        existing.policy === undefined && !differences(existing, request).length;
      return existing.arn;
    },
    create: async () => {
      needsPolicy = true;
      return (await roles.create({ ...request, tags: run.tags })).arn;
    },
    remove: () => roles.delete(request.name),
  });
  if (needsPolicy) {
    await roles.putInlinePolicy(
      request.name,
      request.policyName,
      request.policy,
    );
    run.logger.info(`Put the inline policy '${request.policyName}' on ${what}`);
    run.logger.debug(`Inline policy of ${what}: ${request.policy}`);
  }
  return { arn, created };
}

/** Checks that a role named in `slipway.environments.<env>.roles` exists. */
export async function validateConfiguredRole(
  roles: IamRoles,
  arn: string,
  configKey: string,
): Promise<string> {
  const role = await roles.find(roleNameFromArn(arn));
  if (!role) {
    throw new NotFoundError(
      `The IAM role ${arn} configured as ${configKey} does not exist in its account; create it or fix the ARN in app-config`,
    );
  }
  return role.arn;
}
