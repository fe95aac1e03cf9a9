import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import {
  CodeDeployClient,
  CreateApplicationCommand,
  CreateDeploymentGroupCommand,
  CreateDeploymentGroupCommandInput,
  DeleteApplicationCommand,
  GetApplicationCommand,
  GetDeploymentGroupCommand,
  ListTagsForResourceCommand,
} from '@aws-sdk/client-codedeploy';
import { DescribeServicesCommand, ECSClient } from '@aws-sdk/client-ecs';
import {
  CreateTargetGroupCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  CreateTopicCommand,
  GetTopicAttributesCommand,
  ListSubscriptionsByTopicCommand,
  SNSClient,
  SubscribeCommand,
} from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import {
  accessDenied,
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
import { createCodedeployCreateBlueGreenAction } from './codedeploy-create-blue-green';

const elb = mockClient(ElasticLoadBalancingV2Client);
const cloudwatch = mockClient(CloudWatchClient);
const codedeploy = mockClient(CodeDeployClient);
const ecs = mockClient(ECSClient);
const sns = mockClient(SNSClient);
const action = createCodedeployCreateBlueGreenAction(deps);

const ordersInput = {
  component: 'orders',
  owner: 'group:default/payments',
  environment: 'dev',
};
const codeDeployRoleArn =
  'arn:aws:iam::123456789012:role/slipway/orders-codedeploy';
const withService = {
  ...ordersInput,
  serviceName: 'orders',
  serviceRoleArn: codeDeployRoleArn,
};
const { productionListenerArn, testListenerArn } = devEnvironment.loadBalancer;
const prodListener = prodEnvironment.loadBalancer.productionListenerArn;
const ordersAlarms = [
  'orders-dev-b-target-5xx',
  'orders-dev-b-unhealthy-hosts',
  'orders-dev-g-target-5xx',
  'orders-dev-g-unhealthy-hosts',
];

/** dev: HTTPS production listener and an HTTP test listener; prod: HTTP, path routing. */
function loadBalancers(): FakeLoadBalancer {
  const dev = {
    loadBalancerArn:
      'arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/dev/1a',
    dnsName: 'dev-1a.eu-west-1.elb.amazonaws.com',
  };
  return fakeLoadBalancer(elb, [
    { ...dev, arn: productionListenerArn, protocol: 'HTTPS', port: 443 },
    { ...dev, arn: testListenerArn, protocol: 'HTTP', port: 8080 },
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

/** CodeDeploy applications and deployment groups, in memory. */
function fakeCodeDeploy() {
  const applications = new Set<string>();
  const groups = new Map<string, CreateDeploymentGroupCommandInput>();
  codedeploy.on(GetApplicationCommand).callsFake(({ applicationName }) => {
    if (!applications.has(applicationName)) {
      throw awsError('ApplicationDoesNotExistException', 'No application');
    }
    return { application: { applicationName, computePlatform: 'ECS' } };
  });
  codedeploy.on(CreateApplicationCommand).callsFake(({ applicationName }) => {
    applications.add(applicationName);
    return { applicationId: 'app-1' };
  });
  codedeploy.on(DeleteApplicationCommand).callsFake(({ applicationName }) => {
    applications.delete(applicationName);
    return {};
  });
  codedeploy
    .on(GetDeploymentGroupCommand)
    .callsFake(({ deploymentGroupName }) => {
      const group = groups.get(deploymentGroupName);
      if (!group) {
        throw awsError('DeploymentGroupDoesNotExistException', 'No group');
      }
      return { deploymentGroupInfo: group };
    });
  codedeploy.on(CreateDeploymentGroupCommand).callsFake(input => {
    groups.set(input.deploymentGroupName, input);
    return { deploymentGroupId: 'dg-1' };
  });
  return { applications, groups };
}

function serviceExists() {
  ecs
    .on(DescribeServicesCommand)
    .resolves({ services: [{ serviceName: 'orders', status: 'ACTIVE' }] });
}

beforeEach(() => {
  elb.reset();
  cloudwatch.reset();
  codedeploy.reset();
  ecs.reset();
  sns.reset();
  codedeploy.on(ListTagsForResourceCommand).resolves({
    Tags: [
      { Key: 'slipway:component', Value: 'default/orders' },
      { Key: 'slipway:owner', Value: 'group:default/payments' },
      { Key: 'slipway:managed-by', Value: 'backstage' },
    ],
  });
});

describe('slipway:codedeploy:create-blue-green', () => {
  it('first run: target groups, the service’s host rule on both listeners to blue, alarms and the application, but no deployment group', async () => {
    const balancer = loadBalancers();
    const alarms = fakeAlarms(cloudwatch);
    const deploy = fakeCodeDeploy();
    const { ctx, outputs } = runContext(ordersInput);

    await action.handler(ctx);

    expect(elb).toHaveReceivedCommandWith(CreateTargetGroupCommand, {
      Name: 'orders-dev-b',
      Protocol: 'HTTP',
      Port: 8080,
      VpcId: 'vpc-0d4',
      TargetType: 'ip',
      HealthCheckPath: '/health',
      Tags: expect.arrayContaining([
        { Key: 'slipway:component', Value: 'default/orders' },
        { Key: 'slipway:created-by-task', Value: 'mock-task-id' },
      ]),
    });
    const [blue, green] = balancer.targetGroups();
    expect([blue.TargetGroupName, green.TargetGroupName]).toEqual([
      'orders-dev-b',
      'orders-dev-g',
    ]);
    for (const listener of [productionListenerArn, testListenerArn]) {
      const [rule] = balancer.rules(listener);
      expect(rule).toMatchObject({
        Priority: '1',
        Conditions: [
          {
            Field: 'host-header',
            HostHeaderConfig: { Values: ['orders.dev.example.com'] },
          },
        ],
        Actions: [{ Type: 'forward', TargetGroupArn: blue.TargetGroupArn }],
      });
      expect(balancer.tagsOf(rule.RuleArn!)).toMatchObject({
        'slipway:component': 'default/orders',
      });
    }
    expect(alarms.names()).toEqual(ordersAlarms);
    expect(deploy.applications).toEqual(new Set(['orders-dev']));
    expect(codedeploy).not.toHaveReceivedCommand(CreateDeploymentGroupCommand);
    expect(outputs()).toMatchObject({
      blueTargetGroupArn: blue.TargetGroupArn,
      greenTargetGroupArn: green.TargetGroupArn,
      productionListenerRuleArn: balancer.rules(productionListenerArn)[0]
        .RuleArn,
      testListenerRuleArn: balancer.rules(testListenerArn)[0].RuleArn,
      url: 'https://orders.dev.example.com',
      basePath: '',
      alarmNames: ordersAlarms,
      applicationName: 'orders-dev',
      deploymentGroupReady: false,
    });
  });

  it('routes a path in path mode, health checks under it', async () => {
    const balancer = loadBalancers();
    fakeAlarms(cloudwatch);
    fakeCodeDeploy();
    const { ctx, outputs } = runContext({
      ...ordersInput,
      environment: 'prod',
    });

    await action.handler(ctx);

    expect(
      balancer.targetGroups().map(g => [g.TargetGroupName, g.HealthCheckPath]),
    ).toEqual([
      ['orders-prod-b', '/services/orders/health'],
      ['orders-prod-g', '/services/orders/health'],
    ]);
    expect(balancer.rules(prodListener)[0].Conditions).toEqual([
      {
        Field: 'path-pattern',
        PathPatternConfig: {
          Values: ['/services/orders', '/services/orders/*'],
        },
      },
    ]);
    expect(outputs()).toMatchObject({
      url: 'http://prod-2b.us-east-1.elb.amazonaws.com/services/orders',
      basePath: '/services/orders',
    });
    expect(outputs()).not.toHaveProperty('testListenerRuleArn');
  });

  it('gives two services in one environment their own priority and host on each listener', async () => {
    const balancer = loadBalancers();
    fakeAlarms(cloudwatch);
    fakeCodeDeploy();

    await action.handler(runContext(ordersInput).ctx);
    await action.handler(
      runContext({ ...ordersInput, component: 'billing' }).ctx,
    );

    for (const listener of [productionListenerArn, testListenerArn]) {
      expect(
        balancer
          .rules(listener)
          .map(rule => [
            rule.Priority,
            rule.Conditions![0].HostHeaderConfig!.Values![0],
            rule.Actions![0].TargetGroupArn!.split('/')[1],
          ]),
      ).toEqual([
        ['1', 'orders.dev.example.com', 'orders-dev-b'],
        ['2', 'billing.dev.example.com', 'billing-dev-b'],
      ]);
    }
  });

  it('second run with the service: the deployment group rolls back on the blue and green alarms', async () => {
    loadBalancers();
    fakeAlarms(cloudwatch);
    fakeCodeDeploy();
    serviceExists();
    await action.handler(runContext(ordersInput).ctx);
    elb.resetHistory();
    cloudwatch.resetHistory();
    const { ctx, outputs } = runContext({
      ...withService,
      strategy: 'canary10Percent5Minutes',
      terminateBlueAfterMinutes: 15,
    });

    await action.handler(ctx);

    expect(mutatingCalls(elb, cloudwatch)).toEqual([]);
    expect(codedeploy).toHaveReceivedCommandWith(CreateDeploymentGroupCommand, {
      applicationName: 'orders-dev',
      deploymentGroupName: 'orders-dev',
      serviceRoleArn: codeDeployRoleArn,
      deploymentConfigName: 'CodeDeployDefault.ECSCanary10Percent5Minutes',
      deploymentStyle: {
        deploymentType: 'BLUE_GREEN',
        deploymentOption: 'WITH_TRAFFIC_CONTROL',
      },
      blueGreenDeploymentConfiguration: {
        terminateBlueInstancesOnDeploymentSuccess: {
          action: 'TERMINATE',
          terminationWaitTimeInMinutes: 15,
        },
        deploymentReadyOption: { actionOnTimeout: 'CONTINUE_DEPLOYMENT' },
      },
      loadBalancerInfo: {
        targetGroupPairInfoList: [
          {
            targetGroups: [{ name: 'orders-dev-b' }, { name: 'orders-dev-g' }],
            prodTrafficRoute: { listenerArns: [productionListenerArn] },
            testTrafficRoute: { listenerArns: [testListenerArn] },
          },
        ],
      },
      ecsServices: [{ clusterName: 'dev-cluster', serviceName: 'orders' }],
      alarmConfiguration: {
        enabled: true,
        ignorePollAlarmFailure: false,
        alarms: ordersAlarms.map(name => ({ name })),
      },
      autoRollbackConfiguration: {
        enabled: true,
        events: ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM'],
      },
    });
    expect(outputs()).toMatchObject({
      deploymentGroupReady: true,
      alarmNames: ordersAlarms,
    });
  });

  it('re-run converges: everything exists as requested, nothing is created', async () => {
    loadBalancers();
    fakeAlarms(cloudwatch);
    fakeCodeDeploy();
    serviceExists();
    await action.handler(runContext(withService).ctx);
    elb.resetHistory();
    cloudwatch.resetHistory();
    codedeploy.resetHistory();
    const { ctx, logger } = runContext(withService);

    await action.handler(ctx);

    expect(mutatingCalls(elb, cloudwatch, codedeploy, ecs)).toEqual([]);
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it('reports a target group and deployment group that differ', async () => {
    const balancer = loadBalancers();
    fakeAlarms(cloudwatch);
    const deploy = fakeCodeDeploy();
    serviceExists();
    await action.handler(runContext(withService).ctx);
    balancer.targetGroups()[0].Port = 80;
    deploy.groups.get('orders-dev')!.alarmConfiguration = { enabled: false };
    elb.resetHistory();
    codedeploy.resetHistory();
    const { ctx, logger } = runContext({
      ...withService,
      strategy: 'linear10PercentEvery1Minutes',
    });

    await action.handler(ctx);

    expect(mutatingCalls(elb, codedeploy)).toEqual([]);
    const warnings = logger.warn.mock.calls.map(c => c[0]);
    expect(warnings).toEqual(
      expect.arrayContaining([
        expect.stringContaining(
          "The target group 'orders-dev-b' already exists in account 123456789012 (eu-west-1) and differs from what was requested: its port is 80 (requested 8080)",
        ),
        expect.stringContaining(
          "The deployment group 'orders-dev' already exists in account 123456789012 (eu-west-1) and differs from what was requested: its deployment configuration is CodeDeployDefault.ECSAllAtOnce (requested CodeDeployDefault.ECSLinear10PercentEvery1Minutes); it does not roll back on the alarm 'orders-dev-b-target-5xx'",
        ),
      ]),
    );
  });

  it('refuses the host of another owner’s rule', async () => {
    const balancer = loadBalancers();
    fakeAlarms(cloudwatch);
    fakeCodeDeploy();
    balancer.addRule(
      productionListenerArn,
      {
        RuleArn: `${productionListenerArn}/theirs`,
        Priority: '3',
        Conditions: [
          {
            Field: 'host-header',
            HostHeaderConfig: { Values: ['orders.dev.example.com'] },
          },
        ],
        Actions: [{ Type: 'forward', TargetGroupArn: 'tg-theirs' }],
      },
      [{ Key: 'slipway:component', Value: 'other/orders' }],
    );
    const { ctx } = runContext(ordersInput);

    const run = action.handler(ctx);

    await expect(run).rejects.toThrow(ConflictError);
    await expect(run).rejects.toThrow(
      "already routes host orders.dev.example.com to tg-theirs (rule arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/dev/1a/80/theirs, priority 3; it belongs to the component 'other/orders'",
    );
    // What this run created before the clash is gone again.
    expect(balancer.targetGroups()).toEqual([]);
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
  });

  it.each([
    ['a hostile component name', { component: 'x;rm -rf /' }],
    ['a component name that climbs directories', { component: '../etc' }],
    ['an unknown environment', { environment: 'nowhere' }],
    ['a service without its CodeDeploy role', { serviceName: 'orders' }],
  ])('refuses %s before any AWS call', async (_case, change) => {
    for (const isDryRun of [true, false]) {
      const { ctx } = runContext({ ...ordersInput, ...change }, { isDryRun });

      await expect(action.handler(ctx)).rejects.toThrow(InputError);
    }
    expect([
      ...elb.calls(),
      ...cloudwatch.calls(),
      ...codedeploy.calls(),
      ...ecs.calls(),
    ]).toHaveLength(0);
  });

  describe('an environment in another account than the pipeline’s', () => {
    const partner = { accountId: '210987654321', region: 'eu-west-1' };
    const partnerTopic = 'arn:aws:sns:eu-west-1:210987654321:orders-alerts';
    const partnerCodeDeployRole =
      'arn:aws:iam::210987654321:role/slipway/orders-codedeploy';
    /** The template passes the pipeline account's topic and CodeDeploy role to every environment. */
    const homeTopic = 'arn:aws:sns:eu-west-1:123456789012:orders-alerts';
    const partnerInput = {
      ...ordersInput,
      environment: 'partner',
      alarmTopicArn: homeTopic,
    };

    function noPartnerTopicYet() {
      sns
        .on(GetTopicAttributesCommand)
        .rejects(awsError('NotFoundException', 'Topic does not exist'));
      sns.on(CreateTopicCommand).resolves({ TopicArn: partnerTopic });
      sns.on(ListSubscriptionsByTopicCommand).resolves({ Subscriptions: [] });
      sns.on(SubscribeCommand).resolves({ SubscriptionArn: 'pending' });
    }

    it('first run: creates this account’s alert topic with its credentials and points the alarms at it', async () => {
      loadBalancers();
      const alarms = fakeAlarms(cloudwatch);
      const deploy = fakeCodeDeploy();
      noPartnerTopicYet();

      await action.handler(runContext(partnerInput).ctx);

      expect(sns).toHaveReceivedCommandWith(CreateTopicCommand, {
        Name: 'orders-alerts',
        Tags: expect.arrayContaining([
          { Key: 'slipway:environment', Value: 'partner' },
        ]),
      });
      const policy = JSON.parse(
        sns.commandCalls(CreateTopicCommand)[0].args[0].input.Attributes!
          .Policy,
      );
      expect(
        policy.Statement.map((st: any) => [
          st.Principal,
          st.Resource,
          st.Condition.StringEquals['aws:SourceAccount'],
        ]),
      ).toEqual([
        [{ Service: 'events.amazonaws.com' }, partnerTopic, partner.accountId],
        [
          { Service: 'cloudwatch.amazonaws.com' },
          partnerTopic,
          partner.accountId,
        ],
      ]);
      expect(sns).toHaveReceivedCommandWith(SubscribeCommand, {
        TopicArn: partnerTopic,
        Protocol: 'email',
        Endpoint: 'oncall@example.com',
      });
      for (const name of ordersAlarms.map(a =>
        a.replace('-dev-', '-partner-'),
      )) {
        expect([name, alarms.get(name)?.AlarmActions]).toEqual([
          name,
          [partnerTopic],
        ]);
      }
      expect(deploy.applications).toEqual(new Set(['orders-partner']));
      // Every call went through the partner account's clients.
      for (const [Client, stub] of [
        [ElasticLoadBalancingV2Client, elb],
        [CloudWatchClient, cloudwatch],
        [CodeDeployClient, codedeploy],
        [SNSClient, sns],
      ] as const) {
        const client = await deps.clients.get(Client as any, partner);
        expect(stub.calls().length).toBeGreaterThan(0);
        expect(stub.calls().every(call => call.thisValue === client)).toBe(
          true,
        );
      }
    });

    it('second run: the deployment group runs with this account’s CodeDeploy role, not the pipeline account’s', async () => {
      loadBalancers();
      fakeAlarms(cloudwatch);
      fakeCodeDeploy();
      serviceExists();
      noPartnerTopicYet();

      await action.handler(
        runContext({
          ...partnerInput,
          serviceName: 'orders',
          serviceRoleArn: codeDeployRoleArn,
        }).ctx,
      );

      expect(codedeploy).toHaveReceivedCommandWith(
        CreateDeploymentGroupCommand,
        {
          applicationName: 'orders-partner',
          deploymentGroupName: 'orders-partner',
          serviceRoleArn: partnerCodeDeployRole,
          ecsServices: [{ clusterName: 'dev-cluster', serviceName: 'orders' }],
        },
      );
    });

    it('plans the alert topic and the role of that account on a dry run, without calling AWS', async () => {
      const { ctx, outputs } = runContext(
        {
          ...partnerInput,
          serviceName: 'orders',
          serviceRoleArn: codeDeployRoleArn,
        },
        { isDryRun: true },
      );

      await action.handler(ctx);

      const plan: string[] = outputs().plan;
      expect(plan[0]).toBe(
        "Create the alert topic 'orders-alerts' in account 210987654321 (eu-west-1) with this account's credentials, or reuse it (the alarms cannot notify a topic of another account); subscribe oncall@example.com",
      );
      expect(plan.find(line => line.startsWith('Create the alarms'))).toContain(
        `notifying ${partnerTopic}`,
      );
      expect(
        plan.find(line => line.startsWith('Create the deployment group')),
      ).toContain(`with the service role ${partnerCodeDeployRole}`);
      expect([
        ...elb.calls(),
        ...cloudwatch.calls(),
        ...codedeploy.calls(),
        ...ecs.calls(),
        ...sns.calls(),
      ]).toHaveLength(0);
    });
  });

  it('plans on a dry run without calling AWS', async () => {
    const { ctx, outputs } = runContext(
      {
        ...ordersInput,
        alarmTopicArn: 'arn:aws:sns:eu-west-1:123456789012:orders-alerts',
      },
      { isDryRun: true },
    );

    await action.handler(ctx);

    expect([
      ...elb.calls(),
      ...cloudwatch.calls(),
      ...codedeploy.calls(),
      ...ecs.calls(),
    ]).toHaveLength(0);
    expect(outputs().plan).toEqual(
      expect.arrayContaining([
        expect.stringContaining(
          "Create the target groups 'orders-dev-b' and 'orders-dev-g' in account 123456789012 (eu-west-1) (HTTP 8080, ip targets, health check /health, VPC vpc-0d4)",
        ),
        expect.stringContaining(
          `Add a rule routing host orders.dev.example.com to 'orders-dev-b' on ${productionListenerArn} and ${testListenerArn} (lowest free priority)`,
        ),
        expect.stringContaining(`Create the alarms ${ordersAlarms.join(', ')}`),
        expect.stringContaining(
          'notifying arn:aws:sns:eu-west-1:123456789012:orders-alerts',
        ),
        expect.stringContaining(
          'Skip the deployment group until the service exists',
        ),
      ]),
    );
    expect(outputs()).toMatchObject({
      url: 'http(s)://orders.dev.example.com',
      alarmNames: ordersAlarms,
      deploymentGroupReady: false,
    });
  });

  it('refuses to create the deployment group before the service exists', async () => {
    loadBalancers();
    fakeAlarms(cloudwatch);
    fakeCodeDeploy();
    ecs.on(DescribeServicesCommand).resolves({ services: [] });
    const { ctx } = runContext(withService);

    const run = action.handler(ctx);

    await expect(run).rejects.toThrow(NotFoundError);
    await expect(run).rejects.toThrow(
      "The ECS service 'orders' does not exist on the cluster 'dev-cluster'",
    );
  });

  it('deletes what it created in this run when the application cannot be created', async () => {
    const balancer = loadBalancers();
    const alarms = fakeAlarms(cloudwatch);
    fakeCodeDeploy();
    codedeploy
      .on(CreateApplicationCommand)
      .rejects(accessDenied('codedeploy:CreateApplication'));
    const { ctx } = runContext(ordersInput);

    await expect(action.handler(ctx)).rejects.toThrow(NotAllowedError);
    expect(alarms.names()).toEqual([]);
    expect(balancer.rules(productionListenerArn)).toEqual([]);
    expect(balancer.rules(testListenerArn)).toEqual([]);
    expect(balancer.targetGroups()).toEqual([]);
    expect(codedeploy).not.toHaveReceivedCommand(DeleteApplicationCommand);
  });

  it('refuses a CodeDeploy application of the same name that another team owns, and creates nothing', async () => {
    loadBalancers();
    fakeAlarms(cloudwatch);
    codedeploy.on(GetApplicationCommand).resolves({
      application: { applicationName: 'orders-dev', computePlatform: 'ECS' },
    });
    codedeploy.on(ListTagsForResourceCommand).resolves({
      Tags: [
        { Key: 'slipway:component', Value: 'default/orders' },
        { Key: 'slipway:owner', Value: 'group:default/billing' },
        { Key: 'slipway:managed-by', Value: 'backstage' },
      ],
    });
    const { ctx } = runContext(ordersInput);

    await expect(action.handler(ctx)).rejects.toThrow(
      "The CodeDeploy application 'orders-dev' already exists in account 123456789012 (eu-west-1) and does not belong to 'default/orders' (owner group:default/payments): it is owned by 'group:default/billing'",
    );
    expect(mutatingCalls(codedeploy)).toEqual([]);
  });
});
