import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { ECSClient } from '@aws-sdk/client-ecs';
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import fs from 'node:fs/promises';
import type { z as zod } from 'zod/v3';
import { EcsServices } from '../aws/ecs';
import { ensureLogGroup, LogGroups } from '../aws/logs';
import { describeTags, withRollback } from '../aws/lookBeforeCreate';
import { consoleUrls, regionalArn } from '../aws/resourceLocations';
import { serviceLogGroup, taskDefinitionFamily } from '../names';
import {
  TaskDefinitionSettings,
  taskDefinitionFromInputs,
  taskDefinitionFromJson,
} from '../taskDefinition';
import { componentInputs, logPlan, planOutput, resolveScope } from './common';
import type { SlipwayActionDeps } from './deps';
import { examples } from './ecs-create-service.examples';
import {
  ensureTaskDefinition,
  reuseExistingService,
} from '../aws/ensureEcsService';

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
        'An image that already exists (e.g. <repositoryUri>:<tag>). With it the service starts desiredCount tasks; without it the service is created with 0 tasks (see the README).',
      ),
    executionRoleArn: z
      .string()
      .min(1)
      .describe(
        'ARN of the ECS task execution role, e.g. ${{ steps.roles.output.taskExecutionRoleArn }}.',
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
      .describe('HTTP path of the container health check. Default /health.'),
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
        'ecs: rolling updates with the deployment circuit breaker and rollback; codedeploy: CodeDeploy blue/green (needs targetGroupArn). Default ecs.',
      ),
    targetGroupArn: z
      .string()
      .optional()
      .describe(
        'Target group that fronts the service, e.g. the blue one from slipway:codedeploy:create-blue-green; required for codedeploy.',
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
    plan: planOutput(z),
  });

type Input = zod.infer<ReturnType<typeof ecsCreateServiceInputSchema>>;

async function taskDefinitionSource(input: Input, workspacePath: string) {
  if (input.taskDefinition && input.taskDefinitionFile) {
    throw new InputError(
      'Give either taskDefinition or taskDefinitionFile, not both',
    );
  }
  if (input.taskDefinitionFile) {
    const path = resolveSafeChildPath(workspacePath, input.taskDefinitionFile);
    const text = await fs.readFile(path, 'utf8').catch(() => {
      throw new InputError(
        `The task definition file ${input.taskDefinitionFile} does not exist in the task workspace`,
      );
    });
    return { text, source: input.taskDefinitionFile };
  }
  return input.taskDefinition
    ? { text: input.taskDefinition, source: 'the taskDefinition input' }
    : undefined;
}

/**
 * `slipway:ecs:create-service`: registers the task definition and creates the
 * Fargate service, rolling (circuit breaker with rollback) or CodeDeploy-controlled.
 */
export function createEcsCreateServiceAction(deps: SlipwayActionDeps) {
  return createTemplateAction({
    id: ECS_CREATE_SERVICE_ACTION_ID,
    description:
      'Registers the task definition and creates (or reuses) the Fargate service on the environment’s cluster, with the ECS rolling controller and circuit breaker or the CODE_DEPLOY controller.',
    examples,
    supportsDryRun: true,
    schema: { input: ecsCreateServiceInputSchema, output: outputSchema },
    async handler(ctx) {
      const input = ctx.input;
      const scope = resolveScope(deps, input);
      const { target, where, environment } = scope;
      const controller =
        input.deploymentController === 'codedeploy' ? 'CODE_DEPLOY' : 'ECS';
      if (controller === 'CODE_DEPLOY' && !input.targetGroupArn) {
        throw new InputError(
          'deploymentController codedeploy needs targetGroupArn (the blue target group of slipway:codedeploy:create-blue-green)',
        );
      }
      const name = input.serviceName ?? input.component;
      const cluster = environment.cluster;
      const port = input.containerPort ?? 8080;
      const healthPath = input.healthCheckPath ?? '/health';
      const desiredCount = input.desiredCount ?? 1;
      const initialDesiredCount = input.image ? desiredCount : 0;
      const settings: TaskDefinitionSettings = {
        family: taskDefinitionFamily(input.component, environment.name),
        image: input.image ?? `${input.repositoryUri}:latest`,
        containerName: input.containerName ?? input.component,
        containerPort: port,
        cpu: input.cpu ?? '256',
        memory: input.memory ?? '512',
        executionRoleArn: input.executionRoleArn,
        taskRoleArn: input.taskRoleArn,
        logGroup: serviceLogGroup(input.component, environment.name),
        region: target.region,
        healthCheckCommand: input.healthCheckCommand ?? [
          'CMD-SHELL',
          `python3 -c "import urllib.request; urllib.request.urlopen('http://localhost:${port}${healthPath}', timeout=4)" || exit 1`,
        ],
        environment: input.environmentVariables ?? {},
      };
      const source = await taskDefinitionSource(input, ctx.workspacePath);
      const document = source
        ? taskDefinitionFromJson(source.text, source.source, settings)
        : taskDefinitionFromInputs(settings);
      const serviceRequest = {
        cluster,
        name,
        desiredCount: initialDesiredCount,
        subnets: environment.subnets,
        securityGroups: environment.securityGroups,
        assignPublicIp: input.assignPublicIp ?? false,
        deploymentController: controller,
        ...(input.targetGroupArn && {
          loadBalancer: {
            targetGroupArn: input.targetGroupArn,
            containerName: settings.containerName,
            containerPort: port,
          },
        }),
      } as const;

      ctx.output('serviceName', name);
      ctx.output('clusterName', cluster);
      ctx.output('consoleUrl', consoleUrls.ecsService(target, cluster, name));
      ctx.output('logGroupName', settings.logGroup);
      ctx.output('initialDesiredCount', initialDesiredCount);
      if (!input.image) {
        ctx.logger.info(
          `No image input: the service starts with 0 tasks so that nothing crash-loops before the pipeline pushes the first image; see the README for scaling it to ${desiredCount}`,
        );
      }

      if (ctx.isDryRun) {
        ctx.output(
          'plan',
          logPlan(ctx.logger, [
            `Check that the ECS cluster '${cluster}' exists ${where} and is ACTIVE`,
            `Create the log group '${settings.logGroup}' (retention ${
              input.logRetentionDays ?? 30
            } days), or reuse it`,
            `Register the task definition '${settings.family}' (Fargate, awsvpc, ${document.cpu} CPU / ${document.memory} MiB, image ${settings.image}, port ${port}), unless its latest revision is the same`,
            `Create the Fargate service '${name}' with the ${controller} deployment controller${
              controller === 'ECS' ? ' (circuit breaker with rollback)' : ''
            }, ${initialDesiredCount} task(s), subnets ${environment.subnets.join(
              ', ',
            )}, security groups ${environment.securityGroups.join(', ')}${
              input.targetGroupArn
                ? `, target group ${input.targetGroupArn}`
                : ''
            }`,
            `Tags: ${describeTags(scope.tags)}`,
          ]),
        );
        ctx.output(
          'serviceArn',
          regionalArn(target, 'ecs', `service/${cluster}/${name}`),
        );
        ctx.output(
          'taskDefinitionArn',
          regionalArn(target, 'ecs', `task-definition/${settings.family}`),
        );
        ctx.output('created', false);
        return;
      }

      const ecs = new EcsServices(
        await deps.clients.get(ECSClient, target),
        target,
      );
      const logGroups = new LogGroups(
        await deps.clients.get(CloudWatchLogsClient, target),
        target,
      );
      const result = await ctx.checkpoint({
        key: `ecs-service.${target.accountId}.${target.region}.${cluster}.${name}`,
        fn: () =>
          withRollback(ctx.logger, async rollback => {
            const status = await ecs.clusterStatus(cluster);
            if (status !== 'ACTIVE') {
              throw new NotFoundError(
                `The ECS cluster '${cluster}' named by slipway.environments.${
                  environment.name
                }.cluster ${
                  status ? `is ${status}` : 'does not exist'
                } ${where}; create it (or fix the name) before creating services`,
              );
            }
            const existing = await ecs.findService(cluster, name);
            if (existing) {
              return reuseExistingService({
                ecs,
                existing,
                request: serviceRequest,
                document,
                input,
                scope,
                logger: ctx.logger,
                rollback,
                desiredCount,
              });
            }
            await ensureLogGroup(
              logGroups,
              {
                name: settings.logGroup,
                retentionInDays: input.logRetentionDays ?? 30,
                subject: scope.subject,
                tags: scope.tags,
              },
              ctx.logger,
              rollback,
              where,
            );
            const taskDefinitionArn = await ensureTaskDefinition(
              ecs,
              document,
              scope,
              ctx.logger,
              rollback,
            );
            const arn = await ecs.createService(
              { ...serviceRequest, taskDefinitionArn },
              scope.tags,
            );
            ctx.logger.info(
              `Created the ECS service '${name}' on '${cluster}' ${where} with ${initialDesiredCount} task(s)`,
            );
            return { arn, taskDefinitionArn, created: true };
          }),
      });
      ctx.output('serviceArn', result.arn);
      ctx.output('taskDefinitionArn', result.taskDefinitionArn);
      ctx.output('created', result.created);
    },
  });
}
