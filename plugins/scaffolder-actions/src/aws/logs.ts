import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  DeleteLogGroupCommand,
  DescribeLogGroupsCommand,
  ListTagsForResourceCommand,
  paginateDescribeLogGroups,
  PutRetentionPolicyCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import type { AwsTarget } from './clients';
import { withAwsErrors } from './errors';
import { ensure, Run, settingDifference } from './lookBeforeCreate';
import { logGroupArn } from './resourceLocations';
import type { TagMap } from './tags';

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

  /** Names of every log group whose name starts with `prefix`, all pages. */
  async namesUnderPrefix(prefix: string): Promise<string[]> {
    return this.call(`list the log groups under '${prefix}'`, async () => {
      const names: string[] = [];
      for await (const page of paginateDescribeLogGroups(
        { client: this.logs },
        { logGroupNamePrefix: prefix },
      )) {
        for (const group of page.logGroups ?? []) {
          if (group.logGroupName) names.push(group.logGroupName);
        }
      }
      return names;
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
  request: { name: string; retentionInDays: number },
  run: Run,
): Promise<{ arn: string; created: boolean }> {
  const { value, created } = await ensure(run, {
    what: `the log group '${request.name}'`,
    find: () => groups.find(request.name),
    ownerTags: () => groups.tags(request.name),
    differences: existing =>
      settingDifference(
        'its retention is',
        existing.retentionInDays ?? 'never expire',
        request.retentionInDays,
      ),
    advice: 'adjust it in the CloudWatch console if needed',
    reuse: existing => existing.arn,
    create: async () => {
      const arn = await groups.create(request.name, run.tags);
      try {
        await groups.putRetention(request.name, request.retentionInDays);
      } catch (error) {
        // Not yet recorded for rollback: a group without its retention is not left behind.
        await groups.delete(request.name).catch(() => undefined);
        throw error;
      }
      return arn;
    },
    remove: () => groups.delete(request.name),
  });
  return { arn: value, created };
}
