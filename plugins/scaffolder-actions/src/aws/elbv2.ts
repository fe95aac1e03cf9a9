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
  ElasticLoadBalancingV2Client,
  Rule,
  RuleCondition,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { AwsTarget } from './clients';
import { isAwsError, withAwsErrors } from './errors';
import { asKeyValueTags, fromKeyValueTags, TagMap } from './tags';

export interface TargetGroup {
  name: string;
  arn: string;
  port: number;
  vpcId: string;
  targetType: string;
  healthCheckPath: string;
}

/** What Slipway asks of a new target group (HTTP, `ip` targets as Fargate tasks need). */
export type TargetGroupRequest = Omit<TargetGroup, 'arn' | 'targetType'>;

/**
 * Which requests a listener rule sends on: all values of one field, any of
 * which matches (a host name, or a path and everything below it).
 */
export interface RouteCondition {
  field: 'host-header' | 'path-pattern';
  values: string[];
}

export interface ListenerRule {
  arn: string;
  /** `'default'` for the listener's default rule. */
  priority: string;
  isDefault: boolean;
  /** Every condition; values are read for host-header and path-pattern only. */
  conditions: { field: string; values: string[] }[];
  /** Every target group the rule forwards to (plain or weighted forward). */
  targetGroupArns: string[];
}

export interface Listener {
  arn: string;
  protocol: string;
  port: number;
  loadBalancerArn: string;
}

export interface LoadBalancer {
  arn: string;
  dnsName: string;
}

/** Target groups, listeners and listener rules (Elastic Load Balancing v2) of one account and region. */
export class LoadBalancing {
  constructor(
    private readonly elb: ElasticLoadBalancingV2Client,
    private readonly target: AwsTarget,
  ) {}

  async findTargetGroup(name: string): Promise<TargetGroup | undefined> {
    return this.call(`look up the target group '${name}'`, async () => {
      try {
        const { TargetGroups } = await this.elb.send(
          new DescribeTargetGroupsCommand({ Names: [name] }),
        );
        const group = TargetGroups?.[0];
        if (!group?.TargetGroupArn) return undefined;
        return {
          name,
          arn: group.TargetGroupArn,
          port: group.Port ?? 0,
          vpcId: group.VpcId ?? '',
          targetType: group.TargetType ?? '',
          healthCheckPath: group.HealthCheckPath ?? '',
        };
      } catch (error) {
        if (
          isAwsError(
            error,
            'TargetGroupNotFoundException',
            'TargetGroupNotFound',
          )
        ) {
          return undefined;
        }
        throw error;
      }
    });
  }

  /** An HTTP target group of `ip` targets, as Fargate tasks need. */
  async createTargetGroup(
    request: TargetGroupRequest,
    tags: TagMap,
  ): Promise<string> {
    return this.call(`create the target group '${request.name}'`, async () => {
      const { TargetGroups } = await this.elb.send(
        new CreateTargetGroupCommand({
          Name: request.name,
          Protocol: 'HTTP',
          Port: request.port,
          VpcId: request.vpcId,
          TargetType: 'ip',
          HealthCheckProtocol: 'HTTP',
          HealthCheckPath: request.healthCheckPath,
          Matcher: { HttpCode: '200-399' },
          Tags: asKeyValueTags(tags),
        }),
      );
      return TargetGroups?.[0]?.TargetGroupArn ?? '';
    });
  }

  async deleteTargetGroup(arn: string): Promise<void> {
    await this.call(`delete the target group ${arn}`, () =>
      this.elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: arn })),
    );
  }

  async tags(arn: string): Promise<TagMap> {
    return (await this.tagsOf([arn]))[arn] ?? {};
  }

  /** Tags of several resources (target groups, rules…), by ARN. */
  async tagsOf(arns: string[]): Promise<Record<string, TagMap>> {
    return this.call(`read the tags of ${arns.join(', ')}`, async () => {
      const tags: Record<string, TagMap> = {};
      // DescribeTags takes at most 20 ARNs per call.
      for (let i = 0; i < arns.length; i += 20) {
        const { TagDescriptions } = await this.elb.send(
          new DescribeTagsCommand({ ResourceArns: arns.slice(i, i + 20) }),
        );
        for (const description of TagDescriptions ?? []) {
          // One ARN asked: the answer is its, whether or not it names it.
          const arn =
            description.ResourceArn ?? (arns.length === 1 ? arns[0] : '');
          if (arn) tags[arn] = fromKeyValueTags(description.Tags);
        }
      }
      return tags;
    });
  }

  async listener(arn: string): Promise<Listener> {
    return this.call(`look up the listener ${arn}`, async () => {
      const { Listeners } = await this.elb.send(
        new DescribeListenersCommand({ ListenerArns: [arn] }),
      );
      const listener = Listeners?.[0];
      return {
        arn,
        protocol: listener?.Protocol ?? 'HTTP',
        port: listener?.Port ?? 80,
        loadBalancerArn: listener?.LoadBalancerArn ?? '',
      };
    });
  }

  async loadBalancer(arn: string): Promise<LoadBalancer> {
    return this.call(`look up the load balancer ${arn}`, async () => {
      const { LoadBalancers } = await this.elb.send(
        new DescribeLoadBalancersCommand({ LoadBalancerArns: [arn] }),
      );
      return { arn, dnsName: LoadBalancers?.[0]?.DNSName ?? '' };
    });
  }

  /** Every rule of the listener, all pages. */
  async rules(listenerArn: string): Promise<ListenerRule[]> {
    return this.call(
      `list the rules of the listener ${listenerArn}`,
      async () => {
        const rules: ListenerRule[] = [];
        let Marker: string | undefined;
        do {
          const page = await this.elb.send(
            new DescribeRulesCommand({
              ListenerArn: listenerArn,
              Marker,
              PageSize: 400,
            }),
          );
          rules.push(...(page.Rules ?? []).map(listenerRule));
          Marker = page.NextMarker;
        } while (Marker);
        return rules;
      },
    );
  }

  /**
   * Adds a rule forwarding `condition` to the target group.
   * @returns the rule's ARN, or `undefined` when another rule took the
   * priority meanwhile (PriorityInUse): the caller picks another.
   */
  async createForwardRule(request: {
    listenerArn: string;
    priority: number;
    condition: RouteCondition;
    targetGroupArn: string;
    tags: TagMap;
  }): Promise<string | undefined> {
    return this.call(
      `add a rule to the listener ${request.listenerArn}`,
      async () => {
        try {
          const { Rules } = await this.elb.send(
            new CreateRuleCommand({
              ListenerArn: request.listenerArn,
              Priority: request.priority,
              Conditions: [ruleCondition(request.condition)],
              Actions: [
                { Type: 'forward', TargetGroupArn: request.targetGroupArn },
              ],
              Tags: asKeyValueTags(request.tags),
            }),
          );
          return Rules?.[0]?.RuleArn ?? '';
        } catch (error) {
          if (isAwsError(error, 'PriorityInUseException', 'PriorityInUse')) {
            return undefined;
          }
          throw error;
        }
      },
    );
  }

  async deleteRule(arn: string): Promise<void> {
    await this.call(`delete the listener rule ${arn}`, () =>
      this.elb.send(new DeleteRuleCommand({ RuleArn: arn })),
    );
  }

  private call<T>(doing: string, fn: () => Promise<T>): Promise<T> {
    return withAwsErrors({ doing, target: this.target }, fn);
  }
}

function ruleCondition({ field, values }: RouteCondition): RuleCondition {
  return field === 'host-header'
    ? { Field: field, HostHeaderConfig: { Values: values } }
    : { Field: field, PathPatternConfig: { Values: values } };
}

function listenerRule(rule: Rule): ListenerRule {
  const forward = (rule.Actions ?? []).filter(a => a.Type === 'forward');
  return {
    arn: rule.RuleArn ?? '',
    priority: rule.Priority ?? 'default',
    isDefault: rule.IsDefault ?? rule.Priority === 'default',
    conditions: (rule.Conditions ?? []).map(c => ({
      field: c.Field ?? '',
      values:
        (c.Field === 'host-header'
          ? c.HostHeaderConfig?.Values
          : c.PathPatternConfig?.Values) ??
        c.Values ??
        [],
    })),
    targetGroupArns: [
      ...new Set(
        forward.flatMap(a => [
          ...(a.TargetGroupArn ? [a.TargetGroupArn] : []),
          ...(a.ForwardConfig?.TargetGroups ?? []).flatMap(t =>
            t.TargetGroupArn ? [t.TargetGroupArn] : [],
          ),
        ]),
      ),
    ],
  };
}
