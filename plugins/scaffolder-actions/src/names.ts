import { createHash } from 'node:crypto';
import { InputError } from '@backstage/errors';

/**
 * The default names of everything Slipway creates for a component, in one
 * place, so that each action can find (and least-privilege policies can name)
 * the resources the other actions create without passing every name around.
 */

/** IAM path of every role Slipway creates; teardown lists roles under it. */
export const ROLE_PATH = '/slipway/';

export type DeliveryRole =
  | 'codeBuild'
  | 'codePipeline'
  | 'taskExecution'
  | 'codeDeploy';

const ROLE_SUFFIX: Record<DeliveryRole, string> = {
  codeBuild: 'codebuild',
  codePipeline: 'codepipeline',
  taskExecution: 'ecs-task-execution',
  codeDeploy: 'codedeploy',
};

export function roleName(component: string, role: DeliveryRole): string {
  const name = `${component}-${ROLE_SUFFIX[role]}`;
  if (name.length > 64) {
    throw new InputError(
      `The IAM role name '${name}' is longer than 64 characters; use a shorter component name`,
    );
  }
  return name;
}

/** Everything a component logs goes under this prefix, so one policy statement covers it. */
export function logGroupPrefix(component: string): string {
  return `/slipway/${component}/`;
}

export function codeBuildLogGroup(component: string): string {
  return `${logGroupPrefix(component)}codebuild`;
}

export function serviceLogGroup(
  component: string,
  environment: string,
): string {
  return `${logGroupPrefix(component)}${environment}/ecs`;
}

export function codeBuildProjectName(component: string): string {
  return `${component}-build`;
}

export function taskDefinitionFamily(
  component: string,
  environment: string,
): string {
  return `${component}-${environment}`;
}

export function codeDeployNames(component: string, environment: string) {
  const name = `${component}-${environment}`;
  return { application: name, deploymentGroup: name };
}

/**
 * Target group names may have at most 32 characters: long component and
 * environment names are shortened with a stable hash, so re-runs agree.
 */
export function targetGroupNames(component: string, environment: string) {
  let base = `${component}-${environment}`;
  if (base.length > 29) {
    const hash = createHash('sha256').update(base).digest('hex').slice(0, 6);
    base = `${base.slice(0, 22).replace(/-+$/, '')}-${hash}`;
  }
  return { service: base, blue: `${base}-b`, green: `${base}-g` };
}

/** The two alarms on one target group that roll a deployment back (and page the alert topic). */
export function targetGroupAlarmNames(targetGroupName: string) {
  return {
    errors: `${targetGroupName}-target-5xx`,
    unhealthyHosts: `${targetGroupName}-unhealthy-hosts`,
  };
}

/** The SNS topic a component's failure alerts go to (one per component, in its home environment). */
export function alertTopicName(component: string): string {
  return `${component}-alerts`;
}

/** The EventBridge rule that sends the component's failed pipeline executions to its alert topic. */
export function pipelineFailureRuleName(component: string): string {
  return `${component}-pipeline-failed`;
}

/**
 * The role a pipeline's deploy stage assumes in an environment of another
 * account (`roleArn` on its actions): `<component>-deploy-<environment>`,
 * under {@link ROLE_PATH} in that environment's account.
 */
export function deployRoleName(component: string, environment: string): string {
  const name = `${component}-deploy-${environment}`;
  if (name.length > 64) {
    throw new InputError(
      `The IAM role name '${name}' is longer than 64 characters; use a shorter component or environment name`,
    );
  }
  return name;
}

/** Alias of the customer-managed KMS key a cross-account pipeline encrypts its artifacts with. */
export function artifactKeyAlias(component: string): string {
  return `alias/slipway/${component}-artifacts`;
}
