import {
  CloudWatchLogsClient,
  DeleteLogGroupCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  CodeBuildClient,
  DeleteProjectCommand,
} from '@aws-sdk/client-codebuild';
import {
  CodeDeployClient,
  DeleteApplicationCommand,
  DeleteDeploymentGroupCommand,
} from '@aws-sdk/client-codedeploy';
import {
  CodePipelineClient,
  DeletePipelineCommand,
} from '@aws-sdk/client-codepipeline';
import { DeleteRepositoryCommand, ECRClient } from '@aws-sdk/client-ecr';
import {
  DeleteServiceCommand,
  DeleteTaskDefinitionsCommand,
  DeregisterTaskDefinitionCommand,
  ECSClient,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import {
  DeleteRuleCommand,
  DeleteTargetGroupCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  ListRoleTagsCommand,
} from '@aws-sdk/client-iam';
import {
  GetResourcesCommand,
  ResourceGroupsTaggingAPIClient,
} from '@aws-sdk/client-resource-groups-tagging-api';
import { InputError } from '@backstage/errors';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import {
  awsError,
  deps,
  mutatingCalls,
  runContext,
} from '../__testUtils__/harness';
import { createTeardownAction } from './teardown';

const mocks = {
  tagging: mockClient(ResourceGroupsTaggingAPIClient),
  iam: mockClient(IAMClient),
  pipeline: mockClient(CodePipelineClient),
  codedeploy: mockClient(CodeDeployClient),
  ecs: mockClient(ECSClient),
  elb: mockClient(ElasticLoadBalancingV2Client),
  codebuild: mockClient(CodeBuildClient),
  logs: mockClient(CloudWatchLogsClient),
  ecr: mockClient(ECRClient),
};
const action = createTeardownAction(deps);
const input = { component: 'orders', environments: ['dev'], confirm: 'orders' };

const arn = (service: string, resource: string) =>
  `arn:aws:${service}:eu-west-1:123456789012:${resource}`;
/** Everything the actions create for `orders` in dev, as the tagging API lists it (out of order, two pages). */
const ordersResourcesPage1 = [
  arn('ecr', 'repository/orders'),
  arn('logs', 'log-group:/slipway/orders/codebuild'),
  arn('codebuild', 'project/orders-build'),
  arn('elasticloadbalancing', 'targetgroup/orders-dev-b/1a'),
];
const ordersResourcesPage2 = [
  arn('elasticloadbalancing', 'listener-rule/app/dev/1a/80/9f'),
  arn('ecs', 'task-definition/orders-dev:1'),
  arn('ecs', 'service/dev-cluster/orders'),
  arn('codedeploy', 'application:orders-dev'),
  arn('codedeploy', 'deploymentgroup:orders-dev/orders-dev'),
  arn('codepipeline', 'orders'),
  arn('sns', 'orders-alerts'),
];
const taskExecutionRole = {
  RoleName: 'orders-ecs-task-execution',
  Arn: 'arn:aws:iam::123456789012:role/slipway/orders-ecs-task-execution',
  Path: '/slipway/',
};
const billingRole = {
  RoleName: 'billing-codebuild',
  Arn: 'arn:aws:iam::123456789012:role/slipway/billing-codebuild',
  Path: '/slipway/',
};

function ordersIsDeployed() {
  mocks.tagging
    .on(GetResourcesCommand)
    .resolvesOnce({
      ResourceTagMappingList: ordersResourcesPage1.map(ResourceARN => ({
        ResourceARN,
      })),
      PaginationToken: 'next',
    })
    .resolvesOnce({
      ResourceTagMappingList: ordersResourcesPage2.map(ResourceARN => ({
        ResourceARN,
      })),
      PaginationToken: '',
    });
  mocks.iam.on(ListRolesCommand).resolves({
    Roles: [taskExecutionRole, billingRole] as any,
    IsTruncated: false,
  });
  mocks.iam
    .on(ListRoleTagsCommand, { RoleName: 'orders-ecs-task-execution' })
    .resolves({ Tags: [{ Key: 'slipway:component', Value: 'orders' }] });
  mocks.iam
    .on(ListRoleTagsCommand, { RoleName: 'billing-codebuild' })
    .resolves({ Tags: [{ Key: 'slipway:component', Value: 'billing' }] });
  mocks.iam
    .on(ListRolePoliciesCommand)
    .resolves({ PolicyNames: ['slipway-least-privilege'] });
  mocks.iam
    .on(ListAttachedRolePoliciesCommand)
    .resolves({ AttachedPolicies: [] });
}

/** The order in which commands that delete reached AWS. */
function deletionOrder(): string[] {
  return Object.values(mocks)
    .flatMap(mock => mock.calls() as any[])
    .sort((a, b) => a.callId - b.callId)
    .map(call => call.args[0].constructor.name)
    .filter(name => /^(Delete|Deregister|Update)/.test(name));
}

beforeEach(() => Object.values(mocks).forEach(mock => mock.reset()));

describe('slipway:teardown', () => {
  it('lists what it would delete, in order, on a dry run without deleting anything', async () => {
    ordersIsDeployed();
    const { ctx, outputs } = runContext(input, { isDryRun: true });

    await action.handler(ctx);

    expect(mutatingCalls(...Object.values(mocks))).toEqual([]);
    expect(mocks.tagging).toHaveReceivedCommandWith(GetResourcesCommand, {
      TagFilters: [{ Key: 'slipway:component', Values: ['orders'] }],
    });
    expect(mocks.tagging).toHaveReceivedCommandWith(GetResourcesCommand, {
      PaginationToken: 'next',
    });
    expect(outputs().plan).toEqual([
      `Delete the pipeline orders (${arn('codepipeline', 'orders')})`,
      `Delete the CodeDeploy deployment group orders-dev/orders-dev (${arn(
        'codedeploy',
        'deploymentgroup:orders-dev/orders-dev',
      )})`,
      `Delete the CodeDeploy application orders-dev (${arn(
        'codedeploy',
        'application:orders-dev',
      )})`,
      `Delete the ECS service dev-cluster/orders (${arn(
        'ecs',
        'service/dev-cluster/orders',
      )})`,
      `Delete the task definition orders-dev:1 (${arn(
        'ecs',
        'task-definition/orders-dev:1',
      )})`,
      `Delete the listener rule app/dev/1a/80/9f (${arn(
        'elasticloadbalancing',
        'listener-rule/app/dev/1a/80/9f',
      )})`,
      `Delete the target group orders-dev-b (${arn(
        'elasticloadbalancing',
        'targetgroup/orders-dev-b/1a',
      )})`,
      `Delete the CodeBuild project orders-build (${arn(
        'codebuild',
        'project/orders-build',
      )})`,
      `Delete the log group /slipway/orders/codebuild (${arn(
        'logs',
        'log-group:/slipway/orders/codebuild',
      )})`,
      `Delete the ECR repository (with its images) orders (${arn(
        'ecr',
        'repository/orders',
      )})`,
      `Delete the IAM role orders-ecs-task-execution (${taskExecutionRole.Arn})`,
    ]);
    expect(outputs().leftInPlace).toEqual([arn('sns', 'orders-alerts')]);
  });

  it('counts a service that is already INACTIVE as deleted, so a re-run converges', async () => {
    ordersIsDeployed();
    mocks.ecs.on(DeleteServiceCommand).rejects(
      Object.assign(new Error('Service was not ACTIVE.'), {
        name: 'ServiceNotActiveException',
        $metadata: { httpStatusCode: 400 },
      }),
    );
    const { ctx } = runContext(input);

    await expect(action.handler(ctx)).resolves.toBeUndefined();
    expect(mocks.ecs).not.toHaveReceivedCommand(UpdateServiceCommand);
  });

  it('deletes everything tagged for the component in dependency order, and nothing of other components', async () => {
    ordersIsDeployed();
    const { ctx, outputs } = runContext(input);

    await action.handler(ctx);

    expect(deletionOrder()).toEqual([
      'DeletePipelineCommand',
      'DeleteDeploymentGroupCommand',
      'DeleteApplicationCommand',
      'DeleteServiceCommand',
      'DeregisterTaskDefinitionCommand',
      'DeleteTaskDefinitionsCommand',
      'DeleteRuleCommand',
      'DeleteTargetGroupCommand',
      'DeleteProjectCommand',
      'DeleteLogGroupCommand',
      'DeleteRepositoryCommand',
      'DeleteRolePolicyCommand',
      'DeleteRoleCommand',
    ]);
    expect(mocks.ecs).not.toHaveReceivedCommand(UpdateServiceCommand);
    expect(mocks.ecs).toHaveReceivedCommandWith(DeleteServiceCommand, {
      cluster: 'dev-cluster',
      service: 'orders',
      force: true,
    });
    expect(mocks.ecr).toHaveReceivedCommandWith(DeleteRepositoryCommand, {
      repositoryName: 'orders',
      force: true,
    });
    expect(mocks.iam).toHaveReceivedCommandWith(DeleteRolePolicyCommand, {
      RoleName: 'orders-ecs-task-execution',
      PolicyName: 'slipway-least-privilege',
    });
    expect(mocks.iam).not.toHaveReceivedCommandWith(DeleteRoleCommand, {
      RoleName: 'billing-codebuild',
    });
    expect(mocks.codedeploy).toHaveReceivedCommandWith(
      DeleteDeploymentGroupCommand,
      { applicationName: 'orders-dev', deploymentGroupName: 'orders-dev' },
    );
    expect(mocks.logs).toHaveReceivedCommandWith(DeleteLogGroupCommand, {
      logGroupName: '/slipway/orders/codebuild',
    });
    expect(mocks.elb).toHaveReceivedCommandWith(DeleteTargetGroupCommand, {
      TargetGroupArn: arn(
        'elasticloadbalancing',
        'targetgroup/orders-dev-b/1a',
      ),
    });
    expect(mocks.codebuild).toHaveReceivedCommandWith(DeleteProjectCommand, {
      name: 'orders-build',
    });
    expect(mocks.pipeline).toHaveReceivedCommandWith(DeletePipelineCommand, {
      name: 'orders',
    });
    expect(mocks.codedeploy).toHaveReceivedCommandWith(
      DeleteApplicationCommand,
      { applicationName: 'orders-dev' },
    );
    expect(mocks.ecs).toHaveReceivedCommandWith(
      DeregisterTaskDefinitionCommand,
      { taskDefinition: arn('ecs', 'task-definition/orders-dev:1') },
    );
    expect(mocks.ecs).toHaveReceivedCommandWith(DeleteTaskDefinitionsCommand, {
      taskDefinitions: [arn('ecs', 'task-definition/orders-dev:1')],
    });
    expect(mocks.elb).toHaveReceivedCommandWith(DeleteRuleCommand, {
      RuleArn: arn('elasticloadbalancing', 'listener-rule/app/dev/1a/80/9f'),
    });
    expect(outputs().resources).toHaveLength(11);
  });

  it('refuses to run without the component name as confirmation', async () => {
    const { ctx } = runContext({ ...input, confirm: 'order' });

    const run = action.handler(ctx);

    await expect(run).rejects.toThrow(InputError);
    await expect(run).rejects.toThrow(
      "Teardown of 'orders' needs confirm: orders (got 'order'); nothing was deleted",
    );
    expect(
      Object.values(mocks).flatMap(m => m.calls() as unknown[]),
    ).toHaveLength(0);
  });

  it('keeps going past a failed deletion, treats gone resources as deleted, and fails listing what is left', async () => {
    ordersIsDeployed();
    mocks.pipeline
      .on(DeletePipelineCommand)
      .rejects(awsError('PipelineNotFoundException', 'no pipeline'));
    mocks.elb
      .on(DeleteTargetGroupCommand)
      .rejects(
        awsError(
          'ResourceInUseException',
          'Target group is currently in use by a listener or a rule',
        ),
      );
    const { ctx, logger } = runContext(input);

    const run = action.handler(ctx);

    await expect(run).rejects.toThrow(
      /Teardown of 'orders' could not delete 1 resource\(s\); fix the cause and run it again .*\ntarget group orders-dev-b .*conflicts with an existing resource \(ResourceInUseException/,
    );
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringContaining(
        'The pipeline orders (arn:aws:codepipeline:eu-west-1:123456789012:orders) was already gone',
      ),
    );
    expect(mocks.iam).toHaveReceivedCommand(DeleteRoleCommand);
  });

  it('explains a denied lookup', async () => {
    mocks.tagging
      .on(GetResourcesCommand)
      .rejects(
        awsError(
          'AccessDeniedException',
          'User is not authorized to perform: tag:GetResources',
        ),
      );
    const { ctx } = runContext(input, { isDryRun: true });

    await expect(action.handler(ctx)).rejects.toThrow(
      'Could not find the resources tagged slipway:component=orders in account 123456789012 (eu-west-1): the credentials Backstage uses lack permission for tag:GetResources',
    );
  });
});
