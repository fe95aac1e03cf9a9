import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { z as zod } from 'zod/v3';
import { blueGreenClients, ensureBlueGreen } from '../aws/ensureBlueGreen';
import {
  blueGreenPlan,
  DEPLOYMENT_CONFIGS,
  designBlueGreen,
  plannedBlueGreen,
  Strategy,
} from '../blueGreenDesign';
import { consoleUrls } from '../aws/resourceLocations';
import { serviceRoute } from '../aws/routing';
import { componentInputs, planOutput, provision, resolveScope } from './common';
import { examples } from './codedeploy-create-blue-green.examples';
import type { SlipwayActionDeps } from './deps';

export { DEPLOYMENT_CONFIGS };

export const CODEDEPLOY_CREATE_BLUE_GREEN_ACTION_ID =
  'slipway:codedeploy:create-blue-green';

export const codedeployCreateBlueGreenInputSchema = (z: typeof zod) =>
  z.object({
    ...componentInputs(z),
    serviceName: z
      .string()
      .optional()
      .describe(
        'The ECS service (CODE_DEPLOY controller) to deploy. Leave it out on the first run, before slipway:ecs:create-service: the action then creates the target groups, listener rules, alarms and application only. With it, the service must exist and the deployment group is created too.',
      ),
    serviceRoleArn: z
      .string()
      .optional()
      .describe(
        'ARN of the CodeDeploy service role, e.g. ${{ steps.roles.output.codeDeployRoleArn }}; required with serviceName. A role of another account than the environment’s stands for the component’s CodeDeploy role in the environment’s own account (configured, or the one slipway:iam:create-delivery-roles created there with blueGreen).',
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
        'Health path of the application; the load balancer probes it under the service’s base path in path routing. Default /health.',
      ),
    alarmTopicArn: z
      .string()
      .regex(/^(arn:aws[a-z-]*:sns:.+)?$/, {
        message: 'must be an SNS topic ARN (or empty for none)',
      })
      .optional()
      .describe(
        'SNS topic the target groups’ alarms notify, e.g. ${{ steps.alerts.output.topicArn }}. Default: the alarms only roll back. A topic of another account than the environment’s (the pipeline’s) stands for the component’s alert topic in the environment’s own account, which the action creates there (subscribing the environment’s alerts.emails): alarms cannot notify another account’s topic.',
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
    productionListenerRuleArn: z
      .string()
      .optional()
      .describe(
        'The production listener’s rule routing the service’s host or path (absent on a dry run).',
      ),
    testListenerRuleArn: z
      .string()
      .optional()
      .describe(
        'The test listener’s rule with the same condition, when the environment has a test listener (absent on a dry run).',
      ),
    url: z
      .string()
      .describe(
        'Where the service answers behind the environment’s load balancer. A dry run writes http(s):// and, in path routing, a placeholder host.',
      ),
    basePath: z
      .string()
      .describe(
        'Path routing: the service’s path (<pathPrefix>/<name>); empty in host routing.',
      ),
    alarmNames: z
      .array(z.string())
      .describe(
        'Alarms of the blue and green target groups (target 5xx, unhealthy hosts) that roll a deployment back.',
      ),
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
 * `slipway:codedeploy:create-blue-green`: target groups, listener rules,
 * alarms, the CodeDeploy application and (once the service exists) the ECS
 * blue/green deployment group. Used twice in a template, around
 * slipway:ecs:create-service.
 */
export function createCodedeployCreateBlueGreenAction(deps: SlipwayActionDeps) {
  return createTemplateAction({
    id: CODEDEPLOY_CREATE_BLUE_GREEN_ACTION_ID,
    description:
      'Creates (or reuses) blue and green target groups, the service’s rule on the production and test listeners, their rollback alarms, the CodeDeploy application and, once the ECS service exists, its blue/green deployment group rolling back on failure or alarm.',
    examples,
    supportsDryRun: true,
    schema: {
      input: codedeployCreateBlueGreenInputSchema,
      output: outputSchema,
    },
    async handler(ctx) {
      const input = ctx.input;
      const scope = resolveScope(deps, input, ctx.task.id);
      const { target } = scope;
      const route = serviceRoute(
        scope.environment,
        input.component,
        input.healthCheckPath,
      );
      const design = designBlueGreen(input, scope, route);

      ctx.output('applicationName', design.application);
      ctx.output('deploymentGroupName', design.deploymentGroup);
      ctx.output('deploymentConfigName', design.deploymentConfigName);
      ctx.output(
        'consoleUrl',
        consoleUrls.codeDeployGroup(
          target,
          design.application,
          design.deploymentGroup,
        ),
      );

      const result = await provision(ctx, {
        key: `codedeploy-blue-green.${target.accountId}.${target.region}.${
          design.application
        }.${design.service?.name ?? 'no-service'}`,
        plan: () => blueGreenPlan(design, scope),
        apply: async rollback =>
          ensureBlueGreen(
            { logger: ctx.logger, rollback, ...scope },
            await blueGreenClients(deps.clients, target),
            design,
          ),
      });
      const outputs = result ?? plannedBlueGreen(design, target);
      ctx.output('blueTargetGroupArn', outputs.blueTargetGroupArn);
      ctx.output('greenTargetGroupArn', outputs.greenTargetGroupArn);
      if (outputs.productionListenerRuleArn) {
        ctx.output(
          'productionListenerRuleArn',
          outputs.productionListenerRuleArn,
        );
      }
      if (outputs.testListenerRuleArn) {
        ctx.output('testListenerRuleArn', outputs.testListenerRuleArn);
      }
      ctx.output('url', outputs.url);
      ctx.output('basePath', outputs.basePath);
      ctx.output('alarmNames', outputs.alarmNames);
      ctx.output('deploymentGroupReady', outputs.deploymentGroupReady);
    },
  });
}
