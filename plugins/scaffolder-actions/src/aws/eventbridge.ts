import {
  DeleteRuleCommand,
  DescribeRuleCommand,
  EventBridgeClient,
  ListTagsForResourceCommand,
  ListTargetsByRuleCommand,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import type { AwsTarget } from './clients';
import { isAwsError, withAwsErrors } from './errors';
import { asKeyValueTags, fromKeyValueTags, TagMap } from './tags';

/** A rule on the default event bus, in Slipway's terms. */
export interface EventRule {
  arn: string;
  /** JSON text. */
  eventPattern: string;
  state: string;
  tags: TagMap;
}

/** Where a rule sends matching events, and the message it sends (an input transformer). */
export interface RuleTarget {
  id: string;
  arn: string;
  inputPathsMap?: Record<string, string>;
  inputTemplate?: string;
}

/** EventBridge rules on the default bus of one account and region. */
export class EventRules {
  constructor(
    private readonly events: EventBridgeClient,
    private readonly target: AwsTarget,
  ) {}

  async find(name: string): Promise<EventRule | undefined> {
    return this.call(`look up the EventBridge rule '${name}'`, async () => {
      try {
        const rule = await this.events.send(
          new DescribeRuleCommand({ Name: name }),
        );
        const arn = rule.Arn ?? '';
        const { Tags } = await this.events.send(
          new ListTagsForResourceCommand({ ResourceARN: arn }),
        );
        return {
          arn,
          eventPattern: rule.EventPattern ?? '',
          state: rule.State ?? '',
          tags: fromKeyValueTags(Tags),
        };
      } catch (error) {
        if (isAwsError(error, 'ResourceNotFoundException')) return undefined;
        throw error;
      }
    });
  }

  /** Creates an enabled rule; returns its ARN. */
  async create(
    name: string,
    rule: { description: string; eventPattern: string; tags: TagMap },
  ): Promise<string> {
    return this.call(`create the EventBridge rule '${name}'`, async () => {
      const { RuleArn } = await this.events.send(
        new PutRuleCommand({
          Name: name,
          Description: rule.description,
          EventPattern: rule.eventPattern,
          State: 'ENABLED',
          Tags: asKeyValueTags(rule.tags),
        }),
      );
      return RuleArn ?? '';
    });
  }

  /** The rule's own tags, by its ARN. */
  async tags(arn: string): Promise<TagMap> {
    return this.call(
      `read the tags of the EventBridge rule ${arn}`,
      async () => {
        const { Tags } = await this.events.send(
          new ListTagsForResourceCommand({ ResourceARN: arn }),
        );
        return fromKeyValueTags(Tags);
      },
    );
  }

  /** Every target of the rule, all pages; `eventBusName` defaults to the default bus. */
  async targets(name: string, eventBusName?: string): Promise<RuleTarget[]> {
    return this.call(`list the targets of the rule '${name}'`, async () => {
      const found: RuleTarget[] = [];
      let NextToken: string | undefined;
      do {
        const page = await this.events.send(
          new ListTargetsByRuleCommand({
            Rule: name,
            EventBusName: eventBusName,
            NextToken,
          }),
        );
        for (const t of page.Targets ?? []) {
          found.push({
            id: t.Id ?? '',
            arn: t.Arn ?? '',
            inputPathsMap: t.InputTransformer?.InputPathsMap,
            inputTemplate: t.InputTransformer?.InputTemplate,
          });
        }
        NextToken = page.NextToken;
      } while (NextToken);
      return found;
    });
  }

  async putTarget(name: string, target: RuleTarget): Promise<void> {
    await this.call(
      `add the target ${target.arn} to the rule '${name}'`,
      async () => {
        const result = await this.events.send(
          new PutTargetsCommand({
            Rule: name,
            Targets: [
              {
                Id: target.id,
                Arn: target.arn,
                ...(target.inputTemplate && {
                  InputTransformer: {
                    InputPathsMap: target.inputPathsMap,
                    InputTemplate: target.inputTemplate,
                  },
                }),
              },
            ],
          }),
        );
        const failed = result.FailedEntries?.[0];
        if (result.FailedEntryCount || failed) {
          throw Object.assign(
            new Error(failed?.ErrorMessage ?? 'the target was not added'),
            { name: failed?.ErrorCode ?? 'PutTargetsFailed', $fault: 'client' },
          );
        }
      },
    );
  }

  async removeTargets(name: string, ids: string[]): Promise<void> {
    if (!ids.length) return;
    await this.call(`remove the targets of the rule '${name}'`, () =>
      this.events.send(new RemoveTargetsCommand({ Rule: name, Ids: ids })),
    );
  }

  /**
   * Deletes the rule after removing its targets (EventBridge requires that
   * order); fails, naming them, when some targets could not be removed.
   * `eventBusName` defaults to the default bus.
   */
  async delete(name: string, eventBusName?: string): Promise<void> {
    const rule = { Rule: name, EventBusName: eventBusName };
    const targets = await this.targets(name, eventBusName);
    if (targets.length) {
      await this.call(`remove the targets of the rule '${name}'`, async () => {
        const { FailedEntries = [] } = await this.events.send(
          new RemoveTargetsCommand({ ...rule, Ids: targets.map(t => t.id) }),
        );
        if (FailedEntries.length) {
          throw new Error(
            `could not remove the targets of the rule '${name}': ${FailedEntries.map(
              f => `${f.TargetId}: ${f.ErrorMessage}`,
            ).join('; ')}`,
          );
        }
      });
    }
    await this.call(`delete the EventBridge rule '${name}'`, () =>
      this.events.send(
        new DeleteRuleCommand({ Name: name, EventBusName: eventBusName }),
      ),
    );
  }

  private call<T>(doing: string, fn: () => Promise<T>): Promise<T> {
    return withAwsErrors({ doing, target: this.target }, fn);
  }
}
