import {
  CreateRuleCommand,
  CreateTargetGroupCommand,
  DeleteRuleCommand,
  DeleteTargetGroupCommand,
  DescribeRulesCommand,
  DescribeTagsCommand,
  DescribeTargetGroupsCommand,
  ElasticLoadBalancingV2Client,
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

export interface ListenerRule {
  arn: string;
  priority: string;
  targetGroupArns: string[];
}

/** Which requests a listener rule sends to a service. */
export interface RuleMatch {
  hostHeader?: string;
  pathPattern?: string;
}

function conditions(match: RuleMatch): RuleCondition[] {
  return [
    ...(match.hostHeader
      ? [
          {
            Field: 'host-header',
            HostHeaderConfig: { Values: [match.hostHeader] },
          },
        ]
      : []),
    ...(match.pathPattern || !match.hostHeader
      ? [
          {
            Field: 'path-pattern',
            PathPatternConfig: { Values: [match.pathPattern ?? '/*'] },
          },
        ]
      : []),
  ];
}

/** Target groups and listener rules (Elastic Load Balancing v2) of one account and region. */
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
    request: Omit<TargetGroup, 'arn' | 'targetType'>,
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
    return this.call(`read the tags of ${arn}`, async () => {
      const { TagDescriptions } = await this.elb.send(
        new DescribeTagsCommand({ ResourceArns: [arn] }),
      );
      return fromKeyValueTags(TagDescriptions?.[0]?.Tags);
    });
  }

  async rules(listenerArn: string): Promise<ListenerRule[]> {
    return this.call(
      `list the rules of the listener ${listenerArn}`,
      async () => {
        const rules: ListenerRule[] = [];
        let Marker: string | undefined;
        do {
          const page = await this.elb.send(
            new DescribeRulesCommand({ ListenerArn: listenerArn, Marker }),
          );
          for (const rule of page.Rules ?? []) {
            const forward = (rule.Actions ?? []).filter(
              a => a.Type === 'forward',
            );
            rules.push({
              arn: rule.RuleArn ?? '',
              priority: rule.Priority ?? 'default',
              targetGroupArns: forward.flatMap(a => [
                ...(a.TargetGroupArn ? [a.TargetGroupArn] : []),
                ...(a.ForwardConfig?.TargetGroups ?? []).flatMap(t =>
                  t.TargetGroupArn ? [t.TargetGroupArn] : [],
                ),
              ]),
            });
          }
          Marker = page.NextMarker;
        } while (Marker);
        return rules;
      },
    );
  }

  async createForwardRule(
    listenerArn: string,
    priority: number,
    match: RuleMatch,
    targetGroupArn: string,
    tags: TagMap,
  ): Promise<string> {
    return this.call(`add a rule to the listener ${listenerArn}`, async () => {
      const { Rules } = await this.elb.send(
        new CreateRuleCommand({
          ListenerArn: listenerArn,
          Priority: priority,
          Conditions: conditions(match),
          Actions: [{ Type: 'forward', TargetGroupArn: targetGroupArn }],
          Tags: asKeyValueTags(tags),
        }),
      );
      return Rules?.[0]?.RuleArn ?? '';
    });
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
