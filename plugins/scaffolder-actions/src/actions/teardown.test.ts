import {
  CloudWatchClient,
  DeleteAlarmsCommand,
  DescribeAlarmsCommand,
  ListTagsForResourceCommand as ListAlarmTagsCommand,
} from '@aws-sdk/client-cloudwatch';
import {
  CloudWatchLogsClient,
  DeleteLogGroupCommand,
  DescribeLogGroupsCommand,
  ListTagsForResourceCommand as ListLogTagsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  BatchGetProjectsCommand,
  CodeBuildClient,
  DeleteProjectCommand,
} from '@aws-sdk/client-codebuild';
import {
  CodeDeployClient,
  DeleteApplicationCommand,
  DeleteDeploymentGroupCommand,
  GetApplicationCommand,
  GetDeploymentGroupCommand,
  ListTagsForResourceCommand as ListCodeDeployTagsCommand,
} from '@aws-sdk/client-codedeploy';
import {
  CodePipelineClient,
  DeletePipelineCommand,
  GetPipelineCommand,
  ListTagsForResourceCommand as ListPipelineTagsCommand,
} from '@aws-sdk/client-codepipeline';
import {
  DeleteRepositoryCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  ListTagsForResourceCommand as ListRepositoryTagsCommand,
} from '@aws-sdk/client-ecr';
import {
  DeleteServiceCommand,
  DeleteTaskDefinitionsCommand,
  DeregisterTaskDefinitionCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  ListTaskDefinitionsCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import {
  DeleteRuleCommand as DeleteListenerRuleCommand,
  DeleteTargetGroupCommand,
  DescribeRulesCommand,
  DescribeTagsCommand,
  DescribeTargetGroupsCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  DeleteRuleCommand as DeleteEventRuleCommand,
  DescribeRuleCommand,
  EventBridgeClient,
  ListTagsForResourceCommand as ListEventRuleTagsCommand,
  ListTargetsByRuleCommand,
  RemoveTargetsCommand,
} from '@aws-sdk/client-eventbridge';
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
  DeleteAliasCommand,
  DescribeKeyCommand,
  KMSClient,
  ListAliasesCommand,
  ListResourceTagsCommand,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import {
  GetResourcesCommand,
  ResourceGroupsTaggingAPIClient,
} from '@aws-sdk/client-resource-groups-tagging-api';
import {
  DeleteTopicCommand,
  GetTopicAttributesCommand,
  ListTagsForResourceCommand as ListTopicTagsCommand,
  SNSClient,
} from '@aws-sdk/client-sns';
import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { AwsStub, mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import {
  awsError,
  clients,
  deps,
  devEnvironment,
  mutatingCalls,
  otherAccountEnvironment,
  prodEnvironment,
  runContext,
} from '../__testUtils__/harness';
import { createTeardownAction } from './teardown';

const mocks = {
  tagging: mockClient(ResourceGroupsTaggingAPIClient),
  iam: mockClient(IAMClient),
  pipeline: mockClient(CodePipelineClient),
  events: mockClient(EventBridgeClient),
  codedeploy: mockClient(CodeDeployClient),
  ecs: mockClient(ECSClient),
  elb: mockClient(ElasticLoadBalancingV2Client),
  cloudwatch: mockClient(CloudWatchClient),
  sns: mockClient(SNSClient),
  codebuild: mockClient(CodeBuildClient),
  ecr: mockClient(ECRClient),
  logs: mockClient(CloudWatchLogsClient),
  kms: mockClient(KMSClient),
};
const action = createTeardownAction(deps);
const OWNER = 'group:default/payments';
const input = { component: 'orders', owner: OWNER, environment: 'dev' };

type Tags = Record<string, string>;
const ours = (extra: Tags = {}): Tags => ({
  'slipway:component': 'default/orders',
  'slipway:owner': OWNER,
  'slipway:managed-by': 'backstage',
  'slipway:environment': 'dev',
  'slipway:created-by-task': 'task-1',
  ...extra,
});

const arn = (service: string, resource: string) =>
  `arn:aws:${service}:eu-west-1:123456789012:${resource}`;
const roleArn = (name: string) =>
  `arn:aws:iam::123456789012:role/slipway/${name}`;
const LISTENER = 'app/dev/1a/80';
const TEST_LISTENER = 'app/dev/1a/8080';

/**
 * A fake account: ARN → its own tags. The mocks below answer from it like
 * AWS does: the tagging API lists every tagged resource except IAM roles,
 * lookups by name find what exists, NotFound errors for what does not.
 */
let world: Map<string, Tags>;
/** Listener rule ARN → the target group ARN it forwards to. */
let forwards: Map<string, string>;
/** ARNs the tagging API leaves out (legacy, untagged or not yet indexed). */
let notIndexed: Set<string>;
let eventTargets: string[];

const kv = (tags: Tags = {}) =>
  Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
const lower = (tags: Tags = {}) =>
  Object.entries(tags).map(([key, value]) => ({ key, value }));
const exists = (a: string, notFound: string) => {
  if (!world.has(a)) throw awsError(notFound, `${a} does not exist`);
  return world.get(a)!;
};

const ORDERS = {
  pipeline: arn('codepipeline', 'orders'),
  rule: arn('events', 'rule/orders-pipeline-failed'),
  group: arn('codedeploy', 'deploymentgroup:orders-dev/orders-dev'),
  application: arn('codedeploy', 'application:orders-dev'),
  service: arn('ecs', 'service/dev-cluster/orders'),
  taskDefinition1: arn('ecs', 'task-definition/orders-dev:1'),
  taskDefinition2: arn('ecs', 'task-definition/orders-dev:2'),
  productionRule: arn('elasticloadbalancing', `listener-rule/${LISTENER}/9f`),
  testRule: arn('elasticloadbalancing', `listener-rule/${TEST_LISTENER}/8e`),
  blue: arn('elasticloadbalancing', 'targetgroup/orders-dev-b/1a'),
  green: arn('elasticloadbalancing', 'targetgroup/orders-dev-g/2b'),
  blueErrors: arn('cloudwatch', 'alarm:orders-dev-b-target-5xx'),
  blueUnhealthy: arn('cloudwatch', 'alarm:orders-dev-b-unhealthy-hosts'),
  topic: arn('sns', 'orders-alerts'),
  project: arn('codebuild', 'project/orders-build'),
  repository: arn('ecr', 'repository/orders'),
  buildLogs: arn('logs', 'log-group:/slipway/orders/codebuild'),
  serviceLogs: arn('logs', 'log-group:/slipway/orders/dev/ecs'),
  buildRole: roleArn('orders-codebuild'),
  executionRole: roleArn('orders-ecs-task-execution'),
};

/** Everything the actions create for default/orders in dev. */
function ordersIsDeployed(tags: (arn: string) => Tags = () => ours()) {
  for (const a of Object.values(ORDERS)) world.set(a, tags(a));
  forwards.set(ORDERS.productionRule, ORDERS.blue);
  forwards.set(ORDERS.testRule, ORDERS.green);
  eventTargets = ['alerts'];
}

/** billing's rule on the same listener, its target group and role: never touched. */
function billingIsDeployed() {
  const billing = {
    'slipway:component': 'default/billing',
    'slipway:owner': 'group:default/finance',
    'slipway:managed-by': 'backstage',
  };
  const rule = arn('elasticloadbalancing', `listener-rule/${LISTENER}/7d`);
  const group = arn('elasticloadbalancing', 'targetgroup/billing-dev/3c');
  world.set(rule, billing);
  world.set(group, billing);
  forwards.set(rule, group);
  world.set(roleArn('billing-codebuild'), billing);
  // Shares a prefix with orders: listed under /slipway/ but someone else's.
  world.set(roleArn('orders-api-codebuild'), {
    ...billing,
    'slipway:component': 'default/orders-api',
  });
}

function answerFromWorld() {
  const arnsOf = (pattern: RegExp) =>
    [...world.keys()].filter(a => pattern.test(a));
  mocks.tagging.on(GetResourcesCommand).callsFake(request => {
    const all = [...world]
      .filter(([a]) => !a.includes(':iam::') && !notIndexed.has(a))
      .filter(([, tags]) =>
        request.TagFilters.every((f: { Key: string; Values: string[] }) =>
          f.Values.includes(tags[f.Key]),
        ),
      )
      .map(([ResourceARN]) => ({ ResourceARN }));
    // Five per page, like a real paginated answer.
    const start = Number(request.PaginationToken ?? 0);
    const next = start + 5 < all.length ? String(start + 5) : '';
    return {
      ResourceTagMappingList: all.slice(start, start + 5),
      PaginationToken: next,
    };
  });
  mocks.pipeline.on(GetPipelineCommand).callsFake(({ name }) => {
    exists(arn('codepipeline', name), 'PipelineNotFoundException');
    return { metadata: { pipelineArn: arn('codepipeline', name) } };
  });
  mocks.pipeline.on(ListPipelineTagsCommand).callsFake(({ resourceArn }) => ({
    tags: lower(exists(resourceArn, 'ResourceNotFoundException')),
  }));
  mocks.events.on(DescribeRuleCommand).callsFake(({ Name }) => {
    exists(arn('events', `rule/${Name}`), 'ResourceNotFoundException');
    return { Name, Arn: arn('events', `rule/${Name}`) };
  });
  mocks.events.on(ListEventRuleTagsCommand).callsFake(({ ResourceARN }) => ({
    Tags: kv(exists(ResourceARN, 'ResourceNotFoundException')),
  }));
  mocks.events
    .on(ListTargetsByRuleCommand)
    .callsFake(() => ({ Targets: eventTargets.map(Id => ({ Id })) }));
  mocks.events.on(RemoveTargetsCommand).callsFake(({ Ids }) => {
    eventTargets = eventTargets.filter(id => !Ids.includes(id));
    return { FailedEntryCount: 0, FailedEntries: [] };
  });
  mocks.codedeploy
    .on(GetDeploymentGroupCommand)
    .callsFake(({ applicationName, deploymentGroupName }) => {
      exists(
        arn(
          'codedeploy',
          `deploymentgroup:${applicationName}/${deploymentGroupName}`,
        ),
        'DeploymentGroupDoesNotExistException',
      );
      return { deploymentGroupInfo: { deploymentGroupName } };
    });
  mocks.codedeploy
    .on(GetApplicationCommand)
    .callsFake(({ applicationName }) => {
      exists(
        arn('codedeploy', `application:${applicationName}`),
        'ApplicationDoesNotExistException',
      );
      return { application: { applicationName } };
    });
  mocks.codedeploy
    .on(ListCodeDeployTagsCommand)
    .callsFake(({ ResourceArn }) => ({
      Tags: kv(exists(ResourceArn, 'ResourceArnNotFoundException')),
    }));
  mocks.ecs
    .on(DescribeServicesCommand)
    .callsFake(({ cluster, services: [name] }) => {
      const a = arn('ecs', `service/${cluster}/${name}`);
      return world.has(a)
        ? {
            services: [
              { serviceArn: a, status: 'ACTIVE', tags: lower(world.get(a)) },
            ],
          }
        : { services: [], failures: [{ arn: a, reason: 'MISSING' }] };
    });
  mocks.ecs.on(ListTaskDefinitionsCommand).callsFake(({ familyPrefix }) => ({
    taskDefinitionArns: arnsOf(
      new RegExp(`:task-definition/${familyPrefix}:\\d+$`),
    ),
  }));
  mocks.ecs
    .on(DescribeTaskDefinitionCommand)
    .callsFake(({ taskDefinition }) => ({
      taskDefinition: { taskDefinitionArn: taskDefinition, status: 'ACTIVE' },
      tags: lower(exists(taskDefinition, 'ClientException')),
    }));
  mocks.ecs.on(DeleteTaskDefinitionsCommand).resolves({ failures: [] });
  mocks.elb.on(DescribeRulesCommand).callsFake(({ ListenerArn }) => {
    const listener = ListenerArn.split(':listener/')[1];
    const rules = arnsOf(/:listener-rule\//)
      .filter(a => a.includes(`:listener-rule/${listener}/`))
      .map(RuleArn => ({
        RuleArn,
        IsDefault: false,
        Actions: [{ Type: 'forward', TargetGroupArn: forwards.get(RuleArn) }],
      }));
    return {
      Rules: [
        ...rules,
        {
          RuleArn: arn('elasticloadbalancing', `listener-rule/${listener}/0`),
          IsDefault: true,
          Actions: [{ Type: 'fixed-response' }],
        },
      ],
    };
  });
  mocks.elb.on(DescribeTargetGroupsCommand).callsFake(({ Names: [name] }) => {
    const found = arnsOf(new RegExp(`:targetgroup/${name}/`));
    if (!found.length) {
      throw awsError('TargetGroupNotFoundException', `${name} not found`);
    }
    return { TargetGroups: found.map(TargetGroupArn => ({ TargetGroupArn })) };
  });
  mocks.elb.on(DescribeTagsCommand).callsFake(({ ResourceArns: [a] }) => ({
    TagDescriptions: [
      { ResourceArn: a, Tags: kv(exists(a, 'TargetGroupNotFoundException')) },
    ],
  }));
  mocks.cloudwatch.on(DescribeAlarmsCommand).callsFake(({ AlarmNames }) => ({
    MetricAlarms: AlarmNames.map((name: string) =>
      arn('cloudwatch', `alarm:${name}`),
    )
      .filter((a: string) => world.has(a))
      .map((AlarmArn: string) => ({ AlarmArn })),
  }));
  mocks.cloudwatch.on(ListAlarmTagsCommand).callsFake(({ ResourceARN }) => ({
    Tags: kv(exists(ResourceARN, 'ResourceNotFoundException')),
  }));
  mocks.sns.on(GetTopicAttributesCommand).callsFake(({ TopicArn }) => {
    exists(TopicArn, 'NotFoundException');
    return { Attributes: { TopicArn } };
  });
  mocks.sns.on(ListTopicTagsCommand).callsFake(({ ResourceArn }) => ({
    Tags: kv(exists(ResourceArn, 'ResourceNotFoundException')),
  }));
  mocks.codebuild.on(BatchGetProjectsCommand).callsFake(({ names }) => ({
    projects: names
      .map((name: string) => arn('codebuild', `project/${name}`))
      .filter((a: string) => world.has(a))
      .map((a: string) => ({
        name: a.split('/')[1],
        arn: a,
        tags: lower(world.get(a)),
      })),
  }));
  mocks.ecr
    .on(DescribeRepositoriesCommand)
    .callsFake(({ repositoryNames: [name] }) => {
      const a = arn('ecr', `repository/${name}`);
      exists(a, 'RepositoryNotFoundException');
      return { repositories: [{ repositoryName: name, repositoryArn: a }] };
    });
  mocks.ecr.on(ListRepositoryTagsCommand).callsFake(({ resourceArn }) => ({
    tags: kv(exists(resourceArn, 'RepositoryNotFoundException')),
  }));
  mocks.logs
    .on(DescribeLogGroupsCommand)
    .callsFake(({ logGroupNamePrefix }) => ({
      logGroups: arnsOf(/:log-group:/)
        .map(a => a.split(':log-group:')[1])
        .filter(name => name.startsWith(logGroupNamePrefix))
        .map(logGroupName => ({
          logGroupName,
          arn: `${arn('logs', `log-group:${logGroupName}`)}:*`,
        })),
    }));
  mocks.logs.on(ListLogTagsCommand).callsFake(({ resourceArn }) => ({
    tags: exists(resourceArn, 'ResourceNotFoundException'),
  }));
  mocks.iam.on(ListRolesCommand).callsFake(() => ({
    Roles: arnsOf(/:iam::/).map(Arn => ({
      Arn,
      RoleName: Arn.split('/').pop(),
      Path: '/slipway/',
    })),
    IsTruncated: false,
  }));
  mocks.iam.on(ListRoleTagsCommand).callsFake(({ RoleName }) => ({
    Tags: kv(exists(roleArn(RoleName), 'NoSuchEntityException')),
    IsTruncated: false,
  }));
  mocks.iam
    .on(ListRolePoliciesCommand)
    .resolves({ PolicyNames: ['slipway-least-privilege'], IsTruncated: false });
  mocks.iam
    .on(ListAttachedRolePoliciesCommand)
    .resolves({ AttachedPolicies: [], IsTruncated: false });
}

/** The commands that change something, in the order they reached AWS: "service:Command". */
function changes(): string[] {
  return Object.entries(mocks)
    .flatMap(([service, mock]) =>
      (mock.calls() as any[]).map(call => ({ service, call })),
    )
    .sort((a, b) => a.call.callId - b.call.callId)
    .map(({ service, call }) => `${service}:${call.args[0].constructor.name}`)
    .filter(name => !/:(Describe|Get|List|BatchGet)/.test(name));
}

const allCalls = () =>
  Object.values(mocks).flatMap(mock => mock.calls() as unknown[]);

beforeEach(() => {
  world = new Map();
  forwards = new Map();
  notIndexed = new Set();
  eventTargets = [];
  Object.values(mocks).forEach((mock: AwsStub<any, any, any>) => {
    mock.reset();
    mock.onAnyCommand().resolves({});
  });
  answerFromWorld();
});

describe('slipway:teardown', () => {
  it('lists what it would remove, in order, on a dry run without changing anything', async () => {
    ordersIsDeployed();
    billingIsDeployed();
    const { ctx, outputs } = runContext(input, { isDryRun: true });

    await action.handler(ctx);

    expect(mutatingCalls(...Object.values(mocks))).toEqual([]);
    expect(mocks.tagging).toHaveReceivedCommandWith(GetResourcesCommand, {
      TagFilters: [
        { Key: 'slipway:component', Values: ['default/orders', 'orders'] },
      ],
    });
    // 20 tagged resources, five a page: every page was read.
    expect(mocks.tagging).toHaveReceivedCommandTimes(GetResourcesCommand, 4);
    const where = 'in account 123456789012 (eu-west-1)';
    expect(outputs().plan).toEqual(
      [
        'pipeline orders',
        'EventBridge rule (with its targets) orders-pipeline-failed',
        'CodeDeploy deployment group orders-dev/orders-dev',
        'CodeDeploy application orders-dev',
        'ECS service dev-cluster/orders',
        'task definition orders-dev:1',
        'task definition orders-dev:2',
        `listener rule ${LISTENER}/9f`,
        `listener rule ${TEST_LISTENER}/8e`,
        'target group orders-dev-b',
        'target group orders-dev-g',
        'CloudWatch alarm orders-dev-b-target-5xx',
        'CloudWatch alarm orders-dev-b-unhealthy-hosts',
        'SNS topic (with its subscriptions) orders-alerts',
        'CodeBuild project orders-build',
        'ECR repository (with its images) orders',
        'log group /slipway/orders/codebuild',
        'log group /slipway/orders/dev/ecs',
        'IAM role orders-codebuild',
        'IAM role orders-ecs-task-execution',
      ].map(line => `Remove the ${line} ${where}`),
    );
    expect(outputs().removed).toEqual([]);
    // billing's rule, target group and roles are not ours: not even mentioned.
    expect(outputs().skipped).toEqual([]);
  });

  it('removes everything of the component in dependency order, lists it, and touches nothing else', async () => {
    ordersIsDeployed();
    billingIsDeployed();
    const { ctx, outputs, logger } = runContext(input);

    await action.handler(ctx);

    expect(changes()).toEqual([
      'pipeline:DeletePipelineCommand',
      'events:RemoveTargetsCommand',
      'events:DeleteRuleCommand',
      'codedeploy:DeleteDeploymentGroupCommand',
      'codedeploy:DeleteApplicationCommand',
      'ecs:UpdateServiceCommand',
      'ecs:DeleteServiceCommand',
      'ecs:DeregisterTaskDefinitionCommand',
      'ecs:DeleteTaskDefinitionsCommand',
      'ecs:DeregisterTaskDefinitionCommand',
      'ecs:DeleteTaskDefinitionsCommand',
      'elb:DeleteRuleCommand',
      'elb:DeleteRuleCommand',
      'elb:DeleteTargetGroupCommand',
      'elb:DeleteTargetGroupCommand',
      'cloudwatch:DeleteAlarmsCommand',
      'cloudwatch:DeleteAlarmsCommand',
      'sns:DeleteTopicCommand',
      'codebuild:DeleteProjectCommand',
      'ecr:DeleteRepositoryCommand',
      'logs:DeleteLogGroupCommand',
      'logs:DeleteLogGroupCommand',
      'iam:DeleteRolePolicyCommand',
      'iam:DeleteRoleCommand',
      'iam:DeleteRolePolicyCommand',
      'iam:DeleteRoleCommand',
    ]);
    expect(mocks.ecs).toHaveReceivedCommandWith(UpdateServiceCommand, {
      cluster: 'dev-cluster',
      service: 'orders',
      desiredCount: 0,
    });
    expect(mocks.ecs).toHaveReceivedCommandWith(DeleteServiceCommand, {
      cluster: 'dev-cluster',
      service: 'orders',
      force: true,
    });
    expect(mocks.events).toHaveReceivedCommandWith(RemoveTargetsCommand, {
      Rule: 'orders-pipeline-failed',
      Ids: ['alerts'],
    });
    expect(mocks.events).toHaveReceivedCommandWith(DeleteEventRuleCommand, {
      Name: 'orders-pipeline-failed',
    });
    expect(mocks.ecs).toHaveReceivedCommandWith(
      DeregisterTaskDefinitionCommand,
      { taskDefinition: ORDERS.taskDefinition2 },
    );
    expect(mocks.ecr).toHaveReceivedCommandWith(DeleteRepositoryCommand, {
      repositoryName: 'orders',
      force: true,
    });
    expect(mocks.elb).toHaveReceivedCommandWith(DeleteListenerRuleCommand, {
      RuleArn: ORDERS.productionRule,
    });
    expect(mocks.elb).not.toHaveReceivedCommandWith(DeleteListenerRuleCommand, {
      RuleArn: arn('elasticloadbalancing', `listener-rule/${LISTENER}/7d`),
    });
    expect(mocks.elb).not.toHaveReceivedCommandWith(DeleteTargetGroupCommand, {
      TargetGroupArn: arn('elasticloadbalancing', 'targetgroup/billing-dev/3c'),
    });
    expect(mocks.iam).not.toHaveReceivedCommandWith(DeleteRoleCommand, {
      RoleName: 'billing-codebuild',
    });
    expect(mocks.iam).not.toHaveReceivedCommandWith(DeleteRoleCommand, {
      RoleName: 'orders-api-codebuild',
    });
    expect(mocks.codedeploy).toHaveReceivedCommandWith(
      DeleteDeploymentGroupCommand,
      { applicationName: 'orders-dev', deploymentGroupName: 'orders-dev' },
    );
    expect(mocks.cloudwatch).toHaveReceivedCommandWith(DeleteAlarmsCommand, {
      AlarmNames: ['orders-dev-b-target-5xx'],
    });
    expect(mocks.sns).toHaveReceivedCommandWith(DeleteTopicCommand, {
      TopicArn: ORDERS.topic,
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
    expect(mocks.logs).toHaveReceivedCommandWith(DeleteLogGroupCommand, {
      logGroupName: '/slipway/orders/dev/ecs',
    });
    expect(mocks.iam).toHaveReceivedCommandWith(DeleteRolePolicyCommand, {
      RoleName: 'orders-ecs-task-execution',
      PolicyName: 'slipway-least-privilege',
    });

    expect(outputs().removed).toEqual([
      'pipeline orders',
      'EventBridge rule (with its targets) orders-pipeline-failed',
      'CodeDeploy deployment group orders-dev/orders-dev',
      'CodeDeploy application orders-dev',
      'ECS service dev-cluster/orders',
      'task definition orders-dev:1',
      'task definition orders-dev:2',
      `listener rule ${LISTENER}/9f`,
      `listener rule ${TEST_LISTENER}/8e`,
      'target group orders-dev-b',
      'target group orders-dev-g',
      'CloudWatch alarm orders-dev-b-target-5xx',
      'CloudWatch alarm orders-dev-b-unhealthy-hosts',
      'SNS topic (with its subscriptions) orders-alerts',
      'CodeBuild project orders-build',
      'ECR repository (with its images) orders',
      'log group /slipway/orders/codebuild',
      'log group /slipway/orders/dev/ecs',
      'IAM role orders-codebuild',
      'IAM role orders-ecs-task-execution',
    ]);
    expect(outputs().skipped).toEqual([]);
    expect(logger.info).toHaveBeenCalledWith(
      'Removed the ECR repository (with its images) orders in account 123456789012 (eu-west-1)',
    );
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringMatching(
        /^Teardown of default\/orders: removed 20 resource\(s\): pipeline orders, .*, IAM role orders-ecs-task-execution; left 0 in place$/,
      ),
    );
  });

  it('finds by name what the tagging API does not list (IAM, untagged, not yet indexed)', async () => {
    ordersIsDeployed();
    Object.values(ORDERS).forEach(a => notIndexed.add(a));
    const { ctx, outputs } = runContext(input);

    await action.handler(ctx);

    expect(outputs().removed).toHaveLength(20);
  });

  it('never removes a resource tagged only with slipway:component (no owner, no managed-by)', async () => {
    world.set(ORDERS.repository, { 'slipway:component': 'orders' });
    const { ctx, outputs, logger } = runContext(input);

    await action.handler(ctx);

    expect(mocks.ecr).not.toHaveReceivedCommand(DeleteRepositoryCommand);
    expect(outputs().removed).toEqual([]);
    const reason =
      'ECR repository (with its images) orders in account 123456789012 (eu-west-1): it is not tagged slipway:owner; it is not tagged slipway:managed-by=backstage';
    expect(outputs().skipped).toEqual([reason]);
    expect(logger.warn).toHaveBeenCalledWith(`Left in place: ${reason}`);
  });

  it('keeps a resource of another owner, even with the right component tag', async () => {
    world.set(ORDERS.project, ours({ 'slipway:owner': 'group:default/ops' }));
    const { ctx, outputs } = runContext(input);

    await action.handler(ctx);

    expect(mocks.codebuild).not.toHaveReceivedCommand(DeleteProjectCommand);
    expect(outputs().skipped).toEqual([
      "CodeBuild project orders-build in account 123456789012 (eu-west-1): it is owned by 'group:default/ops' (tag slipway:owner)",
    ]);
  });

  it('never confuses default/orders and other/orders, although their resources share names', async () => {
    ordersIsDeployed(() => ours({ 'slipway:component': 'other/orders' }));

    const { ctx, outputs } = runContext(input);
    await action.handler(ctx);

    expect(changes()).toEqual([]);
    expect(outputs().skipped).toContain(
      "ECR repository (with its images) orders in account 123456789012 (eu-west-1): it belongs to the component 'other/orders' (tag slipway:component)",
    );
    expect(outputs().skipped).toHaveLength(20);

    const other = runContext({ ...input, namespace: 'other' });
    await action.handler(other.ctx);

    expect(mocks.tagging).toHaveReceivedCommandWith(GetResourcesCommand, {
      TagFilters: [{ Key: 'slipway:component', Values: ['other/orders'] }],
    });
    expect(other.outputs().removed).toHaveLength(20);
  });

  it('removes resources tagged with the bare name before namespaces, in the default namespace only', async () => {
    ordersIsDeployed(() => ours({ 'slipway:component': 'orders' }));

    const other = runContext({ ...input, namespace: 'other' });
    await action.handler(other.ctx);
    expect(changes()).toEqual([]);
    expect(other.outputs().removed).toEqual([]);

    const { ctx, outputs } = runContext(input);
    await action.handler(ctx);
    expect(outputs().removed).toHaveLength(20);
  });

  it('with createdByTask, removes only what that task created and says why the rest stays', async () => {
    ordersIsDeployed(a =>
      [ORDERS.repository, ORDERS.buildRole].includes(a)
        ? ours({ 'slipway:created-by-task': 'task-0' })
        : ours(),
    );
    const { 'slipway:created-by-task': _task, ...untracked } = ours();
    world.set(ORDERS.project, untracked);
    const { ctx, outputs } = runContext({ ...input, createdByTask: 'task-1' });

    await action.handler(ctx);

    expect(mocks.ecr).not.toHaveReceivedCommand(DeleteRepositoryCommand);
    expect(mocks.codebuild).not.toHaveReceivedCommand(DeleteProjectCommand);
    expect(mocks.iam).not.toHaveReceivedCommandWith(DeleteRoleCommand, {
      RoleName: 'orders-codebuild',
    });
    expect(outputs().removed).toHaveLength(17);
    expect(outputs().skipped).toEqual([
      'CodeBuild project orders-build in account 123456789012 (eu-west-1): it is not tagged slipway:created-by-task=task-1',
      'ECR repository (with its images) orders in account 123456789012 (eu-west-1): it was created by the task task-0, not task-1',
      'IAM role orders-codebuild in account 123456789012 (eu-west-1): it was created by the task task-0, not task-1',
    ]);
  });

  it('leaves resources of environments it was not asked for', async () => {
    ordersIsDeployed(a =>
      a === ORDERS.service ? ours({ 'slipway:environment': 'prod' }) : ours(),
    );
    const { ctx, outputs } = runContext(input);

    await action.handler(ctx);

    expect(mocks.ecs).not.toHaveReceivedCommand(DeleteServiceCommand);
    expect(outputs().skipped).toEqual([
      "ECS service dev-cluster/orders in account 123456789012 (eu-west-1): it belongs to the environment 'prod' (tag slipway:environment), not 'dev'",
    ]);
  });

  it('reports tagged resources of kinds it does not remove, and leaves them', async () => {
    world.set('arn:aws:s3:::orders-reports', ours());
    const { ctx, outputs } = runContext(input);

    await action.handler(ctx);

    expect(outputs().skipped).toEqual([
      'arn:aws:s3:::orders-reports in account 123456789012 (eu-west-1): teardown does not remove this kind of resource; remove it by hand if it is no longer needed',
    ]);
  });

  it.each([
    [
      'a shell command as component',
      { component: 'x;rm -rf /' },
      'component must be 3 to 32',
    ],
    [
      'a path as component',
      { component: '../etc' },
      'component must be 3 to 32',
    ],
    [
      'a path as namespace',
      { namespace: '../etc' },
      'namespace must be a catalog namespace',
    ],
    [
      'a command as owner',
      { owner: 'group:default/$(id)' },
      'owner must be an entity reference',
    ],
    [
      'a path as environment',
      { environment: '../prod' },
      'environment must be the name',
    ],
    [
      'a bad further environment',
      { environments: ['dev', 'x y'] },
      'environments.1 must be the name',
    ],
    ['an unknown environment', { environment: 'nowhere' }, 'nowhere'],
    [
      'an unknown further environment',
      { environments: ['nowhere'] },
      'nowhere',
    ],
    [
      'an overlong task id',
      { createdByTask: 'x'.repeat(300) },
      'createdByTask',
    ],
    [
      'a wrong confirmation',
      { confirm: 'order' },
      "needs confirm: orders (got 'order')",
    ],
  ])('refuses %s before any AWS call', async (_what, change, message) => {
    ordersIsDeployed();
    const { ctx } = runContext({ ...input, ...change });

    const run = action.handler(ctx);

    await expect(run).rejects.toThrow(InputError);
    await expect(run).rejects.toThrow(message);
    expect(allCalls()).toHaveLength(0);
  });

  it('treats gone resources as removed, keeps going past a failure, and fails listing what is left', async () => {
    ordersIsDeployed();
    mocks.pipeline
      .on(DeletePipelineCommand)
      .rejects(awsError('PipelineNotFoundException', 'no pipeline'));
    mocks.ecs
      .on(UpdateServiceCommand)
      .rejects(awsError('ServiceNotActiveException', 'Service was not ACTIVE'));
    mocks.elb
      .on(DeleteTargetGroupCommand)
      .rejects(
        awsError(
          'ResourceInUseException',
          'Target group is currently in use by a listener or a rule',
        ),
      );
    const { ctx, logger, outputs } = runContext(input);

    const run = action.handler(ctx);

    await expect(run).rejects.toThrow(
      /Teardown of 'default\/orders' could not remove 2 resource\(s\); fix the cause and run it again .*\ntarget group orders-dev-b \(arn:.*\): .*conflicts with an existing resource \(ResourceInUseException/,
    );
    expect(logger.info).toHaveBeenCalledWith(
      'The pipeline orders in account 123456789012 (eu-west-1) was already gone',
    );
    expect(mocks.ecs).not.toHaveReceivedCommand(DeleteServiceCommand);
    expect(outputs().removed).toContain('ECS service dev-cluster/orders');
    expect(outputs().removed).not.toContain('pipeline orders');
    expect(mocks.iam).toHaveReceivedCommand(DeleteRoleCommand);
  });

  it('removes each resource in its own checkpoint, so a retried task resumes', async () => {
    ordersIsDeployed();
    const { ctx } = runContext(input);

    await action.handler(ctx);

    expect(ctx.checkpoint).toHaveBeenCalledWith(
      expect.objectContaining({ key: `teardown.${ORDERS.repository}` }),
    );
  });

  it('tears down in every environment asked for, each on its own cluster and listeners', async () => {
    ordersIsDeployed();
    const { ctx, outputs } = runContext({ ...input, environments: ['prod'] });

    await action.handler(ctx);

    expect(mocks.ecs).toHaveReceivedCommandWith(DescribeServicesCommand, {
      cluster: 'prod-cluster',
      services: ['orders'],
    });
    expect(mocks.elb).toHaveReceivedCommandWith(DescribeRulesCommand, {
      ListenerArn:
        'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/prod/2b/443',
    });
    expect(outputs().removed).toHaveLength(20);
    // Every environment in one account: no pipeline there has an artifact key.
    expect(mocks.kms.calls()).toHaveLength(0);
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
      'Could not find the resources tagged slipway:component=default/orders or orders in account 123456789012 (eu-west-1): the credentials Backstage uses lack permission for tag:GetResources',
    );
  });

  describe('a pipeline that promotes to another account', () => {
    /** partner-east: another account, in a region the pipeline's account has no environment in. */
    const crossAccountTeardown = createTeardownAction({
      clients,
      config: new ConfigReader({
        slipway: {
          environments: {
            dev: devEnvironment,
            prod: prodEnvironment,
            'partner-east': { ...otherAccountEnvironment, region: 'us-east-2' },
          },
        },
      }),
    });
    const keyIn = (region: string) =>
      `arn:aws:kms:${region}:123456789012:key/${region}-0000-1111`;
    /** Artifact keys by "account|region": what KMS answers there. */
    let keys: Map<string, { arn: string; state: string; tags: Tags }>;

    beforeEach(async () => {
      keys = new Map();
      const where = new Map<unknown, string>();
      for (const [accountId, region] of [
        ['123456789012', 'eu-west-1'],
        ['123456789012', 'us-east-1'],
        ['123456789012', 'us-east-2'],
        ['210987654321', 'us-east-2'],
      ]) {
        where.set(
          await clients.get(KMSClient, { accountId, region }),
          `${accountId}|${region}`,
        );
      }
      const keyAt = (getClient: () => unknown, keyId: string) => {
        const key = keys.get(where.get(getClient())!);
        const named =
          keyId === 'alias/slipway/orders-artifacts' ||
          key?.arn.endsWith(`/${keyId}`);
        if (!key || !named) throw awsError('NotFoundException', 'not found');
        return key;
      };
      mocks.kms.on(DescribeKeyCommand).callsFake(({ KeyId }, getClient) => {
        const key = keyAt(getClient, KeyId);
        return {
          KeyMetadata: {
            KeyId: key.arn.split('/')[1],
            Arn: key.arn,
            KeyState: key.state,
          },
        };
      });
      mocks.kms
        .on(ListResourceTagsCommand)
        .callsFake(({ KeyId }, getClient) => ({
          Tags: Object.entries(keyAt(getClient, KeyId).tags).map(
            ([TagKey, TagValue]) => ({ TagKey, TagValue }),
          ),
        }));
      mocks.kms.on(ListAliasesCommand).resolves({
        Aliases: [
          { AliasName: 'alias/slipway/orders-artifacts' },
          { AliasName: 'alias/someone-elses-name-for-it' },
        ],
      });
    });

    it('schedules the deletion of its artifact key in each region of the home account, alias first; a key already pending deletion counts as gone', async () => {
      keys.set('123456789012|eu-west-1', {
        arn: keyIn('eu-west-1'),
        state: 'Enabled',
        tags: ours(),
      });
      keys.set('123456789012|us-east-2', {
        arn: keyIn('us-east-2'),
        state: 'Enabled',
        tags: ours(),
      });
      keys.set('123456789012|us-east-1', {
        arn: keyIn('us-east-1'),
        state: 'PendingDeletion',
        tags: ours(),
      });
      const { ctx, outputs } = runContext({
        ...input,
        environments: ['prod', 'partner-east'],
      });

      await crossAccountTeardown.handler(ctx);

      expect(outputs().removed).toEqual([
        'KMS key (deletion scheduled in 7 days, aliases deleted) eu-west-1-0000-1111',
        'KMS key (deletion scheduled in 7 days, aliases deleted) us-east-2-0000-1111',
      ]);
      expect(
        mocks.kms
          .commandCalls(ScheduleKeyDeletionCommand)
          .map(c => c.args[0].input),
      ).toEqual([
        { KeyId: 'eu-west-1-0000-1111', PendingWindowInDays: 7 },
        { KeyId: 'us-east-2-0000-1111', PendingWindowInDays: 7 },
      ]);
      // Only Slipway's alias: another name for the key is not Slipway's to delete.
      expect(
        mocks.kms.commandCalls(DeleteAliasCommand).map(c => c.args[0].input),
      ).toEqual([
        { AliasName: 'alias/slipway/orders-artifacts' },
        { AliasName: 'alias/slipway/orders-artifacts' },
      ]);
      expect(changes().filter(c => c.startsWith('kms:'))).toEqual([
        'kms:DeleteAliasCommand',
        'kms:ScheduleKeyDeletionCommand',
        'kms:DeleteAliasCommand',
        'kms:ScheduleKeyDeletionCommand',
      ]);
      // The target account holds no artifact key: no KMS call there.
      const partnerKms = await clients.get(KMSClient, {
        accountId: '210987654321',
        region: 'us-east-2',
      });
      expect(mocks.kms.calls().some(c => c.thisValue === partnerKms)).toBe(
        false,
      );
    });

    it("leaves another owner's key under the alias, and says why", async () => {
      keys.set('123456789012|eu-west-1', {
        arn: keyIn('eu-west-1'),
        state: 'Enabled',
        tags: { ...ours(), 'slipway:owner': 'group:default/finance' },
      });
      const { ctx, outputs } = runContext({
        ...input,
        environments: ['partner-east'],
      });

      await crossAccountTeardown.handler(ctx);

      expect(outputs().removed).toEqual([]);
      expect(outputs().skipped).toEqual([
        expect.stringContaining(
          "KMS key (deletion scheduled in 7 days, aliases deleted) eu-west-1-0000-1111 in account 123456789012 (eu-west-1): it is owned by 'group:default/finance'",
        ),
      ]);
      expect(mutatingCalls(mocks.kms)).toEqual([]);
    });
  });
});
