import {
  CreateRuleCommand,
  CreateTargetGroupCommand,
  DescribeRulesCommand,
  ElasticLoadBalancingV2Client,
  Rule,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { mockServices } from '@backstage/backend-test-utils';
import { ConflictError, InputError } from '@backstage/errors';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { config } from '../__testUtils__/harness';
import { readEnvironment } from '../config/environments';
import { fakeLoadBalancer } from './__testUtils__/fakeLoadBalancer';
import { LoadBalancing } from './elbv2';
import { Rollback, Run } from './lookBeforeCreate';
import {
  ensureListenerRule,
  ensureTargetGroup,
  lookUpEntrance,
  serviceAddress,
  serviceRoute,
} from './routing';
import { slipwayTags } from './tags';

const elbMock = mockClient(ElasticLoadBalancingV2Client);
const target = { accountId: '123456789012', region: 'eu-west-1' };
const elb = new LoadBalancing(new ElasticLoadBalancingV2Client({}), target);

const dev = readEnvironment(config, 'dev'); // host routing, dev.example.com
const prod = readEnvironment(config, 'prod'); // path routing, /services
const listenerArn = dev.loadBalancer!.productionListenerArn;
const loadBalancerArn =
  'arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/dev/1a';
const httpsListener = {
  arn: listenerArn,
  protocol: 'HTTPS' as const,
  port: 443,
  loadBalancerArn,
  dnsName: 'dev-1.eu-west-1.elb.amazonaws.com',
};

function runFor(component: string): Run {
  const subject = {
    component: `default/${component}`,
    owner: 'group:default/payments',
  };
  const logger = mockServices.logger.mock();
  return {
    logger,
    rollback: new Rollback(logger),
    where: 'in account 123456789012 (eu-west-1)',
    subject,
    tags: slipwayTags({ ...subject, environment: 'dev' }),
  };
}

async function routeService(
  component: string,
  run = runFor(component),
  environment = dev,
) {
  const route = serviceRoute(environment, component);
  const targetGroupArn = await ensureTargetGroup(run, elb, {
    name: `${component}-dev`,
    port: 8080,
    vpcId: 'vpc-0d4',
    healthCheckPath: route.healthCheckPath,
  });
  const rule = await ensureListenerRule(run, elb, {
    listenerArn,
    condition: route.condition,
    targetGroupArns: [targetGroupArn],
  });
  return { route, targetGroupArn, rule, run };
}

beforeEach(() => elbMock.reset());

describe('serviceRoute', () => {
  it('routes a host per service when the environment has a domain', () => {
    expect(serviceRoute(dev, 'orders')).toEqual({
      routing: 'host',
      productionListenerArn: listenerArn,
      testListenerArn: dev.loadBalancer!.testListenerArn,
      condition: { field: 'host-header', values: ['orders.dev.example.com'] },
      basePath: '',
      healthCheckPath: '/health',
    });
  });

  it('routes a path per service, health check under it, when the environment has a path prefix', () => {
    expect(serviceRoute(prod, 'orders', '/healthz')).toMatchObject({
      routing: 'path',
      condition: {
        field: 'path-pattern',
        values: ['/services/orders', '/services/orders/*'],
      },
      basePath: '/services/orders',
      healthCheckPath: '/services/orders/healthz',
    });
  });

  it('names the missing load balancer key', () => {
    const sandbox = readEnvironment(config, 'sandbox');
    expect(() => serviceRoute(sandbox, 'orders')).toThrow(InputError);
    expect(() => serviceRoute(sandbox, 'orders')).toThrow(
      'slipway.environments.sandbox.loadBalancer is not set',
    );
  });
});

describe('serviceAddress', () => {
  const entrance = {
    protocol: 'HTTPS',
    port: 443,
    loadBalancerArn,
    dnsName: 'dev-1.eu-west-1.elb.amazonaws.com',
  };

  it('takes the scheme from the listener and the host from the route', () => {
    expect(serviceAddress(serviceRoute(dev, 'orders'), entrance)).toEqual({
      url: 'https://orders.dev.example.com',
      basePath: '',
      condition: { field: 'host-header', values: ['orders.dev.example.com'] },
    });
  });

  it('answers on the load balancer’s name under the base path, with a non-default port', () => {
    expect(
      serviceAddress(serviceRoute(prod, 'orders'), {
        ...entrance,
        protocol: 'HTTP',
        port: 8080,
      }).url,
    ).toBe('http://dev-1.eu-west-1.elb.amazonaws.com:8080/services/orders');
  });

  it('plans with placeholders for what only AWS knows', () => {
    expect(serviceAddress(serviceRoute(prod, 'orders')).url).toBe(
      'http(s)://<load balancer DNS name>/services/orders',
    );
    expect(serviceAddress(serviceRoute(dev, 'orders')).url).toBe(
      'http(s)://orders.dev.example.com',
    );
  });

  it('reads the entrance from the listener and its load balancer', async () => {
    fakeLoadBalancer(elbMock, [httpsListener]);
    await expect(lookUpEntrance(elb, listenerArn)).resolves.toEqual({
      protocol: 'HTTPS',
      port: 443,
      loadBalancerArn,
      dnsName: 'dev-1.eu-west-1.elb.amazonaws.com',
    });
  });
});

describe('ensureTargetGroup and ensureListenerRule', () => {
  it('gives two services in one environment their own target group, condition and priority', async () => {
    const balancer = fakeLoadBalancer(elbMock, [httpsListener]);

    const orders = await routeService('orders');
    const billing = await routeService('billing');

    expect(elbMock).toHaveReceivedCommandWith(CreateTargetGroupCommand, {
      Name: 'orders-dev',
      Protocol: 'HTTP',
      TargetType: 'ip',
      VpcId: 'vpc-0d4',
      HealthCheckPath: '/health',
      Tags: expect.arrayContaining([
        { Key: 'slipway:component', Value: 'default/orders' },
      ]),
    });
    expect(orders.rule).toMatchObject({ priority: 1, created: true });
    expect(billing.rule).toMatchObject({ priority: 2, created: true });
    expect(
      balancer.rules(listenerArn).map(r => ({
        priority: r.Priority,
        hosts: r.Conditions?.[0].HostHeaderConfig?.Values,
        forwardsTo: r.Actions?.[0].TargetGroupArn,
      })),
    ).toEqual([
      {
        priority: '1',
        hosts: ['orders.dev.example.com'],
        forwardsTo: orders.targetGroupArn,
      },
      {
        priority: '2',
        hosts: ['billing.dev.example.com'],
        forwardsTo: billing.targetGroupArn,
      },
    ]);
    expect(balancer.tagsOf(orders.rule.arn)).toMatchObject({
      'slipway:component': 'default/orders',
      'slipway:owner': 'group:default/payments',
      'slipway:managed-by': 'backstage',
    });
  });

  it('takes the lowest free priority, reading every page of rules', async () => {
    const balancer = fakeLoadBalancer(elbMock, [httpsListener], {
      pageSize: 1,
    });
    for (const priority of ['1', '2', '4']) {
      balancer.addRule(listenerArn, {
        RuleArn: `${listenerArn}/other-${priority}`,
        Priority: priority,
        Conditions: [
          {
            Field: 'host-header',
            HostHeaderConfig: { Values: [`team-${priority}.example.com`] },
          },
        ],
        Actions: [{ Type: 'forward', TargetGroupArn: `tg-${priority}` }],
      });
    }

    const { rule } = await routeService('orders');

    expect(rule.priority).toBe(3);
    expect(elbMock.commandCalls(DescribeRulesCommand).length).toBeGreaterThan(
      3,
    );
  });

  it('reuses its own rule on a re-run', async () => {
    const balancer = fakeLoadBalancer(elbMock, [httpsListener]);
    const first = await routeService('orders');
    elbMock.resetHistory();

    const again = await routeService('orders');

    expect(again.rule).toEqual({ ...first.rule, created: false });
    expect(again.targetGroupArn).toBe(first.targetGroupArn);
    expect(elbMock).not.toHaveReceivedCommand(CreateRuleCommand);
    expect(elbMock).not.toHaveReceivedCommand(CreateTargetGroupCommand);
    expect(again.run.logger.warn).not.toHaveBeenCalled();
    expect(balancer.rules(listenerArn)).toHaveLength(1);
  });

  it('refuses the host of another owner’s rule, naming it', async () => {
    const balancer = fakeLoadBalancer(elbMock, [httpsListener]);
    balancer.addRule(
      listenerArn,
      {
        RuleArn: `${listenerArn}/theirs`,
        Priority: '5',
        Conditions: [
          {
            Field: 'host-header',
            HostHeaderConfig: { Values: ['orders.dev.example.com'] },
          },
        ],
        Actions: [{ Type: 'forward', TargetGroupArn: 'tg-theirs' }],
      },
      [{ Key: 'slipway:owner', Value: 'group:default/shipping' }],
    );

    const run = routeService('orders');

    await expect(run).rejects.toThrow(ConflictError);
    await expect(run).rejects.toThrow(
      `The listener ${listenerArn} already routes host orders.dev.example.com to tg-theirs (rule ${listenerArn}/theirs, priority 5; it is not tagged slipway:component, it is owned by 'group:default/shipping' (tag slipway:owner)`,
    );
    expect(elbMock).not.toHaveReceivedCommand(CreateRuleCommand);
  });

  it('takes the next free priority when another run took it meanwhile', async () => {
    const balancer = fakeLoadBalancer(elbMock, [httpsListener]);
    const concurrent: Rule = {
      RuleArn: `${listenerArn}/concurrent`,
      Priority: '1',
      Conditions: [
        {
          Field: 'host-header',
          HostHeaderConfig: { Values: ['billing.dev.example.com'] },
        },
      ],
      Actions: [{ Type: 'forward', TargetGroupArn: 'tg-billing' }],
    };
    // Another run takes priority 1 between our look and our create.
    balancer.raceNextCreateRule(() =>
      balancer.addRule(listenerArn, concurrent),
    );

    const { rule } = await routeService('orders');

    expect(
      elbMock
        .commandCalls(CreateRuleCommand)
        .map(c => c.args[0].input.Priority),
    ).toEqual([1, 2]);
    expect(rule).toMatchObject({ priority: 2, created: true });
  });

  it('warns when a catch-all rule is evaluated first', async () => {
    const balancer = fakeLoadBalancer(elbMock, [httpsListener]);
    balancer.addRule(listenerArn, {
      RuleArn: `${listenerArn}/legacy`,
      Priority: '1',
      Conditions: [
        { Field: 'path-pattern', PathPatternConfig: { Values: ['/*'] } },
      ],
      Actions: [{ Type: 'forward', TargetGroupArn: 'tg-legacy' }],
    });

    const { run } = await routeService('orders');

    expect(run.logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('matches every path and is evaluated before'),
    );
  });

  it('deletes the rule and target group it created when a later step fails', async () => {
    const balancer = fakeLoadBalancer(elbMock, [httpsListener]);
    const { run } = await routeService('orders');

    await run.rollback.run();

    expect(balancer.rules(listenerArn)).toEqual([]);
    expect(balancer.targetGroups()).toEqual([]);
  });
});
