import {
  CodeDeployClient,
  CreateApplicationCommand,
  CreateDeploymentGroupCommand,
  DeleteApplicationCommand,
  GetApplicationCommand,
  GetDeploymentGroupCommand,
} from '@aws-sdk/client-codedeploy';
import { DescribeServicesCommand, ECSClient } from '@aws-sdk/client-ecs';
import {
  CreateRuleCommand,
  CreateTargetGroupCommand,
  DeleteRuleCommand,
  DeleteTargetGroupCommand,
  DescribeRulesCommand,
  DescribeTagsCommand,
  DescribeTargetGroupsCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import {
  accessDenied,
  awsError,
  deps,
  devEnvironment,
  mutatingCalls,
  runContext,
} from '../__testUtils__/harness';
import { createCodedeployCreateBlueGreenAction } from './codedeploy-create-blue-green';

const elb = mockClient(ElasticLoadBalancingV2Client);
const codedeploy = mockClient(CodeDeployClient);
const ecs = mockClient(ECSClient);
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
const tgArn = (name: string) =>
  `arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/${name}/1`;
const { productionListenerArn, testListenerArn } = devEnvironment.loadBalancer;

function targetGroup(name: string, overrides: Record<string, unknown> = {}) {
  return {
    TargetGroupName: name,
    TargetGroupArn: tgArn(name),
    Port: 8080,
    VpcId: 'vpc-0d4',
    TargetType: 'ip' as const,
    HealthCheckPath: '/health',
    ...overrides,
  };
}

function nothingExists() {
  elb
    .on(DescribeTargetGroupsCommand)
    .rejects(
      awsError(
        'TargetGroupNotFoundException',
        'One or more target groups not found',
      ),
    );
  elb
    .on(CreateTargetGroupCommand)
    .callsFake(({ Name }) => ({ TargetGroups: [targetGroup(Name)] }));
  elb.on(DescribeRulesCommand).resolves({
    Rules: [
      {
        RuleArn: 'rule-default',
        Priority: 'default',
        Actions: [{ Type: 'fixed-response' }],
      },
      {
        RuleArn: 'rule-7',
        Priority: '7',
        Actions: [{ Type: 'forward', TargetGroupArn: tgArn('billing-dev-b') }],
      },
    ],
  });
  elb.on(CreateRuleCommand).callsFake(({ ListenerArn }) => ({
    Rules: [{ RuleArn: `${ListenerArn}-rule` }],
  }));
  codedeploy
    .on(GetApplicationCommand)
    .rejects(
      awsError('ApplicationDoesNotExistException', 'No application found'),
    );
  codedeploy.on(CreateApplicationCommand).resolves({ applicationId: 'app-1' });
  codedeploy
    .on(GetDeploymentGroupCommand)
    .rejects(awsError('DeploymentGroupDoesNotExistException', 'No group'));
  codedeploy
    .on(CreateDeploymentGroupCommand)
    .resolves({ deploymentGroupId: 'dg-1' });
  ecs
    .on(DescribeServicesCommand)
    .resolves({ services: [{ serviceName: 'orders', status: 'ACTIVE' }] });
}

function everythingExists() {
  elb
    .on(DescribeTargetGroupsCommand)
    .callsFake(({ Names }) => ({ TargetGroups: [targetGroup(Names[0])] }));
  elb.on(DescribeTagsCommand).resolves({
    TagDescriptions: [
      { Tags: [{ Key: 'slipway:component', Value: 'orders' }] },
    ],
  });
  elb.on(DescribeRulesCommand).resolves({
    Rules: [
      {
        RuleArn: 'rule-1',
        Priority: '1',
        Actions: [
          {
            Type: 'forward',
            ForwardConfig: {
              TargetGroups: [{ TargetGroupArn: tgArn('orders-dev-g') }],
            },
          },
        ],
      },
    ],
  });
  codedeploy.on(GetApplicationCommand).resolves({
    application: { applicationName: 'orders-dev', computePlatform: 'ECS' },
  });
  codedeploy.on(GetDeploymentGroupCommand).resolves({
    deploymentGroupInfo: {
      serviceRoleArn: codeDeployRoleArn,
      deploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce',
      ecsServices: [{ clusterName: 'dev-cluster', serviceName: 'orders' }],
      loadBalancerInfo: {
        targetGroupPairInfoList: [
          {
            targetGroups: [{ name: 'orders-dev-b' }, { name: 'orders-dev-g' }],
          },
        ],
      },
    },
  });
  ecs
    .on(DescribeServicesCommand)
    .resolves({ services: [{ serviceName: 'orders', status: 'ACTIVE' }] });
}

beforeEach(() => {
  elb.reset();
  codedeploy.reset();
  ecs.reset();
});

describe('slipway:codedeploy:create-blue-green', () => {
  it('first run: creates target groups, listener rules to blue and the application, but no deployment group', async () => {
    nothingExists();
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
        { Key: 'slipway:component', Value: 'orders' },
      ]),
    });
    expect(elb).toHaveReceivedCommandWith(CreateTargetGroupCommand, {
      Name: 'orders-dev-g',
    });
    for (const ListenerArn of [productionListenerArn, testListenerArn]) {
      expect(elb).toHaveReceivedCommandWith(CreateRuleCommand, {
        ListenerArn,
        Priority: 8,
        Conditions: [
          { Field: 'path-pattern', PathPatternConfig: { Values: ['/*'] } },
        ],
        Actions: [{ Type: 'forward', TargetGroupArn: tgArn('orders-dev-b') }],
      });
    }
    expect(codedeploy).toHaveReceivedCommandWith(CreateApplicationCommand, {
      applicationName: 'orders-dev',
      computePlatform: 'ECS',
    });
    expect(codedeploy).not.toHaveReceivedCommand(CreateDeploymentGroupCommand);
    expect(outputs()).toMatchObject({
      blueTargetGroupArn: tgArn('orders-dev-b'),
      greenTargetGroupArn: tgArn('orders-dev-g'),
      applicationName: 'orders-dev',
      deploymentGroupReady: false,
    });
  });

  it('second run with the service: creates the blue/green deployment group with the mapped strategy', async () => {
    everythingExists();
    codedeploy
      .on(GetDeploymentGroupCommand)
      .rejects(awsError('DeploymentGroupDoesNotExistException', 'No group'));
    codedeploy.on(CreateDeploymentGroupCommand).resolves({});
    const { ctx, outputs } = runContext({
      ...withService,
      strategy: 'canary10Percent5Minutes',
      terminateBlueAfterMinutes: 15,
    });

    await action.handler(ctx);

    expect(mutatingCalls(elb)).toEqual([]);
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
      autoRollbackConfiguration: {
        enabled: true,
        events: ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM'],
      },
    });
    expect(outputs().deploymentGroupReady).toBe(true);
  });

  it('re-run converges: everything exists as requested, nothing is created', async () => {
    everythingExists();
    const { ctx, logger } = runContext(withService);

    await action.handler(ctx);

    expect(mutatingCalls(elb, codedeploy, ecs)).toEqual([]);
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it('reports a target group and deployment group that differ', async () => {
    everythingExists();
    elb.on(DescribeTargetGroupsCommand).callsFake(({ Names }) => ({
      TargetGroups: [
        targetGroup(Names[0], { Port: 80, TargetType: 'instance' }),
      ],
    }));
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
          "The target group 'orders-dev-b' already exists in account 123456789012 (eu-west-1) and differs from what was requested: its port is 80 (requested 8080); its target type is instance (requested ip)",
        ),
        expect.stringContaining(
          "The deployment group 'orders-dev' already exists in account 123456789012 (eu-west-1) and differs from what was requested: its deployment configuration is CodeDeployDefault.ECSAllAtOnce (requested CodeDeployDefault.ECSLinear10PercentEvery1Minutes)",
        ),
      ]),
    );
  });

  it('names the missing environment key', async () => {
    const { ctx } = runContext({ ...ordersInput, environment: 'sandbox' });

    const run = action.handler(ctx);

    await expect(run).rejects.toThrow(InputError);
    await expect(run).rejects.toThrow(
      'Blue/green needs slipway.environments.sandbox.vpcId',
    );
  });

  it('plans on a dry run without calling AWS', async () => {
    const { ctx, outputs } = runContext(
      { ...ordersInput, hostHeader: 'orders.example.com' },
      { isDryRun: true },
    );

    await action.handler(ctx);

    expect([
      ...elb.calls(),
      ...codedeploy.calls(),
      ...ecs.calls(),
    ]).toHaveLength(0);
    expect(outputs().plan).toEqual(
      expect.arrayContaining([
        expect.stringContaining(
          "Add a rule forwarding host orders.example.com to 'orders-dev-b'",
        ),
        expect.stringContaining(
          'Skip the deployment group until the service exists',
        ),
      ]),
    );
  });

  it('refuses to create the deployment group before the service exists', async () => {
    everythingExists();
    ecs.on(DescribeServicesCommand).resolves({ services: [] });
    const { ctx } = runContext(withService);

    const run = action.handler(ctx);

    await expect(run).rejects.toThrow(NotFoundError);
    await expect(run).rejects.toThrow(
      "The ECS service 'orders' does not exist on the cluster 'dev-cluster'",
    );
  });

  it('deletes what it created in this run when the application cannot be created', async () => {
    nothingExists();
    codedeploy
      .on(CreateApplicationCommand)
      .rejects(accessDenied('codedeploy:CreateApplication'));
    elb.on(DeleteRuleCommand).resolves({});
    elb.on(DeleteTargetGroupCommand).resolves({});
    const { ctx } = runContext(ordersInput);

    await expect(action.handler(ctx)).rejects.toThrow(NotAllowedError);
    expect(
      elb.commandCalls(DeleteRuleCommand).map(c => c.args[0].input.RuleArn),
    ).toEqual([`${testListenerArn}-rule`, `${productionListenerArn}-rule`]);
    expect(
      elb
        .commandCalls(DeleteTargetGroupCommand)
        .map(c => c.args[0].input.TargetGroupArn),
    ).toEqual([tgArn('orders-dev-g'), tgArn('orders-dev-b')]);
    expect(codedeploy).not.toHaveReceivedCommand(DeleteApplicationCommand);
  });
});
