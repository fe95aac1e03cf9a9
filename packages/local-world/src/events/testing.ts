/**
 * For the events tests: the portal's side of live updates in moto — an SQS
 * queue and an EventBridge rule with Slipway's pattern that targets it, in
 * one account and region — and reading what reached the queue; or an event
 * as it would reach it, without moto.
 */
import type { Place } from '../server/accounts';
import { upstreamHeaders } from '../server/upstream';
import type { AwsEvent } from './emitter';

/** The event as moto's rule target (SQS) delivers it to the portal. */
export const delivered = (event: AwsEvent) => ({
  version: '0',
  id: 'e1',
  'detail-type': event.detailType,
  source: event.source,
  account: event.place.accountId,
  time: event.time.toISOString(),
  region: event.place.region,
  resources: event.resources,
  detail: event.detail,
});

async function json10(
  upstream: string,
  where: Place,
  service: string,
  target: string,
  body: object,
): Promise<any> {
  const response = await fetch(upstream, {
    method: 'POST',
    headers: {
      'content-type':
        service === 'sqs'
          ? 'application/x-amz-json-1.0'
          : 'application/x-amz-json-1.1',
      'x-amz-target': target,
      ...upstreamHeaders(where, service),
    },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status !== 200) {
    throw new Error(`${target}: HTTP ${response.status} ${text}`);
  }
  return text ? JSON.parse(text) : {};
}

/** Creates the queue, the rule (`pattern`) and its target; the queue's URL. */
export async function deliveryQueue(
  upstream: string,
  where: Place,
  pattern: object,
): Promise<string> {
  const name = 'slipway-delivery-events';
  const { QueueUrl } = await json10(
    upstream,
    where,
    'sqs',
    'AmazonSQS.CreateQueue',
    { QueueName: name },
  );
  const { Attributes } = await json10(
    upstream,
    where,
    'sqs',
    'AmazonSQS.GetQueueAttributes',
    { QueueUrl, AttributeNames: ['QueueArn'] },
  );
  await json10(upstream, where, 'events', 'AWSEvents.PutRule', {
    Name: name,
    EventPattern: JSON.stringify(pattern),
  });
  await json10(upstream, where, 'events', 'AWSEvents.PutTargets', {
    Rule: name,
    Targets: [{ Id: 'backstage', Arn: Attributes.QueueArn }],
  });
  return QueueUrl;
}

/** Receives (and deletes) what the queue holds now: the message bodies, parsed. */
export async function receiveAll(
  upstream: string,
  where: Place,
  queueUrl: string,
): Promise<any[]> {
  const bodies: any[] = [];
  for (;;) {
    const { Messages = [] } = await json10(
      upstream,
      where,
      'sqs',
      'AmazonSQS.ReceiveMessage',
      { QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 },
    );
    if (Messages.length === 0) return bodies;
    for (const message of Messages) {
      bodies.push(JSON.parse(message.Body));
      await json10(upstream, where, 'sqs', 'AmazonSQS.DeleteMessage', {
        QueueUrl: queueUrl,
        ReceiptHandle: message.ReceiptHandle,
      });
    }
  }
}
