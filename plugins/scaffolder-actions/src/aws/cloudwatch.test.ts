import {
  CloudWatchClient,
  DeleteAlarmsCommand,
  DescribeAlarmsCommand,
  ListTagsForResourceCommand,
  PutMetricAlarmCommand,
} from '@aws-sdk/client-cloudwatch';
import { mockServices } from '@backstage/backend-test-utils';
import { ConflictError } from '@backstage/errors';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import {
  Alarms,
  ensureTargetGroupAlarms,
  loadBalancerDimension,
  targetGroupDimension,
} from './cloudwatch';
import { Rollback, Run } from './lookBeforeCreate';
import { slipwayTags } from './tags';

const cloudwatch = mockClient(CloudWatchClient);
const target = { accountId: '123456789012', region: 'eu-west-1' };
const alarms = new Alarms(new CloudWatchClient({}), target);

const targetGroupArn =
  'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/orders-dev/6d0ecf831eec9f09';
const loadBalancerArn =
  'arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/dev/50dc6c495c0c9188';
const topicArn = 'arn:aws:sns:eu-west-1:123456789012:orders-alerts';
const subject = {
  component: 'default/orders',
  owner: 'group:default/payments',
};
const ordersTags = slipwayTags({ ...subject, environment: 'dev' });
const dimensions = [
  { Name: 'LoadBalancer', Value: 'app/dev/50dc6c495c0c9188' },
  { Name: 'TargetGroup', Value: 'targetgroup/orders-dev/6d0ecf831eec9f09' },
];

function run(): Run {
  const logger = mockServices.logger.mock();
  return {
    logger,
    rollback: new Rollback(logger),
    where: 'in account 123456789012 (eu-west-1)',
    subject,
    tags: ordersTags,
  };
}

/** The two alarms as a first run created them, tagged for orders. */
function ordersAlarmsExist(tags = ordersTags) {
  cloudwatch.on(DescribeAlarmsCommand).callsFake(({ AlarmNames }) => ({
    MetricAlarms: [
      {
        AlarmName: AlarmNames[0],
        AlarmArn: `arn:aws:cloudwatch:eu-west-1:123456789012:alarm:${AlarmNames[0]}`,
        Namespace: 'AWS/ApplicationELB',
        MetricName: AlarmNames[0].endsWith('5xx')
          ? 'HTTPCode_Target_5XX_Count'
          : 'UnHealthyHostCount',
        Statistic: AlarmNames[0].endsWith('5xx') ? 'Sum' : 'Maximum',
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        Threshold: AlarmNames[0].endsWith('5xx') ? 5 : 1,
        Dimensions: [...dimensions].reverse(),
        AlarmActions: [topicArn],
      },
    ],
  }));
  cloudwatch.on(ListTagsForResourceCommand).resolves({
    Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
  });
}

beforeEach(() => cloudwatch.reset());

describe('ensureTargetGroupAlarms', () => {
  it('creates the 5xx and unhealthy-host alarms of a target group, tagged, notifying the topic', async () => {
    cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [] });
    cloudwatch.on(PutMetricAlarmCommand).resolves({});

    const names = await ensureTargetGroupAlarms(run(), alarms, {
      targetGroupArn,
      loadBalancerArn,
      topicArn,
    });

    expect(names).toEqual([
      'orders-dev-target-5xx',
      'orders-dev-unhealthy-hosts',
    ]);
    const common = {
      Namespace: 'AWS/ApplicationELB',
      Dimensions: dimensions,
      Period: 60,
      EvaluationPeriods: 2,
      DatapointsToAlarm: 2,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [topicArn],
      Tags: expect.arrayContaining([
        { Key: 'slipway:component', Value: 'default/orders' },
        { Key: 'slipway:managed-by', Value: 'backstage' },
      ]),
    };
    expect(cloudwatch).toHaveReceivedCommandWith(PutMetricAlarmCommand, {
      ...common,
      AlarmName: 'orders-dev-target-5xx',
      MetricName: 'HTTPCode_Target_5XX_Count',
      Statistic: 'Sum',
      Threshold: 5,
    });
    expect(cloudwatch).toHaveReceivedCommandWith(PutMetricAlarmCommand, {
      ...common,
      AlarmName: 'orders-dev-unhealthy-hosts',
      MetricName: 'UnHealthyHostCount',
      Statistic: 'Maximum',
      Threshold: 1,
    });
  });

  it('has no alarm actions without a topic: the alarms only roll back', async () => {
    cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [] });
    cloudwatch.on(PutMetricAlarmCommand).resolves({});

    await ensureTargetGroupAlarms(run(), alarms, {
      targetGroupArn,
      loadBalancerArn,
    });

    expect(
      cloudwatch
        .commandCalls(PutMetricAlarmCommand)
        .map(c => c.args[0].input.AlarmActions),
    ).toEqual([[], []]);
  });

  it('reuses its own alarms on a re-run', async () => {
    ordersAlarmsExist();
    const ordersRun = run();

    const names = await ensureTargetGroupAlarms(ordersRun, alarms, {
      targetGroupArn,
      loadBalancerArn,
      topicArn,
    });

    expect(names).toHaveLength(2);
    expect(cloudwatch).not.toHaveReceivedCommand(PutMetricAlarmCommand);
    expect(ordersRun.logger.warn).not.toHaveBeenCalled();
  });

  it('refuses an alarm of another component and changes nothing', async () => {
    ordersAlarmsExist({
      ...ordersTags,
      'slipway:component': 'default/billing',
    });

    const ensured = ensureTargetGroupAlarms(run(), alarms, {
      targetGroupArn,
      loadBalancerArn,
    });

    await expect(ensured).rejects.toThrow(ConflictError);
    await expect(ensured).rejects.toThrow(
      "The alarm 'orders-dev-target-5xx' already exists in account 123456789012 (eu-west-1) and does not belong to 'default/orders'",
    );
    expect(cloudwatch).not.toHaveReceivedCommand(PutMetricAlarmCommand);
  });

  it('reports how its own alarm differs and leaves it unchanged', async () => {
    ordersAlarmsExist();
    const ordersRun = run();

    await ensureTargetGroupAlarms(ordersRun, alarms, {
      targetGroupArn,
      loadBalancerArn,
    });

    expect(cloudwatch).not.toHaveReceivedCommand(PutMetricAlarmCommand);
    expect(ordersRun.logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        `The alarm 'orders-dev-target-5xx' already exists in account 123456789012 (eu-west-1) and differs from what was requested: its alarm actions are ${topicArn} (requested none)`,
      ),
    );
  });

  it('deletes the alarms it created when a later step fails', async () => {
    cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [] });
    cloudwatch.on(PutMetricAlarmCommand).resolves({});
    cloudwatch.on(DeleteAlarmsCommand).resolves({});
    const failing = run();
    await ensureTargetGroupAlarms(failing, alarms, {
      targetGroupArn,
      loadBalancerArn,
    });

    await failing.rollback.run();

    expect(
      cloudwatch
        .commandCalls(DeleteAlarmsCommand)
        .map(c => c.args[0].input.AlarmNames),
    ).toEqual([['orders-dev-unhealthy-hosts'], ['orders-dev-target-5xx']]);
  });
});

describe('alarm dimensions', () => {
  it('are the ARN suffixes CloudWatch names target groups and load balancers by', () => {
    expect(targetGroupDimension(targetGroupArn)).toBe(
      'targetgroup/orders-dev/6d0ecf831eec9f09',
    );
    expect(loadBalancerDimension(loadBalancerArn)).toBe(
      'app/dev/50dc6c495c0c9188',
    );
  });
});
