import { InputError } from '@backstage/errors';
import type { AwsTarget } from './aws/clients';
import { iamRoleArn } from './aws/resourceLocations';
import type { SlipwayEnvironment } from './config/environments';
import { deployRoleName, ROLE_PATH, roleName } from './names';

/**
 * Where each environment's resources live when one pipeline promotes across
 * accounts, in one place: every action that needs another account's role
 * ARN derives it here rather than being passed it.
 */

export function environmentTarget(environment: SlipwayEnvironment): AwsTarget {
  return { accountId: environment.accountId, region: environment.region };
}

/** The deploy role the pipeline assumes for an environment in another account. */
export function deployRoleArn(
  component: string,
  environment: SlipwayEnvironment,
): string {
  return iamRoleArn(
    environmentTarget(environment),
    ROLE_PATH,
    deployRoleName(component, environment.name),
  );
}

/** The component's task execution role in the environment's own account: configured, or Slipway's. */
export function taskExecutionRoleArnIn(
  component: string,
  environment: SlipwayEnvironment,
): string {
  return (
    environment.roles?.taskExecutionRoleArn ??
    iamRoleArn(
      environmentTarget(environment),
      ROLE_PATH,
      roleName(component, 'taskExecution'),
    )
  );
}

/** The account of an IAM role ARN. */
export function accountOfArn(arn: string): string | undefined {
  return /^arn:[^:]+:[^:]+:[^:]*:(\d{12}):/.exec(arn)?.[1];
}

/** The environments grouped by account, in order of first appearance. */
export function byAccount(
  environments: SlipwayEnvironment[],
): SlipwayEnvironment[][] {
  const groups = new Map<string, SlipwayEnvironment[]>();
  for (const e of environments) {
    groups.set(e.accountId, [...(groups.get(e.accountId) ?? []), e]);
  }
  return [...groups.values()];
}

/**
 * The task execution role a service in `environment` runs with: the one
 * given when it is in the environment's account; otherwise (the template
 * passes the pipeline account's role to every environment) the component's
 * role in the environment's own account, which
 * `slipway:iam:create-delivery-roles` creates there.
 */
export function executionRoleFor(
  component: string,
  environment: SlipwayEnvironment,
  given: string,
): string {
  const account = accountOfArn(given);
  return !account || account === environment.accountId
    ? given
    : taskExecutionRoleArnIn(component, environment);
}

/**
 * Blue/green (CodeDeploy) to an environment in another account is not built
 * yet: its task definitions, appspec and CodeDeploy roles would all still
 * name the home account. Refused before any AWS call.
 * @throws InputError naming the environments in other accounts.
 */
export function refuseBlueGreenAcrossAccounts(
  home: SlipwayEnvironment,
  environments: SlipwayEnvironment[],
): void {
  const foreign = environments.filter(e => e.accountId !== home.accountId);
  if (!foreign.length) return;
  throw new InputError(
    `Cross-account promotion supports rolling deploys only for now: blue/green (CodeDeploy) cannot deploy from the pipeline's account ${
      home.accountId
    } ('${home.name}') to ${foreign
      .map(e => `'${e.name}' (account ${e.accountId})`)
      .join(
        ', ',
      )}. Choose the rolling strategy, or keep blue/green environments in the pipeline's account.`,
  );
}

/**
 * For slipway:codedeploy:create-blue-green, which runs once per environment:
 * an input ARN (the CodeDeploy role, the alert topic) of another account than
 * the environment's means the environment is promoted to from another
 * account, with blue/green, which is not built yet.
 * @throws InputError naming the inputs and their accounts.
 */
export function refuseBlueGreenFromAnotherAccount(
  environment: SlipwayEnvironment,
  inputs: Record<string, string | undefined>,
): void {
  const foreign = Object.entries(inputs).flatMap(([name, arn]) => {
    const account = arn ? accountOfArn(arn) : undefined;
    return account && account !== environment.accountId
      ? [`${name} is in account ${account}`]
      : [];
  });
  if (!foreign.length) return;
  throw new InputError(
    `Cross-account promotion supports rolling deploys only for now: the environment '${
      environment.name
    }' is in account ${environment.accountId}, but ${foreign.join(
      ' and ',
    )}. Blue/green (CodeDeploy) to an environment in another account than the pipeline's is not built yet; choose the rolling strategy.`,
  );
}
