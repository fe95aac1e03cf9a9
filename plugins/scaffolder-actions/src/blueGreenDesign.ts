import { InputError } from '@backstage/errors';
import type { ActionScope } from './actions/common';
import type { AwsTarget } from './aws/clients';
import { describeTags } from './aws/lookBeforeCreate';
import { regionalArn } from './aws/resourceLocations';
import { describeCondition, serviceAddress, ServiceRoute } from './aws/routing';
import {
  AccountAlertTopic,
  accountAlertTopicPlan,
  alarmTopicIn,
  codeDeployRoleFor,
} from './crossAccount';
import {
  codeDeployNames,
  targetGroupAlarmNames,
  targetGroupNames,
} from './names';

/**
 * What slipway:codedeploy:create-blue-green will create, decided from its
 * inputs and config before any AWS call: the dry run's plan and outputs come
 * from here, and aws/ensureBlueGreen.ts applies it.
 */

/** Traffic-shifting strategies and the CodeDeploy configurations they name. */
export const DEPLOYMENT_CONFIGS = {
  allAtOnce: 'CodeDeployDefault.ECSAllAtOnce',
  canary10Percent5Minutes: 'CodeDeployDefault.ECSCanary10Percent5Minutes',
  canary10Percent15Minutes: 'CodeDeployDefault.ECSCanary10Percent15Minutes',
  linear10PercentEvery1Minutes:
    'CodeDeployDefault.ECSLinear10PercentEvery1Minutes',
  linear10PercentEvery3Minutes:
    'CodeDeployDefault.ECSLinear10PercentEvery3Minutes',
} as const;

export type Strategy = keyof typeof DEPLOYMENT_CONFIGS;

/** The inputs of slipway:codedeploy:create-blue-green that shape the resources. */
export interface BlueGreenInput {
  component: string;
  serviceName?: string;
  serviceRoleArn?: string;
  strategy?: Strategy;
  terminateBlueAfterMinutes?: number;
  containerPort?: number;
  alarmTopicArn?: string;
}

/** Everything blue/green will be, decided from inputs and config before any AWS call. */
export interface BlueGreenDesign {
  application: string;
  deploymentGroup: string;
  groups: { blue: string; green: string };
  port: number;
  vpcId: string;
  route: ServiceRoute;
  cluster: string;
  deploymentConfigName: string;
  terminateBlueAfterMinutes: number;
  /** Set on the run that creates the deployment group (the service exists). */
  service?: { name: string; roleArn: string };
  alarmTopicArn?: string;
  /**
   * Set when the given alarmTopicArn is in another account (the pipeline's):
   * the alarms notify the component's alert topic of this account, which
   * the action ensures first (slipway:ecs:create-service reuses it).
   */
  accountAlertTopic?: AccountAlertTopic;
}

/** What a run leaves behind (the action's outputs). */
export interface BlueGreenResult {
  blueTargetGroupArn: string;
  greenTargetGroupArn: string;
  productionListenerRuleArn?: string;
  testListenerRuleArn?: string;
  url: string;
  basePath: string;
  alarmNames: string[];
  deploymentGroupReady: boolean;
  [key: string]: string | boolean | string[] | undefined;
}

/**
 * Inputs of another account than the environment's (the template passes
 * the pipeline account's CodeDeploy role and alert topic to every
 * environment) stand for the component's own in the environment's account.
 * @throws InputError when serviceName comes without serviceRoleArn.
 */
export function designBlueGreen(
  input: BlueGreenInput,
  scope: ActionScope,
  route: ServiceRoute,
): BlueGreenDesign {
  const { environment } = scope;
  if (input.serviceName && !input.serviceRoleArn) {
    throw new InputError(
      'serviceRoleArn is required with serviceName (the CodeDeploy role)',
    );
  }
  const names = codeDeployNames(input.component, environment.name);
  const groups = targetGroupNames(input.component, environment.name);
  return {
    application: names.application,
    deploymentGroup: names.deploymentGroup,
    groups: { blue: groups.blue, green: groups.green },
    port: input.containerPort ?? 8080,
    vpcId: environment.vpcId!,
    route,
    cluster: environment.cluster,
    deploymentConfigName: DEPLOYMENT_CONFIGS[input.strategy ?? 'allAtOnce'],
    terminateBlueAfterMinutes: input.terminateBlueAfterMinutes ?? 5,
    service: input.serviceName
      ? {
          name: input.serviceName,
          roleArn: codeDeployRoleFor(
            input.component,
            environment,
            input.serviceRoleArn!,
          ),
        }
      : undefined,
    ...alarmTopicIn(input.component, environment, input.alarmTopicArn),
  };
}

export function listeners(route: ServiceRoute): string[] {
  return [
    route.productionListenerArn,
    ...(route.testListenerArn ? [route.testListenerArn] : []),
  ];
}

function alarmNamesOf(design: BlueGreenDesign): string[] {
  return [design.groups.blue, design.groups.green].flatMap(group =>
    Object.values(targetGroupAlarmNames(group)),
  );
}

/** The dry run's answer: what a real run would do, in order. */
export function blueGreenPlan(
  design: BlueGreenDesign,
  scope: ActionScope,
): string[] {
  const { groups, route, service } = design;
  return [
    ...accountAlertTopicPlan(
      design.accountAlertTopic,
      scope.where,
      'no e-mail address (none in alerts.emails)',
    ),
    `Create the target groups '${groups.blue}' and '${groups.green}' ${scope.where} (HTTP ${design.port}, ip targets, health check ${route.healthCheckPath}, VPC ${design.vpcId}), or reuse them`,
    `Add a rule routing ${describeCondition(route.condition)} to '${
      groups.blue
    }' on ${listeners(route).join(
      ' and ',
    )} (lowest free priority), unless one forwards to '${groups.blue}' or '${
      groups.green
    }' already; the service answers on ${serviceAddress(route).url}`,
    `Create the alarms ${alarmNamesOf(design).join(
      ', ',
    )} (5 or more target 5xx a minute, or an unhealthy target, for 2 minutes)${
      design.alarmTopicArn ? `, notifying ${design.alarmTopicArn}` : ''
    }, or reuse them`,
    `Create the CodeDeploy application '${design.application}' (ECS), or reuse it`,
    service
      ? `Create the deployment group '${design.deploymentGroup}' for the service ${design.cluster}/${service.name} with the service role ${service.roleArn}: ${design.deploymentConfigName}, blue/green with traffic control, blue tasks terminated after ${design.terminateBlueAfterMinutes} minutes, the alarms above, automatic rollback on failure or alarm`
      : `Skip the deployment group until the service exists (run again with serviceName after slipway:ecs:create-service)`,
    `Tags: ${describeTags(scope.tags)}`,
  ];
}

/** The outputs of a dry run: names that are known, ARNs as they would read. */
export function plannedBlueGreen(
  design: BlueGreenDesign,
  target: AwsTarget,
): BlueGreenResult {
  const arn = (name: string) =>
    regionalArn(target, 'elasticloadbalancing', `targetgroup/${name}`);
  return {
    blueTargetGroupArn: arn(design.groups.blue),
    greenTargetGroupArn: arn(design.groups.green),
    url: serviceAddress(design.route).url,
    basePath: design.route.basePath,
    alarmNames: alarmNamesOf(design),
    deploymentGroupReady: false,
  };
}
