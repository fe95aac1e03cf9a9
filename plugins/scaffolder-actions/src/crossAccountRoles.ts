import { IAMClient } from '@aws-sdk/client-iam';
import type { AwsClientFactory, AwsTarget } from './aws/clients';
import {
  ensureIamRole,
  RequestedRole,
  validateConfiguredRole,
} from './aws/ensureIamRole';
import { IamRoles } from './aws/iam';
import type { Run } from './aws/lookBeforeCreate';
import { SLIPWAY_TAG_KEYS, TagMap } from './aws/tags';
import type { SlipwayEnvironment } from './config/environments';
import {
  byAccount,
  codeDeployRoleArnIn,
  deployRoleArn,
  environmentDeployment,
  environmentTarget,
  taskExecutionRoleArnIn,
} from './crossAccount';
import { deployRoleName, ROLE_PATH, roleName } from './names';
import {
  deployRolePolicy,
  deployRoleTrustPolicy,
} from './policies/crossAccountPolicies';
import {
  DeliveryScope,
  inlinePolicy,
  trustPolicy,
} from './policies/deliveryRolePolicies';

/** One role in another account: configured there, or Slipway's to create with that account's credentials. */
export interface ForeignRole {
  kind: 'taskExecution' | 'codeDeploy' | 'deploy';
  /** The environment it serves (task execution and CodeDeploy roles serve every environment of their account). */
  environment: string;
  arn: string;
  configured?: string;
  configKey?: string;
  request: RequestedRole;
  tags: TagMap;
}

/** The roles of one other account. */
export interface ForeignAccount {
  target: AwsTarget;
  where: string;
  roles: ForeignRole[];
}

/**
 * What the pipeline needs in each account other than its own: per account
 * the component's task execution role (and, for blue/green, its CodeDeploy
 * service role), per environment a deploy role that only the pipeline role
 * may assume. `scope` is the home account's delivery scope (repository,
 * artifact buckets, pipeline, its role).
 */
export function planForeignAccounts(
  scope: DeliveryScope,
  foreign: SlipwayEnvironment[],
  options: { service: string; tags: TagMap; blueGreen: boolean },
): ForeignAccount[] {
  const { component } = scope;
  const tagsFor = (environment: string) => ({
    ...options.tags,
    [SLIPWAY_TAG_KEYS.environment]: environment,
  });
  return byAccount(foreign).map(environments => {
    const first = environments[0];
    const target = environmentTarget(first);
    const executionRoleArn = taskExecutionRoleArnIn(component, first);
    const execution: ForeignRole = {
      kind: 'taskExecution',
      environment: first.name,
      arn: executionRoleArn,
      configured: first.roles?.taskExecutionRoleArn,
      configKey: `slipway.environments.${first.name}.roles.taskExecutionRoleArn`,
      tags: tagsFor(first.name),
      request: {
        name: roleName(component, 'taskExecution'),
        path: ROLE_PATH,
        description: `Slipway: lets ECS pull the image and write logs for ${component}`,
        trustPolicy: trustPolicy('taskExecution', target.accountId),
        policyName: 'slipway-least-privilege',
        policy: inlinePolicy('taskExecution', { ...scope, target }),
      },
    };
    const codeDeploy = options.blueGreen
      ? [
          codeDeployRole(scope, environments, {
            ...options,
            executionRoleArn,
            tags: tagsFor(first.name),
          }),
        ]
      : [];
    const deploys = environments.map(
      (e): ForeignRole => ({
        kind: 'deploy',
        environment: e.name,
        arn: deployRoleArn(component, e),
        tags: tagsFor(e.name),
        request: {
          name: deployRoleName(component, e.name),
          path: ROLE_PATH,
          description: `Slipway: deploys ${component} to ${e.name} for the pipeline ${scope.pipelineName}`,
          trustPolicy: deployRoleTrustPolicy(
            scope.roleArns.codePipeline,
            scope.target.accountId,
          ),
          policyName: 'slipway-least-privilege',
          policy: deployRolePolicy({
            ...environmentDeployment(component, e, options),
            component,
            home: scope.target,
            pipelineName: scope.pipelineName,
            pipelineRoleArn: scope.roleArns.codePipeline,
            artifactBuckets: scope.artifactBuckets,
            taskExecutionRoleArn: executionRoleArn,
          }),
        },
      }),
    );
    return {
      target,
      where: `in account ${target.accountId} (${target.region})`,
      roles: [execution, ...codeDeploy, ...deploys],
    };
  });
}

/**
 * The CodeDeploy service role of one account: trusted by CodeDeploy, it
 * shifts the task sets and listeners of that account's environments only,
 * reads their rollback alarms and passes that account's execution role.
 */
function codeDeployRole(
  scope: DeliveryScope,
  environments: SlipwayEnvironment[],
  options: { service: string; executionRoleArn: string; tags: TagMap },
): ForeignRole {
  const { component } = scope;
  const first = environments[0];
  const target = environmentTarget(first);
  return {
    kind: 'codeDeploy',
    environment: first.name,
    arn: codeDeployRoleArnIn(component, first),
    configured: first.roles?.codeDeployRoleArn,
    configKey: `slipway.environments.${first.name}.roles.codeDeployRoleArn`,
    tags: options.tags,
    request: {
      name: roleName(component, 'codeDeploy'),
      path: ROLE_PATH,
      description: `Slipway: shifts traffic in blue/green deployments for ${component}`,
      trustPolicy: trustPolicy('codeDeploy', target.accountId),
      policyName: 'slipway-least-privilege',
      policy: inlinePolicy('codeDeploy', {
        ...scope,
        target,
        roleArns: {
          ...scope.roleArns,
          taskExecution: options.executionRoleArn,
        },
        deployments: environments.map(e =>
          environmentDeployment(component, e, {
            service: options.service,
            blueGreen: true,
          }),
        ),
      }),
    },
  };
}

const ROLE_LABELS: Record<ForeignRole['kind'], string> = {
  taskExecution: 'task execution role',
  codeDeploy: 'CodeDeploy role',
  deploy: 'deploy role',
};

const ROLE_PURPOSES: Record<ForeignRole['kind'], string> = {
  taskExecution: ', for the tasks of its environments',
  codeDeploy:
    ', for the blue/green deployment groups of its environments (trusted by CodeDeploy only)',
  deploy: '',
};

/** A plan line per role of another account. */
export function foreignPlanLines(accounts: ForeignAccount[]): string[] {
  return accounts.flatMap(account =>
    account.roles.map(role =>
      role.configured
        ? `Use the configured ${ROLE_LABELS[role.kind]} ${role.configured} (${
            role.configKey
          }) ${
            account.where
          }, with that account's credentials, after checking that it exists`
        : `Create the IAM role '${role.request.name}' (path ${ROLE_PATH}) ${
            account.where
          } with that account's credentials${
            role.kind === 'deploy'
              ? `, assumable only by ${
                  JSON.parse(role.request.trustPolicy).Statement[0].Principal
                    .AWS
                }, to deploy to ${role.environment}`
              : ROLE_PURPOSES[role.kind]
          }, or reuse it; inline policy: ${role.request.policy}`,
    ),
  );
}

/**
 * Creates (or reuses) the roles of every other account with that account's
 * own IAM client. What this run created is deleted again, in every account,
 * if a later step fails (`run.rollback`).
 * @returns role ARNs and the names of the roles created, per account.
 */
export async function ensureForeignRoles(
  clients: AwsClientFactory,
  run: Run,
  accounts: ForeignAccount[],
): Promise<{ arns: ForeignRole[]; created: string[] }> {
  const created: string[] = [];
  const arns: ForeignRole[] = [];
  for (const account of accounts) {
    const iam = new IamRoles(
      await clients.get(IAMClient, account.target),
      account.target,
    );
    for (const role of account.roles) {
      if (role.configured) {
        const arn = await validateConfiguredRole(
          iam,
          role.configured,
          role.configKey!,
        );
        arns.push({ ...role, arn });
        continue;
      }
      const ensured = await ensureIamRole(
        { ...run, where: account.where, tags: role.tags },
        iam,
        role.request,
      );
      arns.push({ ...role, arn: ensured.arn });
      if (ensured.created) {
        created.push(`${account.target.accountId}:${role.request.name}`);
      }
    }
  }
  return { arns, created };
}
