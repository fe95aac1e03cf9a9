/**
 * The platform step of live updates, in the local world: the queue the
 * portal's AWS SQS events module reads, and the EventBridge rule that sends
 * delivery events to it (plugins/codepipeline-backend/README.md, "Live
 * updates", shows the same as CloudFormation).
 */
import {
  EventBridgeClient,
  PutRuleCommand,
  PutTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  SetQueueAttributesCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { SLIPWAY_EVENT_PATTERN } from '../../plugins/codepipeline-backend/src/events/awsChangeEvents';

const NAME = 'slipway-delivery-events';

export async function createDeliveryEventsQueue(
  region: string,
): Promise<{ queueUrl: string }> {
  const sqs = new SQSClient({ region });
  const events = new EventBridgeClient({ region });
  try {
    const { QueueUrl } = await sqs.send(
      new CreateQueueCommand({
        QueueName: NAME,
        Attributes: { MessageRetentionPeriod: '3600' },
      }),
    );
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl,
        AttributeNames: ['QueueArn'],
      }),
    );
    const queueArn = Attributes!.QueueArn!;
    const { RuleArn } = await events.send(
      new PutRuleCommand({
        Name: NAME,
        EventPattern: JSON.stringify(SLIPWAY_EVENT_PATTERN),
        Description: 'Delivery events for the portal (Slipway live updates)',
      }),
    );
    await sqs.send(
      new SetQueueAttributesCommand({
        QueueUrl,
        Attributes: {
          Policy: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: { Service: 'events.amazonaws.com' },
                Action: 'sqs:SendMessage',
                Resource: queueArn,
                Condition: { ArnEquals: { 'aws:SourceArn': RuleArn } },
              },
            ],
          }),
        },
      }),
    );
    await events.send(
      new PutTargetsCommand({
        Rule: NAME,
        Targets: [{ Id: 'backstage', Arn: queueArn }],
      }),
    );
    return { queueUrl: QueueUrl! };
  } finally {
    sqs.destroy();
    events.destroy();
  }
}

/** The portal's configuration for that queue: the SQS module and the plugin. */
export function liveUpdatesConfig(queueUrl: string, region: string) {
  return {
    events: {
      modules: {
        awsSqs: {
          awsSqsConsumingEventPublisher: {
            topics: {
              'aws-delivery': {
                queue: { url: queueUrl, region, waitTime: { seconds: 1 } },
                // The module's default pause after an empty receive is a minute.
                waitTimeAfterEmptyReceive: { milliseconds: 200 },
              },
            },
          },
        },
      },
    },
    codepipeline: { liveUpdates: { enabled: true, topic: 'aws-delivery' } },
  };
}
