import { InputError } from '@backstage/errors';
import type { ActionScope } from './actions/common';
import type { AwsTarget } from './aws/clients';
import type { ServiceRequest, TaskDefinitionDocument } from './aws/ecs';
import { describeTags } from './aws/lookBeforeCreate';
import { regionalArn } from './aws/resourceLocations';
import { describeCondition, serviceAddress, ServiceRoute } from './aws/routing';
import { SERVICE_URL_TAG } from './aws/tags';
import {
  serviceLogGroup,
  targetGroupAlarmNames,
  targetGroupNames,
  taskDefinitionFamily,
} from './names';
import {
  pythonHealthCheck,
  readTaskDefinitionSource,
  taskDefinitionFromInputs,
  taskDefinitionFromJson,
  TaskDefinitionSettings,
} from './taskDefinition';
import {
  AccountAlertTopic,
  accountAlertTopicPlan,
  alarmTopicIn,
  executionRoleFor,
} from './crossAccount';

/**
 * What slipway:ecs:create-service will create, decided from its inputs and
 * config before any AWS call: the dry run's plan and outputs come from here,
 * and aws/ensureEcsService.ts applies it.
 */

/** The inputs of slipway:ecs:create-service that shape the service. */
export interface ServiceInput {
  component: string;
  repositoryUri: string;
  image?: string;
  executionRoleArn: string;
  taskRoleArn?: string;
  serviceName?: string;
  containerName?: string;
  containerPort?: number;
  cpu?: string;
  memory?: string;
  desiredCount?: number;
  healthCheckCommand?: string[];
  environmentVariables?: Record<string, string>;
  taskDefinition?: string;
  taskDefinitionFile?: string;
  deploymentController?: 'ecs' | 'codedeploy';
  targetGroupArn?: string;
  assignPublicIp?: boolean;
  logRetentionDays?: number;
  alarmTopicArn?: string;
  alertEmails?: string[];
}

/** Everything the service will be, decided from inputs and config before any AWS call. */
export interface ServiceDesign {
  request: Omit<ServiceRequest, 'taskDefinitionArn' | 'alarmNames'>;
  document: TaskDefinitionDocument;
  route: ServiceRoute;
  /** The slipway.environments entry, for messages. */
  environment: string;
  /** ECS controller: the target group this action creates; CODE_DEPLOY: the given blue one. */
  targetGroup: { name: string; arn?: string };
  vpcId: string;
  desiredCount: number;
  logGroup: string;
  logRetentionDays: number;
  alarmTopicArn?: string;
  /**
   * Set when the given alarmTopicArn is in another account (the pipeline's):
   * CloudWatch alarms cannot notify another account's topic, so the alarms
   * notify the component's alert topic in this account, which the action
   * ensures first, subscribing `emails`: the alertEmails input (the
   * owner's) and the environment's alerts.emails, each once.
   */
  accountAlertTopic?: AccountAlertTopic;
}

/** What a run of the action leaves behind (its outputs). */
export interface ServiceResult {
  serviceArn: string;
  taskDefinitionArn: string;
  created: boolean;
  url: string;
  basePath: string;
  targetGroupArn: string;
  listenerRuleArn?: string;
  alarmNames: string[];
  [key: string]: string | boolean | string[] | undefined;
}

/** @throws InputError for inputs that contradict each other or a bad taskdef.json. */
export async function designService(
  input: ServiceInput,
  scope: ActionScope,
  route: ServiceRoute,
  workspacePath: string,
): Promise<ServiceDesign> {
  const { environment } = scope;
  const controller =
    input.deploymentController === 'codedeploy' ? 'CODE_DEPLOY' : 'ECS';
  if (controller === 'CODE_DEPLOY' && !input.targetGroupArn) {
    throw new InputError(
      'deploymentController codedeploy needs targetGroupArn (the blue target group of slipway:codedeploy:create-blue-green)',
    );
  }
  if (controller === 'ECS' && input.targetGroupArn) {
    throw new InputError(
      'targetGroupArn is for deploymentController codedeploy only: a rolling service gets its own target group and listener rule',
    );
  }
  const port = input.containerPort ?? 8080;
  const settings: TaskDefinitionSettings = {
    family: taskDefinitionFamily(input.component, environment.name),
    image: input.image ?? `${input.repositoryUri}:latest`,
    containerName: input.containerName ?? input.component,
    containerPort: port,
    cpu: input.cpu ?? '256',
    memory: input.memory ?? '512',
    executionRoleArn: executionRoleFor(
      input.component,
      environment,
      input.executionRoleArn,
    ),
    taskRoleArn: input.taskRoleArn,
    logGroup: serviceLogGroup(input.component, environment.name),
    region: scope.target.region,
    healthCheckCommand:
      input.healthCheckCommand ??
      pythonHealthCheck(port, route.healthCheckPath),
    environment: input.environmentVariables ?? {},
    basePath: route.basePath || undefined,
  };
  const source = await readTaskDefinitionSource(input, workspacePath);
  const desiredCount = input.desiredCount ?? 1;
  const groupName = targetGroupNames(input.component, environment.name).service;
  return {
    request: {
      cluster: environment.cluster,
      name: input.serviceName ?? input.component,
      desiredCount: input.image ? desiredCount : 0,
      subnets: environment.subnets,
      securityGroups: environment.securityGroups,
      assignPublicIp: input.assignPublicIp ?? false,
      deploymentController: controller,
    },
    document: source
      ? taskDefinitionFromJson(source.text, source.source, settings)
      : taskDefinitionFromInputs(settings),
    route,
    environment: environment.name,
    targetGroup: input.targetGroupArn
      ? {
          name: input.targetGroupArn.split('/')[1] ?? '',
          arn: input.targetGroupArn,
        }
      : { name: groupName },
    vpcId: environment.vpcId!,
    desiredCount,
    logGroup: settings.logGroup,
    logRetentionDays: input.logRetentionDays ?? 30,
    ...alarmTopicIn(
      input.component,
      scope.environment,
      input.alarmTopicArn,
      input.alertEmails,
    ),
  };
}

export const rolling = (design: ServiceDesign) =>
  design.request.deploymentController === 'ECS';

/** The dry run's answer: what a real run would do, in order. */
export function servicePlan(
  design: ServiceDesign,
  scope: ActionScope,
): string[] {
  const { request, document, route } = design;
  const container = document.containerDefinitions?.[0];
  const address = serviceAddress(route);
  const alarms = targetGroupAlarmNames(design.targetGroup.name);
  return [
    ...accountAlertTopicPlan(
      design.accountAlertTopic,
      scope.where,
      'no e-mail address (no alertEmails, none in alerts.emails)',
    ),
    `Check that the ECS cluster '${request.cluster}' exists ${scope.where} and is ACTIVE`,
    ...(rolling(design)
      ? [
          `Create the target group '${design.targetGroup.name}' (HTTP ${container?.portMappings?.[0]?.containerPort}, ip targets, health check ${route.healthCheckPath}, VPC ${design.vpcId}), or reuse it`,
          `Add a rule routing ${describeCondition(route.condition)} to '${
            design.targetGroup.name
          }' on the listener ${
            route.productionListenerArn
          } (lowest free priority), unless one forwards to it already; the service answers on ${
            address.url
          }`,
          `Create the alarms '${
            alarms.errors
          }' (5 or more target 5xx a minute, 2 minutes) and '${
            alarms.unhealthyHosts
          }' (an unhealthy target, 2 minutes)${
            design.alarmTopicArn ? `, notifying ${design.alarmTopicArn}` : ''
          }, or reuse them`,
        ]
      : [
          `Use the target group ${design.targetGroup.arn} (routing created by slipway:codedeploy:create-blue-green); the service answers on ${address.url}`,
        ]),
    `Create the log group '${design.logGroup}' (retention ${design.logRetentionDays} days), or reuse it`,
    `Register the task definition '${document.family}' (Fargate, awsvpc, ${
      document.cpu
    } CPU / ${document.memory} MiB, image ${container?.image}${
      route.basePath ? `, SCRIPT_NAME=${route.basePath}` : ''
    }), unless its latest revision is the same`,
    `Create the Fargate service '${request.name}' with the ${
      request.deploymentController
    } deployment controller${
      rolling(design) ? ' (circuit breaker and the alarms, with rollback)' : ''
    }, ${request.desiredCount} task(s), behind '${
      design.targetGroup.name
    }', subnets ${request.subnets.join(
      ', ',
    )}, security groups ${request.securityGroups.join(', ')}`,
    `Tags: ${describeTags({ ...scope.tags, [SERVICE_URL_TAG]: address.url })}`,
  ];
}

/** The outputs of a dry run: names that are known, ARNs as they would read. */
export function plannedService(
  design: ServiceDesign,
  target: AwsTarget,
): ServiceResult {
  const { request, route } = design;
  const alarms = targetGroupAlarmNames(design.targetGroup.name);
  return {
    serviceArn: regionalArn(
      target,
      'ecs',
      `service/${request.cluster}/${request.name}`,
    ),
    taskDefinitionArn: regionalArn(
      target,
      'ecs',
      `task-definition/${design.document.family}`,
    ),
    created: false,
    url: serviceAddress(route).url,
    basePath: route.basePath,
    targetGroupArn:
      design.targetGroup.arn ??
      regionalArn(
        target,
        'elasticloadbalancing',
        `targetgroup/${design.targetGroup.name}`,
      ),
    alarmNames: rolling(design) ? [alarms.errors, alarms.unhealthyHosts] : [],
  };
}
