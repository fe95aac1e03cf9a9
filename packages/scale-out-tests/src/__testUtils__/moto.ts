import {
  EventBridgeClient,
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
// The rule's pattern is the plugin's own (not a copy that could drift); it is
// not exported from the package, hence the deep import.
// eslint-disable-next-line @backstage/no-forbidden-package-imports
import { SLIPWAY_EVENT_PATTERN } from '@slipway/plugin-codepipeline-backend/src/events/awsChangeEvents';

/** The credentials moto accepts; also what the SQS module's default chain finds in the environment. */
export const MOTO_CREDENTIALS = {
  accessKeyId: 'AKIAMOTOMOTOMOTOMOTO',
  secretAccessKey: 'moto',
};

/**
 * moto 5.2.1 sends a rule's SQS target the event without its `account`
 * field (its default input template drops it); AWS sends the whole envelope.
 * The target gets the envelope AWS sends, written out as an input transformer.
 */
const AWS_ENVELOPE = {
  InputPathsMap: {
    id: '$.id',
    time: '$.time',
    'detail-type': '$.detail-type',
    source: '$.source',
    account: '$.account',
    region: '$.region',
    resources: '$.resources',
    detail: '$.detail',
  },
  InputTemplate:
    '{"version": "0", "id": "<id>", "detail-type": "<detail-type>", "source": "<source>", "account": "<account>", "time": <time>, "region": "<region>", "resources": <resources>, "detail": <detail>}',
};

/**
 * The platform step of the README in moto: a queue, and a rule on the default
 * bus with Slipway's pattern whose target is the queue. `publish` puts an
 * event on the bus as AWS would (PutEvents → rule → SQS).
 */
export async function provisionDeliveryEvents(options: {
  endpoint: string;
  region: string;
  queueName: string;
}) {
  const client = {
    region: options.region,
    endpoint: options.endpoint,
    credentials: MOTO_CREDENTIALS,
  };
  const sqs = new SQSClient(client);
  const eventBridge = new EventBridgeClient(client);
  const { QueueUrl } = await sqs.send(
    new CreateQueueCommand({
      QueueName: options.queueName,
      Attributes: { MessageRetentionPeriod: '3600' },
    }),
  );
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl,
      AttributeNames: ['QueueArn'],
    }),
  );
  await eventBridge.send(
    new PutRuleCommand({
      Name: options.queueName,
      EventPattern: JSON.stringify(SLIPWAY_EVENT_PATTERN),
    }),
  );
  await eventBridge.send(
    new PutTargetsCommand({
      Rule: options.queueName,
      Targets: [
        {
          Id: 'backstage',
          Arn: Attributes!.QueueArn,
          InputTransformer: AWS_ENVELOPE,
        },
      ],
    }),
  );
  return {
    queueUrl: QueueUrl!,
    /** One event on the default bus; resolves when EventBridge accepted it. */
    async publish(event: {
      source: string;
      detailType: string;
      resources: string[];
      detail: Record<string, unknown>;
    }) {
      const { FailedEntryCount, Entries } = await eventBridge.send(
        new PutEventsCommand({
          Entries: [
            {
              Source: event.source,
              DetailType: event.detailType,
              Resources: event.resources,
              Detail: JSON.stringify(event.detail),
            },
          ],
        }),
      );
      if (FailedEntryCount) {
        throw new Error(`PutEvents failed: ${JSON.stringify(Entries)}`);
      }
    },
    destroy() {
      sqs.destroy();
      eventBridge.destroy();
    },
  };
}

/** What CodePipeline sends when a pipeline's execution changes state. */
export function pipelineExecutionChange(
  pipelineArn: string,
  state: string,
): Parameters<
  Awaited<ReturnType<typeof provisionDeliveryEvents>>['publish']
>[0] {
  const name = pipelineArn.split(':').pop()!;
  return {
    source: 'aws.codepipeline',
    detailType: 'CodePipeline Pipeline Execution State Change',
    resources: [pipelineArn],
    detail: {
      pipeline: name,
      'execution-id': '8d6b1c2a-3f4e-4a5b-9c8d-7e6f5a4b3c2d',
      'execution-trigger': { 'trigger-type': 'Webhook' },
      state,
      version: 4,
      'pipeline-execution-attempt': 1,
    },
  };
}
