import {
  DeleteAlarmsCommand,
  DescribeAlarmsCommand,
  ListTagsForResourceCommand,
  MetricAlarm,
  PutMetricAlarmCommand,
  PutMetricAlarmCommandInput,
  ServiceInputTypes,
  ServiceOutputTypes,
  Tag,
} from '@aws-sdk/client-cloudwatch';
import type { AwsStub } from 'aws-sdk-client-mock';

/** In-memory CloudWatch metric alarms (and their tags) behind a mocked client. */
export function fakeAlarms(
  cloudwatch: AwsStub<ServiceInputTypes, ServiceOutputTypes, any>,
) {
  const alarms = new Map<string, PutMetricAlarmCommandInput>();
  const arn = (name: string) =>
    `arn:aws:cloudwatch:eu-west-1:123456789012:alarm:${name}`;

  cloudwatch.on(DescribeAlarmsCommand).callsFake(({ AlarmNames }) => ({
    MetricAlarms: (AlarmNames ?? []).flatMap((name: string) => {
      const alarm = alarms.get(name);
      if (!alarm) return [];
      const { Tags: _tags, ...described } = alarm;
      return [{ ...described, AlarmArn: arn(name) } as MetricAlarm];
    }),
  }));
  cloudwatch.on(PutMetricAlarmCommand).callsFake(input => {
    alarms.set(input.AlarmName!, input);
    return {};
  });
  cloudwatch.on(ListTagsForResourceCommand).callsFake(({ ResourceARN }) => ({
    Tags: alarms.get(ResourceARN!.split(':alarm:')[1])?.Tags ?? [],
  }));
  cloudwatch.on(DeleteAlarmsCommand).callsFake(({ AlarmNames }) => {
    (AlarmNames ?? []).forEach((name: string) => alarms.delete(name));
    return {};
  });

  return {
    names: () => [...alarms.keys()],
    get: (name: string) => alarms.get(name),
    tagsOf: (name: string) =>
      Object.fromEntries(
        (alarms.get(name)?.Tags ?? []).map((t: Tag) => [t.Key, t.Value]),
      ),
  };
}
