import {
  CloudWatchClient,
  PutMetricAlarmCommand,
} from '@aws-sdk/client-cloudwatch';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  DeleteLogGroupCommand,
  DescribeLogGroupsCommand,
  ListTagsForResourceCommand,
  PutRetentionPolicyCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  CreateServiceCommand,
  CreateServiceCommandInput,
  DeleteTaskDefinitionsCommand,
  DeregisterTaskDefinitionCommand,
  DescribeClustersCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  Service,
  TagResourceCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import {
  CreateRuleCommand,
  CreateTargetGroupCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  CreateTopicCommand,
  GetTopicAttributesCommand,
  ListSubscriptionsByTopicCommand,
  ListTagsForResourceCommand as ListTopicTagsCommand,
  SNSClient,
  SubscribeCommand,
} from '@aws-sdk/client-sns';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import {
  awsError,
  deps,
  devEnvironment,
  mutatingCalls,
  prodEnvironment,
  runContext,
} from '../__testUtils__/harness';
import { fakeAlarms } from '../aws/__testUtils__/fakeAlarms';
import {
  FakeLoadBalancer,
  fakeLoadBalancer,
} from '../aws/__testUtils__/fakeLoadBalancer';
import { alertTopicPolicy } from '../alerts';
import { createEcsCreateServiceAction } from './ecs-create-service';

const ecs = mockClient(ECSClient);
const logs = mockClient(CloudWatchLogsClient);
const elb = mockClient(ElasticLoadBalancingV2Client);
const cloudwatch = mockClient(CloudWatchClient);
const sns = mockClient(SNSClient);
const action = createEcsCreateServiceAction(deps);

const repositoryUri = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders';
const executionRoleArn =
  'arn:aws:iam::123456789012:role/slipway/orders-ecs-task-execution';
const ordersInput = {
  component: 'orders',
  owner: 'group:default/payments',
  environment: 'dev',
  repositoryUri,
  executionRoleArn,
};
const taskDefinitionArn =
  'arn:aws:ecs:eu-west-1:123456789012:task-definition/orders-dev:1';
const serviceArn =
  'arn:aws:ecs:eu-west-1:123456789012:service/dev-cluster/orders';
const blueTargetGroup =
  'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/orders-dev-b/1';
const topicArn = 'arn:aws:sns:eu-west-1:123456789012:orders-alerts';
const devListener = devEnvironment.loadBalancer.productionListenerArn;
const prodListener = prodEnvironment.loadBalancer.productionListenerArn;

/** dev: HTTPS with host routing; prod: HTTP with path routing. */
function loadBalancers(): FakeLoadBalancer {
  return fakeLoadBalancer(elb, [
    {
      arn: devListener,
      protocol: 'HTTPS',
      port: 443,
      loadBalancerArn:
        'arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/dev/1a',
      dnsName: 'dev-1a.eu-west-1.elb.amazonaws.com',
    },
    {
      arn: prodListener,
      protocol: 'HTTP',
      port: 80,
      loadBalancerArn:
        'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/prod/2b',
      dnsName: 'prod-2b.us-east-1.elb.amazonaws.com',
    },
  ]);
}

/** An ACTIVE cluster without the service; ECS answers as on a first run. */
function activeClusterWithoutService() {
  ecs
    .on(DescribeClustersCommand)
    .resolves({ clusters: [{ clusterName: 'dev-cluster', status: 'ACTIVE' }] });
  ecs
    .on(DescribeServicesCommand)
    .resolves({ services: [], failures: [{ reason: 'MISSING' }] });
  ecs
    .on(DescribeTaskDefinitionCommand)
    .rejects(
      awsError('ClientException', 'Unable to describe task definition.'),
    );
  ecs.on(RegisterTaskDefinitionCommand).callsFake(({ family }) => ({
    taskDefinition: {
      taskDefinitionArn: `arn:aws:ecs:eu-west-1:123456789012:task-definition/${family}:1`,
    },
  }));
  ecs.on(CreateServiceCommand).callsFake(({ cluster, serviceName }) => ({
    service: {
      serviceArn: `arn:aws:ecs:eu-west-1:123456789012:service/${cluster}/${serviceName}`,
    },
  }));
  logs.on(DescribeLogGroupsCommand).resolves({ logGroups: [] });
  logs.on(CreateLogGroupCommand).resolves({});
  logs.on(PutRetentionPolicyCommand).resolves({});
}

/** DescribeServices answers with the service as the first run created it. */
function serviceAsCreated(
  created: CreateServiceCommandInput,
  overrides: Partial<Service> = {},
): Service {
  return {
    serviceName: created.serviceName,
    serviceArn,
    status: 'ACTIVE',
    desiredCount: created.desiredCount,
    taskDefinition: created.taskDefinition,
    launchType: created.launchType,
    deploymentController: created.deploymentController,
    deploymentConfiguration: created.deploymentConfiguration,
    loadBalancers: created.loadBalancers,
    tags: created.tags,
    ...overrides,
  };
}

const registered = () =>
  ecs.commandCalls(RegisterTaskDefinitionCommand)[0].args[0].input;
const createdService = (index = 0) =>
  ecs.commandCalls(CreateServiceCommand)[index].args[0].input;

beforeEach(() => {
  ecs.reset();
  logs.reset();
  elb.reset();
  cloudwatch.reset();
  sns.reset();
});

describe('slipway:ecs:create-service', () => {
  it('puts a rolling service behind its own target group, host rule and rollback alarms, with 0 tasks until an image exists', async () => {
    activeClusterWithoutService();
    const balancer = loadBalancers();
    const alarms = fakeAlarms(cloudwatch);
    const { ctx, outputs } = runContext({
      ...ordersInput,
      alarmTopicArn: topicArn,
    });

    await action.handler(ctx);

    const [group] = balancer.targetGroups();
    expect(group).toMatchObject({
      TargetGroupName: 'orders-dev',
      Port: 8080,
      TargetType: 'ip',
      VpcId: 'vpc-0d4',
      HealthCheckPath: '/health',
    });
    const [rule] = balancer.rules(devListener);
    expect(rule).toMatchObject({
      Priority: '1',
      Conditions: [
        {
          Field: 'host-header',
          HostHeaderConfig: { Values: ['orders.dev.example.com'] },
        },
      ],
      Actions: [{ Type: 'forward', TargetGroupArn: group.TargetGroupArn }],
    });
    expect(balancer.tagsOf(rule.RuleArn!)).toMatchObject({
      'slipway:component': 'default/orders',
      'slipway:created-by-task': 'mock-task-id',
    });
    expect(alarms.names()).toEqual([
      'orders-dev-target-5xx',
      'orders-dev-unhealthy-hosts',
    ]);
    expect(alarms.get('orders-dev-target-5xx')).toMatchObject({
      AlarmActions: [topicArn],
      TreatMissingData: 'notBreaching',
      Dimensions: [
        { Name: 'LoadBalancer', Value: 'app/dev/1a' },
        {
          Name: 'TargetGroup',
          Value: group.TargetGroupArn!.split(':').pop(),
        },
      ],
    });
    expect(registered()).toMatchObject({
      family: 'orders-dev',
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      executionRoleArn,
      containerDefinitions: [
        expect.objectContaining({
          name: 'orders',
          image: `${repositoryUri}:latest`,
          portMappings: [{ containerPort: 8080, protocol: 'tcp' }],
          environment: [],
          logConfiguration: {
            logDriver: 'awslogs',
            options: {
              'awslogs-group': '/slipway/orders/dev/ecs',
              'awslogs-region': 'eu-west-1',
              'awslogs-stream-prefix': 'ecs',
            },
          },
          healthCheck: expect.objectContaining({
            command: [
              'CMD-SHELL',
              expect.stringContaining('http://localhost:8080/health'),
            ],
          }),
        }),
      ],
    });
    expect(createdService()).toMatchObject({
      cluster: 'dev-cluster',
      serviceName: 'orders',
      taskDefinition: taskDefinitionArn,
      desiredCount: 0,
      launchType: 'FARGATE',
      networkConfiguration: {
        awsvpcConfiguration: {
          subnets: ['subnet-0a1', 'subnet-0b2'],
          securityGroups: ['sg-0c3'],
          assignPublicIp: 'DISABLED',
        },
      },
      deploymentController: { type: 'ECS' },
      deploymentConfiguration: {
        deploymentCircuitBreaker: { enable: true, rollback: true },
        minimumHealthyPercent: 100,
        maximumPercent: 200,
        alarms: {
          alarmNames: ['orders-dev-target-5xx', 'orders-dev-unhealthy-hosts'],
          enable: true,
          rollback: true,
        },
      },
      loadBalancers: [
        {
          targetGroupArn: group.TargetGroupArn,
          containerName: 'orders',
          containerPort: 8080,
        },
      ],
      healthCheckGracePeriodSeconds: 60,
      tags: expect.arrayContaining([
        { key: 'slipway:url', value: 'https://orders.dev.example.com' },
        { key: 'slipway:created-by-task', value: 'mock-task-id' },
      ]),
    });
    expect(outputs()).toMatchObject({
      serviceName: 'orders',
      serviceArn,
      clusterName: 'dev-cluster',
      taskDefinitionArn,
      initialDesiredCount: 0,
      created: true,
      url: 'https://orders.dev.example.com',
      basePath: '',
      targetGroupArn: group.TargetGroupArn,
      listenerRuleArn: rule.RuleArn,
      alarmNames: ['orders-dev-target-5xx', 'orders-dev-unhealthy-hosts'],
      consoleUrl:
        'https://eu-west-1.console.aws.amazon.com/ecs/v2/clusters/dev-cluster/services/orders?region=eu-west-1',
    });
  });

  it('runs in an environment of another account with that account’s client and execution role', async () => {
    activeClusterWithoutService();
    loadBalancers();
    fakeAlarms(cloudwatch);
    const { ctx } = runContext({ ...ordersInput, environment: 'partner' });

    await action.handler(ctx);

    // The template passes the pipeline account's role: the service runs with its own account's.
    expect(registered().executionRoleArn).toBe(
      'arn:aws:iam::210987654321:role/slipway/orders-ecs-task-execution',
    );
    const partnerEcs = await deps.clients.get(ECSClient, {
      accountId: '210987654321',
      region: 'eu-west-1',
    });
    expect(ecs.calls().every(call => call.thisValue === partnerEcs)).toBe(true);
    expect(ecs.commandCalls(CreateServiceCommand)).toHaveLength(1);
  });

  it('points the alarms of a service in another account at an alert topic of that account, created with its credentials', async () => {
    activeClusterWithoutService();
    loadBalancers();
    const alarms = fakeAlarms(cloudwatch);
    sns
      .on(GetTopicAttributesCommand)
      .rejects(awsError('NotFoundException', 'Topic does not exist'));
    const partnerTopic = 'arn:aws:sns:eu-west-1:210987654321:orders-alerts';
    sns.on(CreateTopicCommand).resolves({ TopicArn: partnerTopic });
    sns.on(ListSubscriptionsByTopicCommand).resolves({ Subscriptions: [] });
    sns.on(SubscribeCommand).resolves({ SubscriptionArn: 'pending' });
    // The template passes the pipeline account's topic to every environment.
    const { ctx } = runContext({
      ...ordersInput,
      environment: 'partner',
      alarmTopicArn: topicArn,
    });

    await action.handler(ctx);

    expect(sns).toHaveReceivedCommandWith(CreateTopicCommand, {
      Name: 'orders-alerts',
      Tags: expect.arrayContaining([
        { Key: 'slipway:environment', Value: 'partner' },
      ]),
    });
    const policy = JSON.parse(
      sns.commandCalls(CreateTopicCommand)[0].args[0].input.Attributes!.Policy,
    );
    expect(
      policy.Statement.map((st: any) => [
        st.Resource,
        st.Condition.StringEquals['aws:SourceAccount'],
      ]),
    ).toEqual([
      [partnerTopic, '210987654321'],
      [partnerTopic, '210987654321'],
    ]);
    expect(sns).toHaveReceivedCommandWith(SubscribeCommand, {
      TopicArn: partnerTopic,
      Protocol: 'email',
      Endpoint: 'oncall@example.com',
    });
    const partnerSns = await deps.clients.get(SNSClient, {
      accountId: '210987654321',
      region: 'eu-west-1',
    });
    expect(sns.calls().every(call => call.thisValue === partnerSns)).toBe(true);
    expect(alarms.get('orders-partner-target-5xx')).toMatchObject({
      AlarmActions: [partnerTopic],
    });
  });

  it('plans the alert topic of another account on a dry run', async () => {
    const { ctx, outputs } = runContext(
      { ...ordersInput, environment: 'partner', alarmTopicArn: topicArn },
      { isDryRun: true },
    );

    await action.handler(ctx);

    expect(outputs().plan[0]).toBe(
      "Create the alert topic 'orders-alerts' in account 210987654321 (eu-west-1) with this account's credentials, or reuse it (the alarms cannot notify a topic of another account); subscribe oncall@example.com",
    );
    expect(sns.calls()).toHaveLength(0);
  });

  describe('alertEmails (the owner’s) on the alert topic of another account', () => {
    const partnerTopic = 'arn:aws:sns:eu-west-1:210987654321:orders-alerts';
    const ownerEmail = 'payments-team@example.com';
    /** The template passes the pipeline account's topic and the owner group's e-mail to every environment. */
    const partnerWithOwner = {
      ...ordersInput,
      environment: 'partner',
      alarmTopicArn: topicArn,
      alertEmails: [ownerEmail],
    };
    const subscribed = () =>
      sns
        .commandCalls(SubscribeCommand)
        .map(call => [
          call.args[0].input.TopicArn,
          call.args[0].input.Endpoint,
        ]);

    /** The partner account's topic exists (an earlier run) with these e-mail subscriptions. */
    function partnerTopicWith(emails: string[]) {
      activeClusterWithoutService();
      loadBalancers();
      fakeAlarms(cloudwatch);
      sns.on(GetTopicAttributesCommand).resolves({
        Attributes: {
          Policy: alertTopicPolicy(partnerTopic, '210987654321'),
        },
      });
      sns.on(ListTopicTagsCommand).resolves({
        Tags: [
          { Key: 'slipway:component', Value: 'default/orders' },
          { Key: 'slipway:owner', Value: 'group:default/payments' },
          { Key: 'slipway:managed-by', Value: 'backstage' },
        ],
      });
      sns.on(ListSubscriptionsByTopicCommand).resolves({
        Subscriptions: emails.map((email, i) => ({
          Protocol: 'email',
          Endpoint: email,
          SubscriptionArn: i ? 'PendingConfirmation' : `${partnerTopic}:1`,
        })),
      });
      sns.on(SubscribeCommand).resolves({ SubscriptionArn: 'pending' });
    }

    it('subscribes them with the environment’s alerts.emails, each address once whatever its case', async () => {
      partnerTopicWith([]);

      await action.handler(
        runContext({
          ...partnerWithOwner,
          alertEmails: [ownerEmail, 'ONCALL@example.com', '', ownerEmail],
        }).ctx,
      );

      expect(subscribed()).toEqual([
        [partnerTopic, ownerEmail],
        [partnerTopic, 'ONCALL@example.com'],
      ]);
    });

    it('subscribes no address again on a re-run, confirmed or pending', async () => {
      partnerTopicWith(['oncall@example.com', ownerEmail]);
      const { ctx, logger } = runContext(partnerWithOwner);

      await action.handler(ctx);

      expect(subscribed()).toEqual([]);
      expect(logger.info).toHaveBeenCalledWith(
        `${ownerEmail} is already subscribed to ${partnerTopic}`,
      );
    });

    it('adds only the owner’s address to a topic an earlier run subscribed alerts.emails to', async () => {
      partnerTopicWith(['oncall@example.com']);

      await action.handler(runContext(partnerWithOwner).ctx);

      expect(subscribed()).toEqual([[partnerTopic, ownerEmail]]);
    });

    it('plans them on a dry run', async () => {
      const { ctx, outputs } = runContext(partnerWithOwner, {
        isDryRun: true,
      });

      await action.handler(ctx);

      expect(outputs().plan[0]).toMatch(
        new RegExp(`; subscribe ${ownerEmail}, oncall@example\\.com$`),
      );
      expect(sns.calls()).toHaveLength(0);
    });

    it('leaves them to slipway:alerts:create when the topic is in the environment’s account', async () => {
      activeClusterWithoutService();
      loadBalancers();
      fakeAlarms(cloudwatch);

      await action.handler(
        runContext({ ...partnerWithOwner, environment: 'dev' }).ctx,
      );

      expect(sns.calls()).toHaveLength(0);
    });
  });

  it('makes no SNS call when the topic is in the environment’s account', async () => {
    activeClusterWithoutService();
    loadBalancers();
    fakeAlarms(cloudwatch);

    await action.handler(
      runContext({ ...ordersInput, alarmTopicArn: topicArn }).ctx,
    );

    expect(sns.calls()).toHaveLength(0);
  });

  it('routes a path in path mode: SCRIPT_NAME and health checks under the base path', async () => {
    activeClusterWithoutService();
    const balancer = loadBalancers();
    fakeAlarms(cloudwatch);
    const { ctx, outputs } = runContext({
      ...ordersInput,
      environment: 'prod',
    });

    await action.handler(ctx);

    expect(balancer.targetGroups()[0]).toMatchObject({
      TargetGroupName: 'orders-prod',
      HealthCheckPath: '/services/orders/health',
    });
    expect(balancer.rules(prodListener)[0].Conditions).toEqual([
      {
        Field: 'path-pattern',
        PathPatternConfig: {
          Values: ['/services/orders', '/services/orders/*'],
        },
      },
    ]);
    const container = registered().containerDefinitions![0];
    expect(registered().family).toBe('orders-prod');
    expect(container.environment).toEqual([
      { name: 'SCRIPT_NAME', value: '/services/orders' },
    ]);
    expect(container.healthCheck!.command![1]).toContain(
      'http://localhost:8080/services/orders/health',
    );
    expect(outputs()).toMatchObject({
      url: 'http://prod-2b.us-east-1.elb.amazonaws.com/services/orders',
      basePath: '/services/orders',
    });
  });

  it('gives two services in one environment their own priority and host', async () => {
    activeClusterWithoutService();
    const balancer = loadBalancers();
    fakeAlarms(cloudwatch);

    await action.handler(runContext(ordersInput).ctx);
    const billing = runContext({
      ...ordersInput,
      component: 'billing',
      repositoryUri: repositoryUri.replace('orders', 'billing'),
    });
    await action.handler(billing.ctx);

    expect(
      balancer
        .rules(devListener)
        .map(rule => [
          rule.Priority,
          rule.Conditions![0].HostHeaderConfig!.Values,
          rule.Actions![0].TargetGroupArn!.split('/')[1],
        ]),
    ).toEqual([
      ['1', ['orders.dev.example.com'], 'orders-dev'],
      ['2', ['billing.dev.example.com'], 'billing-dev'],
    ]);
    expect(billing.outputs().url).toBe('https://billing.dev.example.com');
  });

  it('starts desiredCount tasks at once when an existing image is given', async () => {
    activeClusterWithoutService();
    loadBalancers();
    fakeAlarms(cloudwatch);
    const { ctx, outputs } = runContext({
      ...ordersInput,
      image: `${repositoryUri}:1.0.0`,
      desiredCount: 2,
    });

    await action.handler(ctx);

    expect(createdService().desiredCount).toBe(2);
    expect(registered().containerDefinitions![0].image).toBe(
      `${repositoryUri}:1.0.0`,
    );
    expect(outputs().initialDesiredCount).toBe(2);
  });

  it('puts a CODE_DEPLOY service behind the given blue target group from the workspace taskdef.json, creating no routing', async () => {
    activeClusterWithoutService();
    loadBalancers();
    fakeAlarms(cloudwatch);
    const workspace = createMockDirectory({
      content: {
        'taskdef.json': JSON.stringify({
          taskDefinitionArn: 'ignored',
          family: 'ignored',
          cpu: '512',
          memory: '1024',
          containerDefinitions: [
            {
              name: 'orders',
              image: '<IMAGE1_NAME>',
              portMappings: [{ containerPort: 8080 }],
              environment: [{ name: 'LOG_LEVEL', value: 'info' }],
            },
          ],
        }),
      },
    });
    const { ctx, outputs } = runContext(
      {
        ...ordersInput,
        environment: 'prod',
        taskDefinitionFile: 'taskdef.json',
        deploymentController: 'codedeploy',
        targetGroupArn: blueTargetGroup,
      },
      { workspacePath: workspace.path },
    );

    await action.handler(ctx);

    expect(registered()).toMatchObject({
      family: 'orders-prod',
      cpu: '512',
      networkMode: 'awsvpc',
      executionRoleArn,
    });
    expect(registered()).not.toHaveProperty('taskDefinitionArn');
    expect(registered().containerDefinitions![0]).toMatchObject({
      image: `${repositoryUri}:latest`,
      environment: [
        { name: 'LOG_LEVEL', value: 'info' },
        { name: 'SCRIPT_NAME', value: '/services/orders' },
      ],
      logConfiguration: expect.objectContaining({ logDriver: 'awslogs' }),
    });
    expect(createdService()).toMatchObject({
      deploymentController: { type: 'CODE_DEPLOY' },
      loadBalancers: [
        {
          targetGroupArn: blueTargetGroup,
          containerName: 'orders',
          containerPort: 8080,
        },
      ],
    });
    expect(createdService().deploymentConfiguration).toBeUndefined();
    expect(elb).not.toHaveReceivedCommand(CreateTargetGroupCommand);
    expect(elb).not.toHaveReceivedCommand(CreateRuleCommand);
    expect(cloudwatch).not.toHaveReceivedCommand(PutMetricAlarmCommand);
    expect(outputs()).toMatchObject({
      url: 'http://prod-2b.us-east-1.elb.amazonaws.com/services/orders',
      basePath: '/services/orders',
      targetGroupArn: blueTargetGroup,
      alarmNames: [],
    });
    expect(outputs()).not.toHaveProperty('listenerRuleArn');
  });

  it('converges on a re-run: reuses target group, rule, alarms and service, creating nothing', async () => {
    activeClusterWithoutService();
    const balancer = loadBalancers();
    fakeAlarms(cloudwatch);
    await action.handler(runContext(ordersInput).ctx);
    const first = createdService();
    ecs.reset();
    elb.resetHistory();
    cloudwatch.resetHistory();
    logs.reset();
    activeClusterWithoutService();
    ecs
      .on(DescribeServicesCommand)
      .resolves({ services: [serviceAsCreated(first)] });
    const { ctx, logger, outputs } = runContext(ordersInput);

    await action.handler(ctx);

    expect(mutatingCalls(ecs, logs, elb, cloudwatch)).toEqual([]);
    expect(logger.warn).not.toHaveBeenCalled();
    expect(balancer.rules(devListener)).toHaveLength(1);
    expect(outputs()).toMatchObject({
      serviceArn,
      created: false,
      url: 'https://orders.dev.example.com',
      listenerRuleArn: balancer.rules(devListener)[0].RuleArn,
    });
  });

  it('scales its own zero-task service once re-run with an image', async () => {
    activeClusterWithoutService();
    loadBalancers();
    fakeAlarms(cloudwatch);
    await action.handler(runContext(ordersInput).ctx);
    const first = createdService();
    ecs
      .on(DescribeServicesCommand)
      .resolves({ services: [serviceAsCreated(first)] });
    ecs.on(RegisterTaskDefinitionCommand).resolves({
      taskDefinition: {
        taskDefinitionArn: `${taskDefinitionArn.slice(0, -1)}2`,
      },
    });
    ecs.on(UpdateServiceCommand).resolves({});

    await action.handler(
      runContext({ ...ordersInput, image: `${repositoryUri}:1.0.0` }).ctx,
    );

    expect(ecs).toHaveReceivedCommandWith(UpdateServiceCommand, {
      service: 'orders',
      desiredCount: 1,
      taskDefinition:
        'arn:aws:ecs:eu-west-1:123456789012:task-definition/orders-dev:2',
    });
  });

  it('reports how its own service differs and changes nothing', async () => {
    activeClusterWithoutService();
    loadBalancers();
    fakeAlarms(cloudwatch);
    await action.handler(runContext(ordersInput).ctx);
    const first = createdService();
    ecs.on(DescribeServicesCommand).resolves({
      services: [
        serviceAsCreated(first, {
          launchType: 'EC2',
          loadBalancers: [],
          deploymentConfiguration: {},
        }),
      ],
    });
    ecs.resetHistory();
    const { ctx, logger } = runContext({
      ...ordersInput,
      image: `${repositoryUri}:1.0.0`,
    });

    await action.handler(ctx);

    expect(mutatingCalls(ecs)).toEqual([]);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        "The ECS service 'orders' already exists in account 123456789012 (eu-west-1) and differs from what was requested: its launch type is EC2 (requested FARGATE); it is not behind the target group",
      ),
    );
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        "its deployments do not roll back on the alarm 'orders-dev-target-5xx'",
      ),
    );
  });

  it('refuses a service of the same name that is not this component’s, removing what the run created', async () => {
    activeClusterWithoutService();
    const balancer = loadBalancers();
    const alarms = fakeAlarms(cloudwatch);
    ecs.on(DescribeServicesCommand).resolves({
      services: [
        {
          serviceName: 'orders',
          serviceArn,
          status: 'ACTIVE',
          launchType: 'FARGATE',
          tags: [{ key: 'team', value: 'shipping' }],
        },
      ],
    });
    const { ctx } = runContext(ordersInput);

    const run = action.handler(ctx);

    await expect(run).rejects.toThrow(ConflictError);
    await expect(run).rejects.toThrow(
      "The ECS service 'orders' already exists in account 123456789012 (eu-west-1) and does not belong to 'default/orders'",
    );
    expect(mutatingCalls(ecs, logs)).toEqual([]);
    expect(alarms.names()).toEqual([]);
    expect(balancer.rules(devListener)).toEqual([]);
    expect(balancer.targetGroups()).toEqual([]);
  });

  it('refuses a task definition family tagged for another owner, registering no revision in it', async () => {
    activeClusterWithoutService();
    loadBalancers();
    fakeAlarms(cloudwatch);
    ecs.on(DescribeTaskDefinitionCommand).resolves({
      taskDefinition: {
        taskDefinitionArn:
          'arn:aws:ecs:eu-west-1:123456789012:task-definition/orders-dev:7',
        family: 'orders-dev',
      },
      tags: [
        { key: 'slipway:component', value: 'default/orders' },
        { key: 'slipway:owner', value: 'group:default/shipping' },
        { key: 'slipway:managed-by', value: 'backstage' },
      ],
    });
    const { ctx } = runContext(ordersInput);

    const run = action.handler(ctx);

    await expect(run).rejects.toThrow(
      "The task definition family 'orders-dev' already exists in account 123456789012 (eu-west-1) and does not belong to 'default/orders' (owner group:default/payments): it is owned by 'group:default/shipping'",
    );
    expect(ecs).toHaveReceivedCommandWith(DescribeTaskDefinitionCommand, {
      taskDefinition: 'orders-dev',
      include: ['TAGS'],
    });
    expect(ecs).not.toHaveReceivedCommand(RegisterTaskDefinitionCommand);
    expect(ecs).not.toHaveReceivedCommand(CreateServiceCommand);
  });

  it('refuses a target group of the same name that is not this component’s', async () => {
    activeClusterWithoutService();
    const balancer = loadBalancers();
    fakeAlarms(cloudwatch);
    await action.handler(
      runContext({ ...ordersInput, owner: 'group:default/shipping' }).ctx,
    );
    const { ctx } = runContext(ordersInput);

    const run = action.handler(ctx);

    await expect(run).rejects.toThrow(ConflictError);
    await expect(run).rejects.toThrow(
      "The target group 'orders-dev' already exists in account 123456789012 (eu-west-1) and does not belong to 'default/orders' (owner group:default/payments): it is owned by 'group:default/shipping'",
    );
    expect(balancer.rules(devListener)).toHaveLength(1);
  });

  it('tags its own service with the URL when the tag is missing', async () => {
    activeClusterWithoutService();
    loadBalancers();
    fakeAlarms(cloudwatch);
    await action.handler(runContext(ordersInput).ctx);
    const first = createdService();
    ecs.on(DescribeServicesCommand).resolves({
      services: [
        serviceAsCreated(first, {
          tags: first.tags!.filter(t => t.key !== 'slipway:url'),
        }),
      ],
    });
    ecs.on(TagResourceCommand).resolves({});

    await action.handler(runContext(ordersInput).ctx);

    expect(ecs).toHaveReceivedCommandWith(TagResourceCommand, {
      resourceArn: serviceArn,
      tags: [{ key: 'slipway:url', value: 'https://orders.dev.example.com' }],
    });
  });

  it('fails with the config key when the cluster does not exist', async () => {
    ecs
      .on(DescribeClustersCommand)
      .resolves({ clusters: [], failures: [{ reason: 'MISSING' }] });
    const { ctx } = runContext(ordersInput);

    const run = action.handler(ctx);

    await expect(run).rejects.toThrow(NotFoundError);
    await expect(run).rejects.toThrow(
      "The ECS cluster 'dev-cluster' named by slipway.environments.dev.cluster does not exist in account 123456789012 (eu-west-1)",
    );
    expect(mutatingCalls(ecs, logs, elb, cloudwatch)).toEqual([]);
  });

  it.each([
    [
      'a CODE_DEPLOY service without target group',
      { deploymentController: 'codedeploy' },
    ],
    [
      'a rolling service with a target group',
      { targetGroupArn: blueTargetGroup },
    ],
    ['a hostile component name', { component: 'x;rm -rf /' }],
    ['a component name that climbs directories', { component: '../etc' }],
    ['an unknown environment', { environment: 'nowhere' }],
  ])('refuses %s before any AWS call', async (_case, change) => {
    for (const isDryRun of [true, false]) {
      const { ctx } = runContext({ ...ordersInput, ...change }, { isDryRun });

      await expect(action.handler(ctx)).rejects.toThrow(InputError);
    }
    expect([
      ...ecs.calls(),
      ...logs.calls(),
      ...elb.calls(),
      ...cloudwatch.calls(),
    ]).toHaveLength(0);
  });

  it('names the missing load balancer key at dry run and at run time', async () => {
    for (const isDryRun of [true, false]) {
      const { ctx } = runContext(
        { ...ordersInput, environment: 'sandbox' },
        { isDryRun },
      );

      const run = action.handler(ctx);

      await expect(run).rejects.toThrow(InputError);
      await expect(run).rejects.toThrow(
        'slipway.environments.sandbox.loadBalancer is not set',
      );
    }
    expect(ecs.calls()).toHaveLength(0);
  });

  it('plans target group, rule, alarms and service on a dry run without calling AWS', async () => {
    const { ctx, outputs } = runContext(ordersInput, { isDryRun: true });

    await action.handler(ctx);

    expect([
      ...ecs.calls(),
      ...logs.calls(),
      ...elb.calls(),
      ...cloudwatch.calls(),
    ]).toHaveLength(0);
    expect(outputs().plan).toEqual(
      expect.arrayContaining([
        expect.stringContaining(
          "Create the target group 'orders-dev' (HTTP 8080, ip targets, health check /health, VPC vpc-0d4)",
        ),
        expect.stringContaining(
          `Add a rule routing host orders.dev.example.com to 'orders-dev' on the listener ${devListener} (lowest free priority), unless one forwards to it already; the service answers on http(s)://orders.dev.example.com`,
        ),
        expect.stringContaining(
          "Create the alarms 'orders-dev-target-5xx' (5 or more target 5xx a minute, 2 minutes) and 'orders-dev-unhealthy-hosts'",
        ),
        expect.stringContaining(
          "Create the Fargate service 'orders' with the ECS deployment controller (circuit breaker and the alarms, with rollback), 0 task(s), behind 'orders-dev'",
        ),
      ]),
    );
    expect(outputs()).toMatchObject({
      url: 'http(s)://orders.dev.example.com',
      basePath: '',
      alarmNames: ['orders-dev-target-5xx', 'orders-dev-unhealthy-hosts'],
      created: false,
    });
  });

  it('deletes the alarms, rule, target group, task definition and log group it created when the service cannot be created', async () => {
    activeClusterWithoutService();
    const balancer = loadBalancers();
    const alarms = fakeAlarms(cloudwatch);
    ecs
      .on(CreateServiceCommand)
      .rejects(
        awsError('InvalidParameterException', 'Subnet subnet-0a1 not found.'),
      );
    ecs.on(DeregisterTaskDefinitionCommand).resolves({});
    ecs.on(DeleteTaskDefinitionsCommand).resolves({});
    logs.on(DeleteLogGroupCommand).resolves({});
    logs.on(ListTagsForResourceCommand).resolves({ tags: {} });
    const { ctx } = runContext(ordersInput);

    await expect(action.handler(ctx)).rejects.toThrow(
      "Could not create the ECS service 'orders' in account 123456789012 (eu-west-1): AWS rejected the request (InvalidParameterException: Subnet subnet-0a1 not found.)",
    );
    expect(ecs).toHaveReceivedCommandWith(DeregisterTaskDefinitionCommand, {
      taskDefinition: taskDefinitionArn,
    });
    expect(logs).toHaveReceivedCommandWith(DeleteLogGroupCommand, {
      logGroupName: '/slipway/orders/dev/ecs',
    });
    expect(alarms.names()).toEqual([]);
    expect(balancer.rules(devListener)).toEqual([]);
    expect(balancer.targetGroups()).toEqual([]);
  });
});
