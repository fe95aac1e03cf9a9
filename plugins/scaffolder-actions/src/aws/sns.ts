import {
  CreateTopicCommand,
  DeleteTopicCommand,
  GetTopicAttributesCommand,
  ListSubscriptionsByTopicCommand,
  ListTagsForResourceCommand,
  SNSClient,
  SubscribeCommand,
  UnsubscribeCommand,
} from '@aws-sdk/client-sns';
import type { AwsTarget } from './clients';
import { isAwsError, withAwsErrors } from './errors';
import { regionalArn } from './resourceLocations';
import { asKeyValueTags, fromKeyValueTags, TagMap } from './tags';

/** An SNS topic, in Slipway's terms. */
export interface SnsTopic {
  arn: string;
  /** The topic's access policy, JSON text. */
  policy: string;
  tags: TagMap;
}

/** An e-mail subscription of a topic; `arn` is `PendingConfirmation` until the address confirms. */
export interface EmailSubscription {
  email: string;
  arn: string;
}

/** SNS topics of one account and region. */
export class SnsTopics {
  constructor(
    private readonly sns: SNSClient,
    private readonly target: AwsTarget,
  ) {}

  /** Topic ARNs follow from the name: SNS has no look-up by name. */
  arn(name: string): string {
    return regionalArn(this.target, 'sns', name);
  }

  async find(name: string): Promise<SnsTopic | undefined> {
    const arn = this.arn(name);
    return this.call(`look up the SNS topic '${name}'`, async () => {
      try {
        const { Attributes } = await this.sns.send(
          new GetTopicAttributesCommand({ TopicArn: arn }),
        );
        const { Tags } = await this.sns.send(
          new ListTagsForResourceCommand({ ResourceArn: arn }),
        );
        return {
          arn,
          policy: Attributes?.Policy ?? '',
          tags: fromKeyValueTags(Tags),
        };
      } catch (error) {
        if (isAwsError(error, 'NotFoundException', 'NotFound')) {
          return undefined;
        }
        throw error;
      }
    });
  }

  /** The topic's own tags, by its ARN. */
  async tags(arn: string): Promise<TagMap> {
    return this.call(`read the tags of the SNS topic ${arn}`, async () => {
      const { Tags } = await this.sns.send(
        new ListTagsForResourceCommand({ ResourceArn: arn }),
      );
      return fromKeyValueTags(Tags);
    });
  }

  async create(name: string, policy: string, tags: TagMap): Promise<string> {
    return this.call(`create the SNS topic '${name}'`, async () => {
      const { TopicArn } = await this.sns.send(
        new CreateTopicCommand({
          Name: name,
          Attributes: { Policy: policy },
          Tags: asKeyValueTags(tags),
        }),
      );
      return TopicArn ?? this.arn(name);
    });
  }

  /** Deletes the topic and with it every subscription. */
  async delete(arn: string): Promise<void> {
    await this.call(`delete the SNS topic ${arn}`, () =>
      this.sns.send(new DeleteTopicCommand({ TopicArn: arn })),
    );
  }

  /** Every e-mail subscription of the topic, confirmed or pending, all pages. */
  async emailSubscriptions(arn: string): Promise<EmailSubscription[]> {
    return this.call(`list the subscriptions of ${arn}`, async () => {
      const found: EmailSubscription[] = [];
      let NextToken: string | undefined;
      do {
        const page = await this.sns.send(
          new ListSubscriptionsByTopicCommand({ TopicArn: arn, NextToken }),
        );
        for (const s of page.Subscriptions ?? []) {
          if (s.Protocol === 'email' && s.Endpoint) {
            found.push({ email: s.Endpoint, arn: s.SubscriptionArn ?? '' });
          }
        }
        NextToken = page.NextToken;
      } while (NextToken);
      return found;
    });
  }

  /** Subscribes the address; SNS mails it a confirmation link. Returns the subscription ARN. */
  async subscribeEmail(arn: string, email: string): Promise<string> {
    return this.call(`subscribe ${email} to ${arn}`, async () => {
      const { SubscriptionArn } = await this.sns.send(
        new SubscribeCommand({
          TopicArn: arn,
          Protocol: 'email',
          Endpoint: email,
          ReturnSubscriptionArn: true,
        }),
      );
      return SubscriptionArn ?? '';
    });
  }

  async unsubscribe(subscriptionArn: string): Promise<void> {
    await this.call(`remove the subscription ${subscriptionArn}`, () =>
      this.sns.send(
        new UnsubscribeCommand({ SubscriptionArn: subscriptionArn }),
      ),
    );
  }

  private call<T>(doing: string, fn: () => Promise<T>): Promise<T> {
    return withAwsErrors({ doing, target: this.target }, fn);
  }
}
