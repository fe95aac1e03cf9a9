import type { LoggerService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import { IamRoles, roleNameFromArn } from './iam';
import {
  componentTagDifference,
  reportExisting,
  Rollback,
  sameJsonDocument,
} from './lookBeforeCreate';
import type { TagMap, Ownership } from './tags';

/** A role this task wants, with its one inline policy. */
export interface RequestedRole {
  name: string;
  path: string;
  description: string;
  trustPolicy: string;
  policyName: string;
  policy: string;
  subject: Ownership;
  tags: TagMap;
}

/**
 * Look-before-create for one IAM role. An existing role is reported and left
 * unchanged, except that our own role without its inline policy (a run that
 * stopped between the two calls) gets the policy. A new role is registered
 * with `rollback`, so that a later failure of the same run deletes it.
 */
export async function ensureIamRole(
  roles: IamRoles,
  request: RequestedRole,
  logger: LoggerService,
  rollback: Rollback,
  where: string,
): Promise<{ arn: string; created: boolean }> {
  const what = `the IAM role '${request.name}'`;
  const existing = await roles.find(request.name);
  if (existing) {
    const policy = await roles.inlinePolicy(request.name, request.policyName);
    const differences = [
      ...(existing.path === request.path
        ? []
        : [`its path is ${existing.path} (requested ${request.path})`]),
      ...(sameJsonDocument(existing.trustPolicy, request.trustPolicy)
        ? []
        : ['its trust policy differs']),
      ...componentTagDifference(
        await roles.tags(request.name),
        request.subject,
      ),
      ...(policy === undefined || sameJsonDocument(policy, request.policy)
        ? []
        : [`its inline policy '${request.policyName}' differs`]),
    ];
    reportExisting(
      logger,
      what,
      where,
      differences,
      'compare it with the policy in the task log, or delete the role and re-run',
    );
    if (!differences.length && policy === undefined) {
      await roles.putInlinePolicy(
        request.name,
        request.policyName,
        request.policy,
      );
      logger.info(`Put the inline policy '${request.policyName}' on ${what}`);
    }
    return { arn: existing.arn, created: false };
  }

  const role = await roles.create(request);
  rollback.created(what, () => roles.delete(request.name));
  logger.info(`Created ${what} ${where}`);
  await roles.putInlinePolicy(request.name, request.policyName, request.policy);
  logger.debug(`Inline policy of ${what}: ${request.policy}`);
  return { arn: role.arn, created: true };
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
