import { ECRClient } from '@aws-sdk/client-ecr';
import { IAMClient } from '@aws-sdk/client-iam';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { z as zod } from 'zod/v3';
import { ensureIamRole, validateConfiguredRole } from '../aws/ensureIamRole';
import { EcrRepositories } from '../aws/ecr';
import { ensureRepositoryPull } from '../aws/ensureRepositoryPull';
import { IamRoles } from '../aws/iam';
import { describeTags } from '../aws/lookBeforeCreate';
import {
  consoleUrls,
  ecrRepositoryArn,
  iamRoleArn,
} from '../aws/resourceLocations';
import {
  DeliveryRole,
  ROLE_PATH,
  codeBuildProjectName,
  roleName,
} from '../names';
import {
  DeliveryScope,
  inlinePolicy,
  trustPolicy,
} from '../policies/deliveryRolePolicies';
import { REPOSITORY_PULL_SID } from '../policies/crossAccountPolicies';
import { deployRoleArn, environmentDeployment } from '../crossAccount';
import {
  ensureForeignRoles,
  foreignPlanLines,
  planForeignAccounts,
} from '../crossAccountRoles';
import {
  ActionScope,
  componentInputs,
  environmentNameSchema,
  foreignEnvironments,
  planOutput,
  provision,
  readDeployEnvironments,
  resolveScope,
  validateInputs,
} from './common';
import type { SlipwayEnvironment } from '../config/environments';
import type { SlipwayActionDeps } from './deps';
import { examples } from './iam-create-delivery-roles.examples';

export const IAM_CREATE_DELIVERY_ROLES_ACTION_ID =
  'slipway:iam:create-delivery-roles';

export const iamCreateDeliveryRolesInputSchema = (z: typeof zod) =>
  z.object({
    ...componentInputs(z),
    deployEnvironments: z
      .array(environmentNameSchema(z))
      .optional()
      .describe(
        'Environments the pipeline deploys to, in order; the roles may touch only their services. Default: the environment itself. Each environment in another account gets a deploy role and a task execution role there, created with that account’s credentials.',
      ),
    repositoryName: z
      .string()
      .regex(
        /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/,
        {
          message: 'must be an ECR repository name',
        },
      )
      .max(256)
      .optional()
      .describe(
        'ECR repository the build pushes to and tasks pull from. Defaults to the component name in lower case.',
      ),
    serviceName: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,254}$/, {
        message: 'must be an ECS service name',
      })
      .optional()
      .describe(
        'ECS service name in each environment. Defaults to the component name.',
      ),
    pipelineName: z
      .string()
      .regex(/^[A-Za-z0-9.@_-]{1,100}$/, {
        message: 'must be a CodePipeline pipeline name',
      })
      .optional()
      .describe(
        'Pipeline the CodePipeline role runs; its Start-tasks actions log to /aws/codepipeline/<pipelineName>. Defaults to the component name.',
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
    taskExecutionRoleArns: z
      .record(z.string(), z.string())
      .describe(
        'The task execution role of each deploy environment, in its own account: taskExecutionRoleArn for those in the pipeline’s account, the role in their account for the others. Their task definitions (taskdef-<env>.json) name it.',
      ),
    codeDeployRoleArn: z
      .string()
      .optional()
      .describe(
        'ARN of the CodeDeploy service role (blue/green only). Each environment in another account has its own there (<component>-codedeploy), which slipway:codedeploy:create-blue-green uses when given this one.',
      ),
    consoleUrls: z
      .record(z.string(), z.string())
      .describe(
        'Link to each role in the IAM console, keyed codeBuild, codePipeline, taskExecution, codeDeploy.',
      ),
    deployRoleArns: z
      .record(z.string(), z.string())
      .optional()
      .describe(
        'Deploy role ARN per environment in another account than the pipeline’s (only when there are such environments).',
      ),
    createdRoles: z
      .array(z.string())
      .describe(
        'Names of the roles this task created, <account>:<name> for those in other accounts (empty when they existed, were configured, or on a dry run).',
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

const ALL_ROLES: DeliveryRole[] = [
  'codeBuild',
  'codePipeline',
  'taskExecution',
  'codeDeploy',
];

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
  const foreign = foreignEnvironments(scope.environment, environments);
  return {
    target: scope.target,
    component: input.component,
    repositoryArn: ecrRepositoryArn(
      scope.target,
      input.repositoryName ?? input.component.toLowerCase(),
    ),
    codeBuildProjectName: codeBuildProjectName(input.component),
    pipelineName: input.pipelineName ?? input.component,
    artifactBuckets: [...new Set(environments.map(e => e.artifactBucket))],
    connectionArn: scope.environment.connectionArn,
    roleArns,
    deployRoleArns: foreign.map(e => deployRoleArn(input.component, e)),
    deployments: environments
      .filter(e => !foreign.includes(e))
      .map(e =>
        environmentDeployment(input.component, e, {
          service,
          blueGreen: !!input.blueGreen,
        }),
      ),
  };
}

/** Each role the task provides: configured for the environment, or ours to create. */
function plannedRoles(
  deps: SlipwayActionDeps,
  input: Input,
  scope: ActionScope,
) {
  const { target, environment } = scope;
  const kinds = ALL_ROLES.filter(k => k !== 'codeDeploy' || input.blueGreen);
  const configured = (kind: DeliveryRole) =>
    environment.roles?.[`${kind}RoleArn`];
  const arns = Object.fromEntries(
    ALL_ROLES.map(k => [
      k,
      configured(k) ??
        iamRoleArn(target, ROLE_PATH, roleName(input.component, k)),
    ]),
  ) as Record<DeliveryRole, string>;
  const policyScope = deliveryScope(deps, input, scope, arns);
  const foreign = planForeignAccounts(
    policyScope,
    foreignEnvironments(
      environment,
      readDeployEnvironments(deps, environment, input.deployEnvironments),
    ),
    {
      service: input.serviceName ?? input.component,
      tags: scope.tags,
      blueGreen: !!input.blueGreen,
    },
  );
  const home = kinds.map(kind => ({
    kind,
    arn: arns[kind],
    configured: configured(kind),
    configKey: `slipway.environments.${environment.name}.roles.${kind}RoleArn`,
    request: {
      name:
        configured(kind)?.split('/').pop() ?? roleName(input.component, kind),
      path: ROLE_PATH,
      description: `Slipway: ${DESCRIPTIONS[kind]} for ${input.component}`,
      trustPolicy: trustPolicy(kind, target.accountId),
      policyName: 'slipway-least-privilege',
      policy: inlinePolicy(kind, policyScope),
    },
  }));
  return { home, foreign };
}

type PlannedRole = ReturnType<typeof plannedRoles>['home'][number];

function planLine(role: PlannedRole): string {
  return role.configured
    ? `Use the configured ${role.kind} role ${role.configured} (${role.configKey}) after checking that it exists`
    : `Create the IAM role '${role.request.name}' (path ${ROLE_PATH}) that ${
        DESCRIPTIONS[role.kind]
      }, or reuse it if it exists; inline policy: ${role.request.policy}`;
}

/** Each deploy environment's task execution role: the home one, or its account's. */
function executionRolePerEnvironment(
  environments: SlipwayEnvironment[],
  scope: ActionScope,
  home: string,
  foreign: { kind: string; environment: string; arn: string }[],
): Record<string, string> {
  const accountOf = (name: string) =>
    environments.find(e => e.name === name)?.accountId;
  return Object.fromEntries(
    environments.map(e => [
      e.name,
      e.accountId === scope.target.accountId
        ? home
        : foreign.find(
            r =>
              r.kind === 'taskExecution' &&
              accountOf(r.environment) === e.accountId,
          )!.arn,
    ]),
  );
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
      const input = validateInputs(
        iamCreateDeliveryRolesInputSchema,
        ctx.input,
      );
      const scope = resolveScope(deps, input, ctx.task.id);
      const { target } = scope;
      const { home: roles, foreign } = plannedRoles(deps, input, scope);
      const repositoryName =
        input.repositoryName ?? input.component.toLowerCase();
      ctx.output(
        'consoleUrls',
        Object.fromEntries(
          roles.map(r => [r.kind, consoleUrls.iamRole(target, r.request.name)]),
        ),
      );

      const result = await provision(ctx, {
        key: `iam-delivery-roles.${[
          target.accountId,
          ...foreign.map(a => a.target.accountId),
        ].join('+')}.${input.component}.${roles.map(r => r.kind).join('-')}`,
        plan: () => [
          ...roles.map(planLine),
          ...foreignPlanLines(foreign),
          ...(foreign.length
            ? [
                `Let ${foreign
                  .map(a => a.roles[0].arn)
                  .join(
                    ', ',
                  )} pull from the ECR repository '${repositoryName}' ${
                  scope.where
                } (statement ${REPOSITORY_PULL_SID} of its repository policy)`,
              ]
            : []),
          `Tags: ${describeTags(scope.tags)}`,
        ],
        apply: async rollback => {
          const iam = new IamRoles(
            await deps.clients.get(IAMClient, target),
            target,
          );
          const run = { ...scope, logger: ctx.logger, rollback };
          const arns: Record<string, string> = {};
          const created: string[] = [];
          for (const role of roles) {
            if (role.configured) {
              arns[role.kind] = await validateConfiguredRole(
                iam,
                role.configured,
                role.configKey,
              );
              ctx.logger.info(
                `Using the configured ${role.kind} role ${role.configured}`,
              );
              continue;
            }
            const ensured = await ensureIamRole(run, iam, role.request);
            arns[role.kind] = ensured.arn;
            if (ensured.created) created.push(role.request.name);
          }
          if (!foreign.length) return { arns, created, foreign: [] };
          const other = await ensureForeignRoles(deps.clients, run, foreign);
          await ensureRepositoryPull(
            run,
            new EcrRepositories(
              await deps.clients.get(ECRClient, target),
              target,
            ),
            repositoryName,
            other.arns.filter(r => r.kind === 'taskExecution').map(r => r.arn),
          );
          return {
            arns,
            created: [...created, ...other.created],
            foreign: other.arns.map(r => ({
              kind: r.kind,
              environment: r.environment,
              arn: r.arn,
            })),
          };
        },
      });
      const arns =
        result?.arns ?? Object.fromEntries(roles.map(r => [r.kind, r.arn]));
      const foreignRoles =
        result?.foreign ??
        foreign.flatMap(a =>
          a.roles.map(r => ({
            kind: r.kind,
            environment: r.environment,
            arn: r.arn,
          })),
        );
      ctx.output('codeBuildRoleArn', arns.codeBuild);
      ctx.output('codePipelineRoleArn', arns.codePipeline);
      ctx.output('taskExecutionRoleArn', arns.taskExecution);
      ctx.output(
        'taskExecutionRoleArns',
        executionRolePerEnvironment(
          readDeployEnvironments(
            deps,
            scope.environment,
            input.deployEnvironments,
          ),
          scope,
          arns.taskExecution,
          foreignRoles,
        ),
      );
      if (arns.codeDeploy) ctx.output('codeDeployRoleArn', arns.codeDeploy);
      if (foreign.length) {
        ctx.output(
          'deployRoleArns',
          Object.fromEntries(
            foreignRoles
              .filter(r => r.kind === 'deploy')
              .map(r => [r.environment, r.arn]),
          ),
        );
      }
      ctx.output('createdRoles', result?.created ?? []);
    },
  });
}
