import {
  CreateRuleCommand,
  CreateTargetGroupCommand,
  DeleteRuleCommand,
  DeleteTargetGroupCommand,
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeRulesCommand,
  DescribeTagsCommand,
  DescribeTargetGroupsCommand,
  Rule,
  ServiceInputTypes,
  ServiceOutputTypes,
  Tag,
  TargetGroup,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { AwsStub } from 'aws-sdk-client-mock';
import { awsError } from '../../__testUtils__/harness';

type ElbStub = AwsStub<ServiceInputTypes, ServiceOutputTypes, any>;

/** A listener of an existing load balancer, as the environment config names it. */
export interface FakeListener {
  arn: string;
  protocol: 'HTTP' | 'HTTPS';
  port: number;
  loadBalancerArn: string;
  dnsName: string;
}

/**
 * An in-memory Elastic Load Balancing v2 behind a mocked client: target
 * groups, listener rules (priorities enforced: PriorityInUse) and tags, so
 * that several services can be created one after the other on one listener.
 */
export function fakeLoadBalancer(
  elb: ElbStub,
  listeners: FakeListener[],
  options: { pageSize?: number } = {},
) {
  const targetGroups = new Map<string, TargetGroup>();
  const rules = new Map<string, Rule[]>(
    listeners.map(l => [
      l.arn,
      [
        {
          RuleArn: `${l.arn.replace(':listener/', ':listener-rule/')}/default`,
          Priority: 'default',
          IsDefault: true,
          Conditions: [],
          Actions: [
            {
              Type: 'fixed-response',
              FixedResponseConfig: { StatusCode: '404' },
            },
          ],
        },
      ],
    ]),
  );
  const tags = new Map<string, Tag[]>();
  let beforeNextCreateRule: (() => void) | undefined;
  let ids = 0;
  const nextId = () => (ids += 1).toString(16).padStart(16, '0');

  elb.on(DescribeListenersCommand).callsFake(({ ListenerArns }) => ({
    Listeners: listeners
      .filter(l => ListenerArns.includes(l.arn))
      .map(l => ({
        ListenerArn: l.arn,
        Protocol: l.protocol,
        Port: l.port,
        LoadBalancerArn: l.loadBalancerArn,
      })),
  }));
  elb.on(DescribeLoadBalancersCommand).callsFake(({ LoadBalancerArns }) => ({
    LoadBalancers: listeners
      .filter(l => LoadBalancerArns.includes(l.loadBalancerArn))
      .slice(0, 1)
      .map(l => ({ LoadBalancerArn: l.loadBalancerArn, DNSName: l.dnsName })),
  }));
  elb.on(DescribeTargetGroupsCommand).callsFake(({ Names }) => {
    const found = [...targetGroups.values()].filter(g =>
      Names.includes(g.TargetGroupName),
    );
    if (!found.length) {
      throw awsError(
        'TargetGroupNotFoundException',
        'One or more target groups not found',
      );
    }
    return { TargetGroups: found };
  });
  elb.on(CreateTargetGroupCommand).callsFake(input => {
    const [, region, account] =
      /^arn:aws:elasticloadbalancing:([^:]+):(\d+):/.exec(listeners[0].arn) ??
      [];
    const group: TargetGroup = {
      TargetGroupName: input.Name,
      TargetGroupArn: `arn:aws:elasticloadbalancing:${region}:${account}:targetgroup/${
        input.Name
      }/${nextId()}`,
      Port: input.Port,
      Protocol: input.Protocol,
      VpcId: input.VpcId,
      TargetType: input.TargetType,
      HealthCheckPath: input.HealthCheckPath,
    };
    targetGroups.set(group.TargetGroupArn!, group);
    tags.set(group.TargetGroupArn!, input.Tags ?? []);
    return { TargetGroups: [group] };
  });
  elb.on(DeleteTargetGroupCommand).callsFake(({ TargetGroupArn }) => {
    targetGroups.delete(TargetGroupArn);
    return {};
  });
  elb.on(DescribeTagsCommand).callsFake(({ ResourceArns }) => ({
    TagDescriptions: ResourceArns.map((ResourceArn: string) => ({
      ResourceArn,
      Tags: tags.get(ResourceArn) ?? [],
    })),
  }));
  elb.on(DescribeRulesCommand).callsFake(({ ListenerArn, Marker }) => {
    const all = rules.get(ListenerArn) ?? [];
    const size = options.pageSize ?? all.length;
    const start = Marker ? Number(Marker) : 0;
    return {
      Rules: all.slice(start, start + size),
      ...(start + size < all.length && { NextMarker: String(start + size) }),
    };
  });
  elb.on(CreateRuleCommand).callsFake(input => {
    const race = beforeNextCreateRule;
    beforeNextCreateRule = undefined;
    race?.();
    const listenerRules = rules.get(input.ListenerArn!)!;
    if (listenerRules.some(r => r.Priority === String(input.Priority))) {
      throw awsError('PriorityInUseException', 'Priority is in use');
    }
    const rule: Rule = {
      RuleArn: `${input.ListenerArn.replace(
        ':listener/',
        ':listener-rule/',
      )}/${nextId()}`,
      Priority: String(input.Priority),
      IsDefault: false,
      Conditions: input.Conditions,
      Actions: input.Actions,
    };
    listenerRules.splice(listenerRules.length - 1, 0, rule);
    tags.set(rule.RuleArn!, input.Tags ?? []);
    return { Rules: [rule] };
  });
  elb.on(DeleteRuleCommand).callsFake(({ RuleArn }) => {
    for (const listenerRules of rules.values()) {
      const index = listenerRules.findIndex(r => r.RuleArn === RuleArn);
      if (index >= 0) listenerRules.splice(index, 1);
    }
    return {};
  });

  return {
    /** Runs `fn` (e.g. another run adding a rule) just before the next CreateRule. */
    raceNextCreateRule(fn: () => void) {
      beforeNextCreateRule = fn;
    },
    /** Adds a rule someone else made (another team, the console). */
    addRule(listenerArn: string, rule: Rule, ruleTags: Tag[] = []) {
      rules.get(listenerArn)!.unshift(rule);
      tags.set(rule.RuleArn!, ruleTags);
    },
    rules: (listenerArn: string) =>
      (rules.get(listenerArn) ?? []).filter(r => !r.IsDefault),
    targetGroups: () => [...targetGroups.values()],
    tagsOf: (arn: string) =>
      Object.fromEntries((tags.get(arn) ?? []).map(t => [t.Key, t.Value])),
  };
}

export type FakeLoadBalancer = ReturnType<typeof fakeLoadBalancer>;
