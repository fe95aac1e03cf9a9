import { IAMClient } from '@aws-sdk/client-iam';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { z as zod } from 'zod/v3';
import { ensureIamRole, validateConfiguredRole } from '../aws/ensureIamRole';
import { IamRoles } from '../aws/iam';
import { describeTags, withRollback } from '../aws/lookBeforeCreate';
import {
  consoleUrls,
  ecrRepositoryArn,
  iamRoleArn,
} from '../aws/resourceLocations';
import {
  codeBuildProjectName,
  codeDeployNames,
  DeliveryRole,
  ROLE_PATH,
  roleName,
} from '../names';
import {
  DeliveryScope,
  inlinePolicy,
  trustPolicy,
} from '../policies/deliveryRolePolicies';
import {
  ActionScope,
  componentInputs,
  logPlan,
  planOutput,
  readDeployEnvironments,
  resolveScope,
} from './common';
import type { SlipwayActionDeps } from './deps';
import { examples } from './iam-create-delivery-roles.examples';

export const IAM_CREATE_DELIVERY_ROLES_ACTION_ID =
  'slipway:iam:create-delivery-roles';

export const iamCreateDeliveryRolesInputSchema = (z: typeof zod) =>
  z.object({
    ...componentInputs(z),
    deployEnvironments: z
      .array(z.string().min(1))
      .optional()
      .describe(
        'Environments the pipeline deploys to, in order; the roles may touch only their services. Default: the environment itself. All must be in its account.',
      ),
    repositoryName: z
      .string()
      .optional()
      .describe(
        'ECR repository the build pushes to and tasks pull from. Defaults to the component name in lower case.',
      ),
    serviceName: z
      .string()
      .optional()
      .describe(
        'ECS service name in each environment. Defaults to the component name.',
      ),
    blueGreen: z
      .boolean()
      .optional()
      .describe(
        'Also create the CodeDeploy role, and let the pipeline start CodeDeploy blue/green deployments. Default false.',
      ),
  });

const outputSchema = (z: typeof zod) =>
  z.object({
    codeBuildRoleArn: z.string().describe('ARN of the CodeBuild service role.'),
    codePipelineRoleArn: z
      .string()
      .describe('ARN of the CodePipeline service role.'),
    taskExecutionRoleArn: z
      .string()
      .describe('ARN of the ECS task execution role.'),
    codeDeployRoleArn: z
      .string()
      .optional()
      .describe('ARN of the CodeDeploy service role (blue/green only).'),
    consoleUrls: z
      .record(z.string(), z.string())
      .describe(
        'Link to each role in the IAM console, keyed codeBuild, codePipeline, taskExecution, codeDeploy.',
      ),
    createdRoles: z
      .array(z.string())
      .describe(
        'Names of the roles this task created (empty when they existed, were configured, or on a dry run).',
      ),
    plan: planOutput(z),
  });

type Input = zod.infer<ReturnType<typeof iamCreateDeliveryRolesInputSchema>>;

const DESCRIPTIONS: Record<DeliveryRole, string> = {
  codeBuild: 'builds and pushes the image',
  codePipeline: 'runs the delivery pipeline',
  taskExecution: 'lets ECS pull the image and write logs',
  codeDeploy: 'shifts traffic in blue/green deployments',
};

function deliveryScope(
  deps: SlipwayActionDeps,
  input: Input,
  scope: ActionScope,
  roleArns: Record<DeliveryRole, string>,
): DeliveryScope {
  const environments = readDeployEnvironments(
    deps,
    scope.environment,
    input.deployEnvironments,
  );
  const service = input.serviceName ?? input.component;
  return {
    target: scope.target,
    component: input.component,
    repositoryArn: ecrRepositoryArn(
      scope.target,
      input.repositoryName ?? input.component.toLowerCase(),
    ),
    codeBuildProjectName: codeBuildProjectName(input.component),
    artifactBuckets: [...new Set(environments.map(e => e.artifactBucket))],
    connectionArn: scope.environment.connectionArn,
    roleArns,
    deployments: environments.map(e => ({
      target: { accountId: e.accountId, region: e.region },
      cluster: e.cluster,
      service,
      ...(input.blueGreen && {
        codeDeploy: codeDeployNames(input.component, e.name),
      }),
      listenerArns: [
        e.loadBalancer?.productionListenerArn,
        e.loadBalancer?.testListenerArn,
      ].filter((arn): arn is string => !!arn),
    })),
  };
}

/**
 * `slipway:iam:create-delivery-roles`: CodeBuild, CodePipeline, ECS task
 * execution (and CodeDeploy) roles with least-privilege inline policies, or
 * the roles that the environment configures instead.
 */
export function createIamCreateDeliveryRolesAction(deps: SlipwayActionDeps) {
  return createTemplateAction({
    id: IAM_CREATE_DELIVERY_ROLES_ACTION_ID,
    description:
      'Creates (or reuses) the IAM roles of a component’s delivery path with least-privilege inline policies, or validates and returns the roles configured for the environment.',
    examples,
    supportsDryRun: true,
    schema: { input: iamCreateDeliveryRolesInputSchema, output: outputSchema },
    async handler(ctx) {
      const input = ctx.input;
      const scope = resolveScope(deps, input);
      const { target, environment } = scope;
      const kinds: DeliveryRole[] = [
        'codeBuild',
        'codePipeline',
        'taskExecution',
      ];
      if (input.blueGreen) kinds.push('codeDeploy');

      const configured = (kind: DeliveryRole) =>
        environment.roles?.[`${kind}RoleArn`];
      const names = Object.fromEntries(
        kinds.map(k => [k, roleName(input.component, k)]),
      );
      const ownArns = Object.fromEntries(
        (
          ['codeBuild', 'codePipeline', 'taskExecution', 'codeDeploy'] as const
        ).map(k => [
          k,
          configured(k) ??
            iamRoleArn(target, ROLE_PATH, roleName(input.component, k)),
        ]),
      ) as Record<DeliveryRole, string>;
      const policyScope = deliveryScope(deps, input, scope, ownArns);

      const roleNameOf = (kind: DeliveryRole) =>
        configured(kind)?.split('/').pop() ?? names[kind];
      ctx.output(
        'consoleUrls',
        Object.fromEntries(
          kinds.map(k => [k, consoleUrls.iamRole(target, roleNameOf(k))]),
        ),
      );
      const outputArns = (arns: Partial<Record<DeliveryRole, string>>) => {
        ctx.output('codeBuildRoleArn', arns.codeBuild!);
        ctx.output('codePipelineRoleArn', arns.codePipeline!);
        ctx.output('taskExecutionRoleArn', arns.taskExecution!);
        if (arns.codeDeploy) ctx.output('codeDeployRoleArn', arns.codeDeploy);
      };

      if (ctx.isDryRun) {
        const plan = kinds.map(kind =>
          configured(kind)
            ? `Use the configured ${kind} role ${configured(
                kind,
              )} (slipway.environments.${
                environment.name
              }.roles.${kind}RoleArn) after checking that it exists`
            : `Create the IAM role '${names[kind]}' (path ${ROLE_PATH}) that ${
                DESCRIPTIONS[kind]
              }, or reuse it if it exists; inline policy: ${inlinePolicy(
                kind,
                policyScope,
              )}`,
        );
        plan.push(`Tags: ${describeTags(scope.tags)}`);
        ctx.output('plan', logPlan(ctx.logger, plan));
        outputArns(ownArns);
        ctx.output('createdRoles', []);
        return;
      }

      const roles = new IamRoles(
        await deps.clients.get(IAMClient, target),
        target,
      );
      const result = await ctx.checkpoint({
        key: `iam-delivery-roles.${target.accountId}.${
          input.component
        }.${kinds.join('-')}`,
        fn: () =>
          withRollback(ctx.logger, async rollback => {
            const arns: Record<string, string> = {};
            const created: string[] = [];
            for (const kind of kinds) {
              const configuredArn = configured(kind);
              if (configuredArn) {
                arns[kind] = await validateConfiguredRole(
                  roles,
                  configuredArn,
                  `slipway.environments.${environment.name}.roles.${kind}RoleArn`,
                );
                ctx.logger.info(
                  `Using the configured ${kind} role ${configuredArn}`,
                );
                continue;
              }
              const role = await ensureIamRole(
                roles,
                {
                  name: names[kind],
                  path: ROLE_PATH,
                  description: `Slipway: ${DESCRIPTIONS[kind]} for ${input.component}`,
                  trustPolicy: trustPolicy(kind, target.accountId),
                  policyName: 'slipway-least-privilege',
                  policy: inlinePolicy(kind, policyScope),
                  subject: scope.subject,
                  tags: scope.tags,
                },
                ctx.logger,
                rollback,
                scope.where,
              );
              arns[kind] = role.arn;
              if (role.created) created.push(names[kind]);
            }
            return { arns, created };
          }),
      });
      outputArns(result.arns);
      ctx.output('createdRoles', result.created);
    },
  });
}
