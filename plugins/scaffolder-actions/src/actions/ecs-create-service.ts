import { SNSClient } from '@aws-sdk/client-sns';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { z as zod } from 'zod/v3';
import { ensureAlertTopic, subscribeEmails } from '../aws/ensureAlerts';
import { ensureEcsService, serviceClients } from '../aws/ensureEcsService';
import { SnsTopics } from '../aws/sns';
import { consoleUrls } from '../aws/resourceLocations';
import { serviceRoute } from '../aws/routing';
import { designService, plannedService, servicePlan } from '../serviceDesign';
import { componentInputs, planOutput, provision, resolveScope } from './common';
import type { SlipwayActionDeps } from './deps';
import { examples } from './ecs-create-service.examples';

export const ECS_CREATE_SERVICE_ACTION_ID = 'slipway:ecs:create-service';

export const ecsCreateServiceInputSchema = (z: typeof zod) =>
  z.object({
    ...componentInputs(z),
    repositoryUri: z
      .string()
      .min(1)
      .describe('URI of the ECR repository the service runs images from.'),
    image: z
      .string()
      .optional()
      .describe(
        'An image that already exists (e.g. <repositoryUri>:<tag>). With it the service starts desiredCount tasks; without it the service is created with 0 tasks and the pipeline’s first deployment scales it.',
      ),
    executionRoleArn: z
      .string()
      .min(1)
      .describe(
        'ARN of the ECS task execution role, e.g. ${{ steps.roles.output.taskExecutionRoleArn }}. A role of another account than the environment’s stands for the component’s execution role in the environment’s own account (configured, or the one slipway:iam:create-delivery-roles created there).',
      ),
    taskRoleArn: z
      .string()
      .optional()
      .describe('ARN of the role the application code runs as. Default: none.'),
    serviceName: z
      .string()
      .optional()
      .describe('ECS service name. Defaults to the component name.'),
    containerName: z
      .string()
      .optional()
      .describe(
        'Name of the application container. Defaults to the component name.',
      ),
    containerPort: z
      .number()
      .int()
      .min(1)
      .max(65535)
      .optional()
      .describe('Port the application listens on. Default 8080.'),
    cpu: z
      .enum(['256', '512', '1024', '2048', '4096'])
      .optional()
      .describe('Fargate CPU units. Default 256.'),
    memory: z
      .string()
      .regex(/^\d+$/)
      .optional()
      .describe('Fargate memory in MiB, valid for the CPU size. Default 512.'),
    desiredCount: z
      .number()
      .int()
      .min(0)
      .max(100)
      .optional()
      .describe(
        'Number of tasks the service runs once an image exists. Default 1.',
      ),
    healthCheckPath: z
      .string()
      .startsWith('/')
      .optional()
      .describe(
        'Health path of the application. The load balancer and the container probe it, under the service’s base path in path routing. Default /health.',
      ),
    healthCheckCommand: z
      .array(z.string())
      .optional()
      .describe(
        'Container health check command, replacing the default Python urllib probe of healthCheckPath (for images without Python).',
      ),
    environmentVariables: z
      .record(z.string(), z.string())
      .optional()
      .describe('Environment variables of the container.'),
    taskDefinition: z
      .string()
      .optional()
      .describe(
        'Task definition JSON (taskdef.json contents) to register instead of one built from the inputs; <IMAGE1_NAME> is replaced by the image.',
      ),
    taskDefinitionFile: z
      .string()
      .optional()
      .describe(
        'Path of a taskdef.json in the task workspace, e.g. ./taskdef.json; used like taskDefinition.',
      ),
    deploymentController: z
      .enum(['ecs', 'codedeploy'])
      .optional()
      .describe(
        'ecs: rolling updates behind the service’s own target group and listener rule, rolled back by the circuit breaker and the target group’s alarms; codedeploy: CodeDeploy blue/green (needs targetGroupArn). Default ecs.',
      ),
    targetGroupArn: z
      .string()
      .optional()
      .describe(
        'codedeploy only (required): the blue target group from slipway:codedeploy:create-blue-green, which also owns its routing.',
      ),
    alarmTopicArn: z
      .string()
      .regex(/^(arn:aws[a-z-]*:sns:.+)?$/, {
        message: 'must be an SNS topic ARN (or empty for none)',
      })
      .optional()
      .describe(
        'SNS topic the target group’s alarms notify, e.g. ${{ steps.alerts.output.topicArn }}. Default: the alarms only roll back. A topic of another account than the environment’s (the pipeline’s) stands for the component’s alert topic in the environment’s own account, which the action creates there (subscribing alertEmails and the environment’s alerts.emails): alarms cannot notify another account’s topic.',
      ),
    alertEmails: z
      .array(z.union([z.literal(''), z.string().email().max(254)]))
      .max(20)
      .optional()
      .describe(
        'E-mail addresses to subscribe, besides the environment’s alerts.emails, to the alert topic this action creates in the environment’s own account when alarmTopicArn is another account’s; e.g. the owner group’s catalog e-mail, as given to slipway:alerts:create. Each address is subscribed once (an address already subscribed, confirmed or pending, is left as it is); an empty string, for a group without an e-mail, is ignored. Unused when alarmTopicArn is in the environment’s account: slipway:alerts:create subscribes that topic. Default: none.',
      ),
    assignPublicIp: z
      .boolean()
      .optional()
      .describe(
        'Give tasks a public IP (only for public subnets without a NAT gateway). Default false.',
      ),
    logRetentionDays: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe(
        'Days the container log group keeps logs (a CloudWatch retention value). Default 30.',
      ),
  });

const outputSchema = (z: typeof zod) =>
  z.object({
    serviceName: z.string().describe('Name of the ECS service.'),
    serviceArn: z
      .string()
      .describe(
        'ARN of the ECS service, for the aws.amazon.com/amazon-ecs-service-arn annotation.',
      ),
    clusterName: z
      .string()
      .describe('Name of the ECS cluster the service runs on.'),
    taskDefinitionArn: z
      .string()
      .describe('ARN of the task definition revision the service runs.'),
    consoleUrl: z.string().describe('Link to the service in the ECS console.'),
    logGroupName: z
      .string()
      .describe('CloudWatch log group of the containers.'),
    initialDesiredCount: z
      .number()
      .describe(
        'Desired count the service was created with: 0 until an image exists (no image input), else desiredCount.',
      ),
    created: z
      .boolean()
      .describe(
        'True when this task created the service; false when it existed (or on a dry run).',
      ),
    url: z
      .string()
      .describe(
        'Where the service answers behind the environment’s load balancer (also its slipway:url tag). A dry run writes http(s):// and, in path routing, a placeholder host.',
      ),
    basePath: z
      .string()
      .describe(
        'Path routing: the service’s path (<pathPrefix>/<name>, its SCRIPT_NAME); empty in host routing.',
      ),
    targetGroupArn: z
      .string()
      .describe(
        'Target group in front of the service: its own (ecs) or the given blue one (codedeploy).',
      ),
    listenerRuleArn: z
      .string()
      .optional()
      .describe(
        'ecs only: the production listener rule that routes to the service (absent on a dry run).',
      ),
    alarmNames: z
      .array(z.string())
      .describe(
        'ecs only: the alarms that roll a deployment back (target 5xx, unhealthy hosts); codedeploy: empty, see the deployment group.',
      ),
    plan: planOutput(z),
  });

type Input = zod.infer<ReturnType<typeof ecsCreateServiceInputSchema>>;

/**
 * `slipway:ecs:create-service`: the Fargate service behind its environment's
 * load balancer: rolling (own target group, listener rule and alarms, circuit
 * breaker and alarm rollback) or CodeDeploy-controlled (blue target group).
 */
export function createEcsCreateServiceAction(deps: SlipwayActionDeps) {
  return createTemplateAction({
    id: ECS_CREATE_SERVICE_ACTION_ID,
    description:
      'Registers the task definition and creates (or reuses) the Fargate service on the environment’s cluster behind its load balancer: rolling (own target group, listener rule and rollback alarms) or with the CODE_DEPLOY controller.',
    examples,
    supportsDryRun: true,
    schema: { input: ecsCreateServiceInputSchema, output: outputSchema },
    async handler(ctx) {
      const input: Input = ctx.input;
      const scope = resolveScope(deps, input, ctx.task.id);
      const { target, environment } = scope;
      const route = serviceRoute(
        environment,
        input.component,
        input.healthCheckPath,
      );
      const design = await designService(
        input,
        scope,
        route,
        ctx.workspacePath,
      );
      const { cluster, name, desiredCount } = design.request;

      ctx.output('serviceName', name);
      ctx.output('clusterName', cluster);
      ctx.output('consoleUrl', consoleUrls.ecsService(target, cluster, name));
      ctx.output('logGroupName', design.logGroup);
      ctx.output('initialDesiredCount', desiredCount);
      if (!input.image) {
        ctx.logger.info(
          `No image input: the service starts with 0 tasks so that nothing runs before the pipeline builds the first image; the pipeline's deploy stage of ${environment.name} scales it to ${design.desiredCount}`,
        );
      }

      const result = await provision(ctx, {
        key: `ecs-service.${target.accountId}.${target.region}.${cluster}.${name}`,
        plan: () => servicePlan(design, scope),
        apply: async rollback => {
          const run = { logger: ctx.logger, rollback, ...scope };
          const topic = design.accountAlertTopic;
          if (topic) {
            const topics = new SnsTopics(
              await deps.clients.get(SNSClient, target),
              target,
            );
            const { arn } = await ensureAlertTopic(run, topics, topic);
            await subscribeEmails(run, topics, arn, topic.emails);
          }
          return ensureEcsService(
            run,
            await serviceClients(deps.clients, target),
            design,
          );
        },
      });
      const outputs = result ?? plannedService(design, target);
      ctx.output('serviceArn', outputs.serviceArn);
      ctx.output('taskDefinitionArn', outputs.taskDefinitionArn);
      ctx.output('created', outputs.created);
      ctx.output('url', outputs.url);
      ctx.output('basePath', outputs.basePath);
      ctx.output('targetGroupArn', outputs.targetGroupArn);
      if (outputs.listenerRuleArn) {
        ctx.output('listenerRuleArn', outputs.listenerRuleArn);
      }
      ctx.output('alarmNames', outputs.alarmNames);
    },
  });
}
