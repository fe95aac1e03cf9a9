import { alertTopicPolicy, uniqueEmails } from './alerts';
import type { AwsTarget } from './aws/clients';
import { iamRoleArn, regionalArn } from './aws/resourceLocations';
import type { SlipwayEnvironment } from './config/environments';
import type { DeploymentScope } from './policies/deliveryRolePolicies';
import {
  alertTopicName,
  codeDeployNames,
  deployRoleName,
  ROLE_PATH,
  roleName,
  targetGroupAlarmNames,
  targetGroupNames,
  taskDefinitionFamily,
} from './names';

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

/** The component's CodeDeploy service role in the environment's own account: configured, or Slipway's. */
export function codeDeployRoleArnIn(
  component: string,
  environment: SlipwayEnvironment,
): string {
  return (
    environment.roles?.codeDeployRoleArn ??
    iamRoleArn(
      environmentTarget(environment),
      ROLE_PATH,
      roleName(component, 'codeDeploy'),
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
  return inAnotherAccount(given, environment)
    ? taskExecutionRoleArnIn(component, environment)
    : given;
}

/**
 * The CodeDeploy service role a deployment group in `environment` uses: as
 * {@link executionRoleFor}, the template passes the pipeline account's role
 * to every environment, which stands for the component's CodeDeploy role in
 * the environment's own account (`slipway:iam:create-delivery-roles` with
 * blueGreen creates it there).
 */
export function codeDeployRoleFor(
  component: string,
  environment: SlipwayEnvironment,
  given: string,
): string {
  return inAnotherAccount(given, environment)
    ? codeDeployRoleArnIn(component, environment)
    : given;
}

/** True when the ARN names an account, and not the environment's. */
function inAnotherAccount(arn: string, environment: SlipwayEnvironment) {
  const account = accountOfArn(arn);
  return !!account && account !== environment.accountId;
}

/** The component's alert topic in an account: what an action ensures there. */
export interface AccountAlertTopic {
  name: string;
  arn: string;
  policy: string;
  /** The addresses given, then the environment's `alerts.emails`. */
  emails: string[];
}

/**
 * The topic an environment's alarms notify, given the template's (the
 * pipeline account's) topic: that one in its own account; in another
 * account the component's alert topic of the environment's account, which
 * the action ensures first, since CloudWatch alarms cannot notify another
 * account's topic. Same name and policy as slipway:alerts:create's topic.
 */
export function alarmTopicIn(
  component: string,
  environment: SlipwayEnvironment,
  given: string | undefined,
  emails: string[] = [],
): { alarmTopicArn?: string; accountAlertTopic?: AccountAlertTopic } {
  if (!given || !inAnotherAccount(given, environment)) {
    return { alarmTopicArn: given || undefined };
  }
  const target = environmentTarget(environment);
  const name = alertTopicName(component);
  const arn = regionalArn(target, 'sns', name);
  return {
    alarmTopicArn: arn,
    accountAlertTopic: {
      name,
      arn,
      policy: alertTopicPolicy(arn, target.accountId),
      emails: uniqueEmails([...emails, ...(environment.alerts?.emails ?? [])]),
    },
  };
}

/**
 * The dry run's line for the account's alert topic, if there is one to
 * ensure; `noEmails` says why nobody would be subscribed.
 */
export function accountAlertTopicPlan(
  topic: AccountAlertTopic | undefined,
  where: string,
  noEmails: string,
): string[] {
  return topic
    ? [
        `Create the alert topic '${
          topic.name
        }' ${where} with this account's credentials, or reuse it (the alarms cannot notify a topic of another account); subscribe ${
          topic.emails.length ? topic.emails.join(', ') : noEmails
        }`,
      ]
    : [];
}

/**
 * What an environment's deploy roles may touch: its service, task family,
 * load balancer listeners and, with blue/green, its CodeDeploy application,
 * deployment group and rollback alarms (by Slipway's names).
 */
export function environmentDeployment(
  component: string,
  environment: SlipwayEnvironment,
  options: { service: string; blueGreen: boolean },
): DeploymentScope {
  const groups = targetGroupNames(component, environment.name);
  return {
    target: environmentTarget(environment),
    cluster: environment.cluster,
    service: options.service,
    taskFamily: taskDefinitionFamily(component, environment.name),
    ...(options.blueGreen && {
      codeDeploy: codeDeployNames(component, environment.name),
      rollbackAlarmNames: [groups.blue, groups.green].flatMap(tg =>
        Object.values(targetGroupAlarmNames(tg)),
      ),
    }),
    listenerArns: [
      environment.loadBalancer?.productionListenerArn,
      environment.loadBalancer?.testListenerArn,
    ].filter((arn): arn is string => !!arn),
  };
}
