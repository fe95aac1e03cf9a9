import {
  CloudWatchClient,
  DeleteAlarmsCommand,
  DescribeAlarmsCommand,
  ListTagsForResourceCommand,
  PutMetricAlarmCommand,
} from '@aws-sdk/client-cloudwatch';
import { targetGroupAlarmNames } from '../names';
import type { AwsTarget } from './clients';
import { withAwsErrors } from './errors';
import {
  ensure,
  Run,
  settingDifference,
  refuseUnlessOwned,
} from './lookBeforeCreate';
import { regionalArn } from './resourceLocations';
import { asKeyValueTags, fromKeyValueTags, TagMap } from './tags';

/** A CloudWatch metric alarm on one metric, as Slipway creates and reads it. */
export interface MetricAlarm {
  name: string;
  description: string;
  namespace: string;
  metricName: string;
  statistic: 'Sum' | 'Maximum' | 'Average' | 'Minimum' | 'SampleCount';
  dimensions: Record<string, string>;
  periodSeconds: number;
  evaluationPeriods: number;
  datapointsToAlarm: number;
  threshold: number;
  comparison: 'GreaterThanOrEqualToThreshold' | 'GreaterThanThreshold';
  treatMissingData: 'notBreaching' | 'breaching' | 'ignore' | 'missing';
  alarmActions: string[];
}

/** CloudWatch metric alarms of one account and region. */
export class Alarms {
  constructor(
    private readonly cloudwatch: CloudWatchClient,
    private readonly target: AwsTarget,
  ) {}

  arn(name: string): string {
    return regionalArn(this.target, 'cloudwatch', `alarm:${name}`);
  }

  async find(
    name: string,
  ): Promise<(MetricAlarm & { arn: string }) | undefined> {
    return this.call(`look up the alarm '${name}'`, async () => {
      const { MetricAlarms } = await this.cloudwatch.send(
        new DescribeAlarmsCommand({
          AlarmNames: [name],
          AlarmTypes: ['MetricAlarm'],
        }),
      );
      const alarm = MetricAlarms?.find(a => a.AlarmName === name);
      if (!alarm) return undefined;
      return {
        name,
        arn: alarm.AlarmArn ?? this.arn(name),
        description: alarm.AlarmDescription ?? '',
        namespace: alarm.Namespace ?? '',
        metricName: alarm.MetricName ?? '',
        statistic: (alarm.Statistic ?? 'Sum') as MetricAlarm['statistic'],
        dimensions: Object.fromEntries(
          (alarm.Dimensions ?? []).map(d => [d.Name ?? '', d.Value ?? '']),
        ),
        periodSeconds: alarm.Period ?? 0,
        evaluationPeriods: alarm.EvaluationPeriods ?? 0,
        datapointsToAlarm:
          alarm.DatapointsToAlarm ?? alarm.EvaluationPeriods ?? 0,
        threshold: alarm.Threshold ?? 0,
        comparison: (alarm.ComparisonOperator ??
          'GreaterThanOrEqualToThreshold') as MetricAlarm['comparison'],
        treatMissingData: (alarm.TreatMissingData ??
          'missing') as MetricAlarm['treatMissingData'],
        alarmActions: alarm.AlarmActions ?? [],
      };
    });
  }

  /** ARNs of those of the alarms (up to 100 names) that exist, in one call. */
  async existingArns(names: string[]): Promise<string[]> {
    return this.call(`look up the alarms ${names.join(', ')}`, async () => {
      const { MetricAlarms = [] } = await this.cloudwatch.send(
        new DescribeAlarmsCommand({ AlarmNames: names, MaxRecords: 100 }),
      );
      return MetricAlarms.flatMap(alarm =>
        alarm.AlarmArn ? [alarm.AlarmArn] : [],
      );
    });
  }

  async tags(name: string): Promise<TagMap> {
    return this.call(`read the tags of the alarm '${name}'`, async () => {
      const { Tags } = await this.cloudwatch.send(
        new ListTagsForResourceCommand({ ResourceARN: this.arn(name) }),
      );
      return fromKeyValueTags(Tags);
    });
  }

  /** Creates the alarm (tags apply on creation only). */
  async create(alarm: MetricAlarm, tags: TagMap): Promise<void> {
    await this.call(`create the alarm '${alarm.name}'`, () =>
      this.cloudwatch.send(
        new PutMetricAlarmCommand({
          AlarmName: alarm.name,
          AlarmDescription: alarm.description,
          Namespace: alarm.namespace,
          MetricName: alarm.metricName,
          Statistic: alarm.statistic,
          Dimensions: Object.entries(alarm.dimensions).map(([Name, Value]) => ({
            Name,
            Value,
          })),
          Period: alarm.periodSeconds,
          EvaluationPeriods: alarm.evaluationPeriods,
          DatapointsToAlarm: alarm.datapointsToAlarm,
          Threshold: alarm.threshold,
          ComparisonOperator: alarm.comparison,
          TreatMissingData: alarm.treatMissingData,
          ActionsEnabled: true,
          AlarmActions: alarm.alarmActions,
          Tags: asKeyValueTags(tags),
        }),
      ),
    );
  }

  async delete(names: string[]): Promise<void> {
    await this.call(`delete the alarms ${names.join(', ')}`, () =>
      this.cloudwatch.send(new DeleteAlarmsCommand({ AlarmNames: names })),
    );
  }

  private call<T>(doing: string, fn: () => Promise<T>): Promise<T> {
    return withAwsErrors({ doing, target: this.target }, fn);
  }
}

/** `targetgroup/<name>/<id>` (the TargetGroup dimension) from a target group ARN. */
export function targetGroupDimension(targetGroupArn: string): string {
  return targetGroupArn.slice(targetGroupArn.indexOf(':targetgroup/') + 1);
}

/** `app/<name>/<id>` (the LoadBalancer dimension) from a load balancer ARN. */
export function loadBalancerDimension(loadBalancerArn: string): string {
  return loadBalancerArn.slice(
    loadBalancerArn.indexOf(':loadbalancer/') + ':loadbalancer/'.length,
  );
}

/**
 * The two alarms that roll a deployment back, on one target group. Both
 * need two consecutive breaching minutes, so that one burst (a client's
 * retries, a task replaced) does not roll back a healthy deployment:
 * - errors: the targets answered 5 or more 5xx responses (Sum) in each of
 *   2 consecutive minutes;
 * - unhealthy hosts: at least one target failed its health check (Maximum)
 *   in each of 2 consecutive minutes.
 * No traffic or no targets (an idle green target group) is not breaching.
 */
export function targetGroupAlarms(request: {
  targetGroupArn: string;
  loadBalancerArn: string;
  topicArn?: string;
}): { errors: MetricAlarm; unhealthyHosts: MetricAlarm } {
  const targetGroup = targetGroupDimension(request.targetGroupArn);
  const names = targetGroupAlarmNames(targetGroup.split('/')[1]);
  const common = {
    namespace: 'AWS/ApplicationELB',
    dimensions: {
      LoadBalancer: loadBalancerDimension(request.loadBalancerArn),
      TargetGroup: targetGroup,
    },
    periodSeconds: 60,
    evaluationPeriods: 2,
    datapointsToAlarm: 2,
    comparison: 'GreaterThanOrEqualToThreshold',
    treatMissingData: 'notBreaching',
    alarmActions: request.topicArn ? [request.topicArn] : [],
  } as const;
  return {
    errors: {
      ...common,
      name: names.errors,
      description: `Slipway: the targets of ${targetGroup} answered 5 or more 5xx responses a minute for 2 minutes; rolls back a deployment in progress.`,
      metricName: 'HTTPCode_Target_5XX_Count',
      statistic: 'Sum',
      threshold: 5,
      alarmActions: [...common.alarmActions],
    },
    unhealthyHosts: {
      ...common,
      name: names.unhealthyHosts,
      description: `Slipway: a target of ${targetGroup} failed its health check for 2 minutes; rolls back a deployment in progress.`,
      metricName: 'UnHealthyHostCount',
      statistic: 'Maximum',
      threshold: 1,
      alarmActions: [...common.alarmActions],
    },
  };
}

function describeDimensions(dimensions: Record<string, string>): string {
  return Object.entries(dimensions)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => `${name}=${value}`)
    .join(', ');
}

/**
 * Look-before-create for the two alarms of a target group (see
 * {@link targetGroupAlarms}), tagged; existing ones are reused.
 * @returns the alarm names, errors first.
 */
export async function ensureTargetGroupAlarms(
  run: Run,
  alarms: Alarms,
  request: {
    targetGroupArn: string;
    loadBalancerArn: string;
    topicArn?: string;
  },
): Promise<string[]> {
  const names: string[] = [];
  for (const wanted of Object.values(targetGroupAlarms(request))) {
    const what = `the alarm '${wanted.name}'`;
    const { value } = await ensure(run, {
      what,
      find: () => alarms.find(wanted.name),
      differences: async existing => {
        refuseUnlessOwned(
          run,
          what,
          await alarms.tags(wanted.name),
          'delete it or choose another component name',
        );
        return [
          ...settingDifference(
            'its metric is',
            `${existing.namespace} ${existing.metricName} ${existing.statistic} ${existing.comparison} ${existing.threshold}`,
            `${wanted.namespace} ${wanted.metricName} ${wanted.statistic} ${wanted.comparison} ${wanted.threshold}`,
          ),
          ...settingDifference(
            'its dimensions are',
            describeDimensions(existing.dimensions),
            describeDimensions(wanted.dimensions),
          ),
          ...settingDifference(
            'its alarm actions are',
            existing.alarmActions.join(', ') || 'none',
            wanted.alarmActions.join(', ') || 'none',
          ),
        ];
      },
      advice: 'delete the alarm and run again to have it recreated',
      reuse: existing => existing.name,
      create: async () => {
        await alarms.create(wanted, run.tags);
        return wanted.name;
      },
      remove: name => alarms.delete([name]),
    });
    names.push(value);
  }
  return names;
}
