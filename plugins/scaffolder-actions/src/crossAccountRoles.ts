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
  deployRoleArn,
  environmentTarget,
  taskExecutionRoleArnIn,
} from './crossAccount';
import {
  codeDeployNames,
  deployRoleName,
  ROLE_PATH,
  roleName,
  taskDefinitionFamily,
} from './names';
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
  kind: 'taskExecution' | 'deploy';
  /** The environment it serves (a task execution role serves every environment of its account). */
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
 * the component's task execution role, per environment a deploy role that
 * only the pipeline role may assume. `scope` is the home account's delivery
 * scope (repository, artifact buckets, pipeline, its role).
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
            ...deploymentOf(scope, e, options),
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
      roles: [execution, ...deploys],
    };
  });
}

function deploymentOf(
  scope: DeliveryScope,
  environment: SlipwayEnvironment,
  options: { service: string; blueGreen: boolean },
) {
  return {
    target: environmentTarget(environment),
    cluster: environment.cluster,
    service: options.service,
    taskFamily: taskDefinitionFamily(scope.component, environment.name),
    listenerArns: [],
    ...(options.blueGreen && {
      codeDeploy: codeDeployNames(scope.component, environment.name),
    }),
  };
}

/** A plan line per role of another account. */
export function foreignPlanLines(accounts: ForeignAccount[]): string[] {
  return accounts.flatMap(account =>
    account.roles.map(role =>
      role.configured
        ? `Use the configured task execution role ${role.configured} (${role.configKey}) ${account.where}, with that account's credentials, after checking that it exists`
        : `Create the IAM role '${role.request.name}' (path ${ROLE_PATH}) ${
            account.where
          } with that account's credentials${
            role.kind === 'deploy'
              ? `, assumable only by ${
                  JSON.parse(role.request.trustPolicy).Statement[0].Principal
                    .AWS
                }, to deploy to ${role.environment}`
              : ', for the tasks of its environments'
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
