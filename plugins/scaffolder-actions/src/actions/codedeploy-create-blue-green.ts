import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { ECSClient } from '@aws-sdk/client-ecs';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { InputError, NotFoundError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { z as zod } from 'zod/v3';
import { CodeDeploy } from '../aws/codedeploy';
import { EcsServices } from '../aws/ecs';
import { LoadBalancing } from '../aws/elbv2';
import {
  ensureApplication,
  ensureDeploymentGroup,
  ensureListenerRule,
  ensureTargetGroup,
  Run,
} from '../aws/ensureBlueGreen';
import { describeTags, withRollback } from '../aws/lookBeforeCreate';
import { consoleUrls, regionalArn } from '../aws/resourceLocations';
import { codeDeployNames, targetGroupNames } from '../names';
import { componentInputs, logPlan, planOutput, resolveScope } from './common';
import { examples } from './codedeploy-create-blue-green.examples';
import type { SlipwayActionDeps } from './deps';

export const CODEDEPLOY_CREATE_BLUE_GREEN_ACTION_ID =
  'slipway:codedeploy:create-blue-green';

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

type Strategy = keyof typeof DEPLOYMENT_CONFIGS;

export const codedeployCreateBlueGreenInputSchema = (z: typeof zod) =>
  z.object({
    ...componentInputs(z),
    serviceName: z
      .string()
      .optional()
      .describe(
        'The ECS service (CODE_DEPLOY controller) to deploy. Leave it out on the first run, before slipway:ecs:create-service: the action then creates the target groups, listener rules and application only. With it, the service must exist and the deployment group is created too.',
      ),
    serviceRoleArn: z
      .string()
      .optional()
      .describe(
        'ARN of the CodeDeploy service role, e.g. ${{ steps.roles.output.codeDeployRoleArn }}; required with serviceName.',
      ),
    strategy: z
      .enum(Object.keys(DEPLOYMENT_CONFIGS) as [Strategy, ...Strategy[]])
      .optional()
      .describe(
        'How traffic shifts to the new tasks: allAtOnce, canary10Percent5Minutes, canary10Percent15Minutes, linear10PercentEvery1Minutes or linear10PercentEvery3Minutes. Default allAtOnce.',
      ),
    terminateBlueAfterMinutes: z
      .number()
      .int()
      .min(0)
      .max(2880)
      .optional()
      .describe(
        'Minutes the old (blue) tasks keep running after a successful deployment, for a fast manual rollback. Default 5.',
      ),
    containerPort: z
      .number()
      .int()
      .min(1)
      .max(65535)
      .optional()
      .describe(
        'Port the container listens on; the target groups use it. Default 8080.',
      ),
    healthCheckPath: z
      .string()
      .startsWith('/')
      .optional()
      .describe(
        'Path the load balancer health check requests. Default /health.',
      ),
    hostHeader: z
      .string()
      .optional()
      .describe(
        'Host name whose requests the listener rules send to this service, e.g. orders.example.com.',
      ),
    pathPattern: z
      .string()
      .optional()
      .describe(
        'Path pattern whose requests the listener rules send to this service. Default: all paths (/ and below) when no hostHeader is given.',
      ),
  });

const outputSchema = (z: typeof zod) =>
  z.object({
    applicationName: z.string().describe('Name of the CodeDeploy application.'),
    deploymentGroupName: z
      .string()
      .describe(
        'Name of the deployment group (created only on the run with serviceName).',
      ),
    blueTargetGroupArn: z
      .string()
      .describe(
        'ARN of the target group serving production traffic first; give it to slipway:ecs:create-service as targetGroupArn.',
      ),
    greenTargetGroupArn: z
      .string()
      .describe('ARN of the target group that receives the replacement tasks.'),
    deploymentConfigName: z
      .string()
      .describe(
        'The CodeDeploy deployment configuration the strategy maps to.',
      ),
    deploymentGroupReady: z
      .boolean()
      .describe(
        'True when the deployment group exists after this step (serviceName was given).',
      ),
    consoleUrl: z
      .string()
      .describe('Link to the deployment group in the CodeDeploy console.'),
    plan: planOutput(z),
  });

/**
 * `slipway:codedeploy:create-blue-green`: target groups, listener rules, the
 * CodeDeploy application and (once the service exists) the ECS blue/green
 * deployment group. Used twice in a template, around slipway:ecs:create-service.
 */
export function createCodedeployCreateBlueGreenAction(deps: SlipwayActionDeps) {
  return createTemplateAction({
    id: CODEDEPLOY_CREATE_BLUE_GREEN_ACTION_ID,
    description:
      'Creates (or reuses) two target groups, listener rules, the CodeDeploy application and, once the ECS service exists, its blue/green deployment group with automatic rollback.',
    examples,
    supportsDryRun: true,
    schema: {
      input: codedeployCreateBlueGreenInputSchema,
      output: outputSchema,
    },
    async handler(ctx) {
      const input = ctx.input;
      const scope = resolveScope(deps, input);
      const { target, where, environment } = scope;
      const key = `slipway.environments.${environment.name}`;
      if (!environment.vpcId)
        throw new InputError(
          `Blue/green needs ${key}.vpcId (the VPC of the target groups), which is not set`,
        );
      const productionListenerArn =
        environment.loadBalancer?.productionListenerArn;
      if (!productionListenerArn)
        throw new InputError(
          `Blue/green needs ${key}.loadBalancer.productionListenerArn, which is not set`,
        );
      if (input.serviceName && !input.serviceRoleArn)
        throw new InputError(
          'serviceRoleArn is required with serviceName (the CodeDeploy role)',
        );
      const testListenerArn = environment.loadBalancer?.testListenerArn;
      const listeners = [
        productionListenerArn,
        ...(testListenerArn ? [testListenerArn] : []),
      ];
      const names = codeDeployNames(input.component, environment.name);
      const groups = targetGroupNames(input.component, environment.name);
      const deploymentConfigName =
        DEPLOYMENT_CONFIGS[input.strategy ?? 'allAtOnce'];
      const port = input.containerPort ?? 8080;
      const healthCheckPath = input.healthCheckPath ?? '/health';
      const match = {
        hostHeader: input.hostHeader,
        pathPattern: input.pathPattern,
      };

      ctx.output('applicationName', names.application);
      ctx.output('deploymentGroupName', names.deploymentGroup);
      ctx.output('deploymentConfigName', deploymentConfigName);
      ctx.output(
        'consoleUrl',
        consoleUrls.codeDeployGroup(
          target,
          names.application,
          names.deploymentGroup,
        ),
      );

      if (ctx.isDryRun) {
        ctx.output(
          'plan',
          logPlan(ctx.logger, [
            `Create the target groups '${groups.blue}' and '${groups.green}' ${where} (HTTP ${port}, ip targets, health check ${healthCheckPath}, VPC ${environment.vpcId}), or reuse them`,
            `Add a rule forwarding ${
              match.hostHeader ? `host ${match.hostHeader}` : ''
            }${match.hostHeader && match.pathPattern ? ' and ' : ''}${
              match.pathPattern || !match.hostHeader
                ? `path ${match.pathPattern ?? '/*'}`
                : ''
            } to '${groups.blue}' on ${listeners.join(
              ' and ',
            )}, unless one forwards to this service already`,
            `Create the CodeDeploy application '${names.application}' (ECS), or reuse it`,
            input.serviceName
              ? `Create the deployment group '${
                  names.deploymentGroup
                }' for the service ${environment.cluster}/${
                  input.serviceName
                }: ${deploymentConfigName}, blue/green with traffic control, blue tasks terminated after ${
                  input.terminateBlueAfterMinutes ?? 5
                } minutes, automatic rollback on failure or alarm`
              : `Skip the deployment group until the service exists (run again with serviceName after slipway:ecs:create-service)`,
            `Tags: ${describeTags(scope.tags)}`,
          ]),
        );
        ctx.output(
          'blueTargetGroupArn',
          regionalArn(
            target,
            'elasticloadbalancing',
            `targetgroup/${groups.blue}`,
          ),
        );
        ctx.output(
          'greenTargetGroupArn',
          regionalArn(
            target,
            'elasticloadbalancing',
            `targetgroup/${groups.green}`,
          ),
        );
        ctx.output('deploymentGroupReady', false);
        return;
      }

      const elb = new LoadBalancing(
        await deps.clients.get(ElasticLoadBalancingV2Client, target),
        target,
      );
      const codedeploy = new CodeDeploy(
        await deps.clients.get(CodeDeployClient, target),
        target,
      );
      const ecs = new EcsServices(
        await deps.clients.get(ECSClient, target),
        target,
      );
      const result = await ctx.checkpoint({
        key: `codedeploy-blue-green.${target.accountId}.${target.region}.${
          names.application
        }.${input.serviceName ?? 'no-service'}`,
        fn: () =>
          withRollback(ctx.logger, async rollback => {
            const run: Run = {
              logger: ctx.logger,
              rollback,
              where,
              subject: scope.subject,
              tags: scope.tags,
            };
            const request = {
              port,
              vpcId: environment.vpcId!,
              healthCheckPath,
            };
            const blue = await ensureTargetGroup(
              elb,
              { ...request, name: groups.blue },
              run,
            );
            const green = await ensureTargetGroup(
              elb,
              { ...request, name: groups.green },
              run,
            );
            for (const listener of listeners) {
              await ensureListenerRule(
                elb,
                listener,
                [blue, green],
                match,
                run,
              );
            }
            await ensureApplication(codedeploy, names.application, run);
            if (input.serviceName) {
              if (
                !(await ecs.findService(environment.cluster, input.serviceName))
              ) {
                throw new NotFoundError(
                  `The ECS service '${input.serviceName}' does not exist on the cluster '${environment.cluster}' ${where}; run slipway:ecs:create-service (deploymentController codedeploy) before this step`,
                );
              }
              await ensureDeploymentGroup(
                codedeploy,
                {
                  application: names.application,
                  name: names.deploymentGroup,
                  serviceRoleArn: input.serviceRoleArn!,
                  deploymentConfigName,
                  terminateBlueAfterMinutes:
                    input.terminateBlueAfterMinutes ?? 5,
                  cluster: environment.cluster,
                  service: input.serviceName,
                  targetGroupNames: [groups.blue, groups.green],
                  productionListenerArn,
                  testListenerArn,
                },
                run,
              );
            }
            return { blue, green, ready: !!input.serviceName };
          }),
      });
      ctx.output('blueTargetGroupArn', result.blue);
      ctx.output('greenTargetGroupArn', result.green);
      ctx.output('deploymentGroupReady', result.ready);
    },
  });
}
