import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  DeleteLogGroupCommand,
  DescribeLogGroupsCommand,
  ListTagsForResourceCommand,
  PutRetentionPolicyCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { AwsTarget } from './clients';
import { withAwsErrors } from './errors';
import {
  componentTagDifference,
  reportExisting,
  Rollback,
  settingDifference,
} from './lookBeforeCreate';
import { logGroupArn } from './resourceLocations';
import type { TagMap, Ownership } from './tags';

export interface LogGroup {
  name: string;
  arn: string;
  retentionInDays?: number;
}

/** CloudWatch Logs log groups of one account and region. */
export class LogGroups {
  constructor(
    private readonly logs: CloudWatchLogsClient,
    private readonly target: AwsTarget,
  ) {}

  async find(name: string): Promise<LogGroup | undefined> {
    return this.call(`look up the log group '${name}'`, async () => {
      const { logGroups } = await this.logs.send(
        new DescribeLogGroupsCommand({ logGroupNamePrefix: name }),
      );
      const group = logGroups?.find(g => g.logGroupName === name);
      return group
        ? {
            name,
            arn: logGroupArn(this.target, name),
            retentionInDays: group.retentionInDays,
          }
        : undefined;
    });
  }

  /** Creates the log group and returns its ARN. */
  async create(name: string, tags: TagMap): Promise<string> {
    await this.call(`create the log group '${name}'`, () =>
      this.logs.send(new CreateLogGroupCommand({ logGroupName: name, tags })),
    );
    return logGroupArn(this.target, name);
  }

  async putRetention(name: string, retentionInDays: number): Promise<void> {
    await this.call(`set the retention of the log group '${name}'`, () =>
      this.logs.send(
        new PutRetentionPolicyCommand({ logGroupName: name, retentionInDays }),
      ),
    );
  }

  async tags(name: string): Promise<TagMap> {
    return this.call(`read the tags of the log group '${name}'`, async () => {
      const { tags } = await this.logs.send(
        new ListTagsForResourceCommand({
          resourceArn: logGroupArn(this.target, name),
        }),
      );
      return tags ?? {};
    });
  }

  async delete(name: string): Promise<void> {
    await this.call(`delete the log group '${name}'`, () =>
      this.logs.send(new DeleteLogGroupCommand({ logGroupName: name })),
    );
  }

  private call<T>(doing: string, fn: () => Promise<T>): Promise<T> {
    return withAwsErrors({ doing, target: this.target }, fn);
  }
}

/** Look-before-create for a log group with a retention period. */
export async function ensureLogGroup(
  groups: LogGroups,
  request: {
    name: string;
    retentionInDays: number;
    subject: Ownership;
    tags: TagMap;
  },
  logger: LoggerService,
  rollback: Rollback,
  where: string,
): Promise<{ arn: string; created: boolean }> {
  const what = `the log group '${request.name}'`;
  const existing = await groups.find(request.name);
  if (existing) {
    reportExisting(
      logger,
      what,
      where,
      [
        ...settingDifference(
          'its retention is',
          existing.retentionInDays ?? 'never expire',
          request.retentionInDays,
        ),
        ...componentTagDifference(
          await groups.tags(request.name),
          request.subject,
        ),
      ],
      'adjust it in the CloudWatch console if needed',
    );
    return { arn: existing.arn, created: false };
  }
  const arn = await groups.create(request.name, request.tags);
  rollback.created(what, () => groups.delete(request.name));
  await groups.putRetention(request.name, request.retentionInDays);
  logger.info(
    `Created ${what} ${where}, keeping logs ${request.retentionInDays} days`,
  );
  return { arn, created: true };
}
