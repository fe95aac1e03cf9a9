import type { AwsTarget } from './aws/clients';
import { awsPartition } from './aws/resourceLocations';

/**
 * The documents of a component's alerting: who may publish to its topic,
 * which events count as a failed pipeline, and the message they become.
 */

/**
 * The topic's access policy: EventBridge (failed pipelines) and CloudWatch
 * (target group alarms) may publish, for this account only. Principals of the
 * account itself need no statement here: their IAM policies suffice.
 */
export function alertTopicPolicy(topicArn: string, accountId: string): string {
  const publishFrom = (Sid: string, service: string) => ({
    Sid,
    Effect: 'Allow',
    Principal: { Service: service },
    Action: 'sns:Publish',
    Resource: topicArn,
    Condition: { StringEquals: { 'aws:SourceAccount': accountId } },
  });
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      publishFrom('PipelineFailureEvents', 'events.amazonaws.com'),
      publishFrom('AlarmNotifications', 'cloudwatch.amazonaws.com'),
    ],
  });
}

/** Every execution of the pipeline that ends FAILED, whichever stage failed (build and unit tests included). */
export function pipelineFailurePattern(pipelineName: string): string {
  return JSON.stringify({
    source: ['aws.codepipeline'],
    'detail-type': ['CodePipeline Pipeline Execution State Change'],
    detail: { state: ['FAILED'], pipeline: [pipelineName] },
  });
}

/** The id of the rule's one target, the alert topic. */
export const ALERT_TOPIC_TARGET_ID = 'slipway-alert-topic';

/**
 * The input transformer of the rule's target: an AWS Chatbot (Amazon Q
 * Developer in chat applications) custom notification, which e-mail
 * subscribers read as it is: title, description with the console link, next steps.
 */
export function pipelineFailureMessage(
  target: AwsTarget,
  pipelineName: string,
): { inputPathsMap: Record<string, string>; inputTemplate: string } {
  const { consoleHost } = awsPartition(target.region);
  const executionUrl = `https://${consoleHost}/codesuite/codepipeline/pipelines/<pipeline>/executions/<execution>/timeline?region=${target.region}`;
  return {
    inputPathsMap: {
      pipeline: '$.detail.pipeline',
      execution: '$.detail.execution-id',
      time: '$.time',
    },
    inputTemplate: JSON.stringify({
      version: '1.0',
      source: 'custom',
      id: '<execution>',
      content: {
        textType: 'client-markdown',
        title: ':x: Pipeline <pipeline> failed',
        description: `Execution <execution> of the pipeline <pipeline> failed at <time> (a build with failing unit tests, a rejected approval or a failed deployment). Details: ${executionUrl}`,
        nextSteps: [
          `Open the execution: ${executionUrl}`,
          'Read the log of the failed action, fix the cause and push, or retry the failed stage',
        ],
      },
      metadata: {
        summary: `Pipeline ${pipelineName} failed`,
        eventType: 'PipelineExecutionFailed',
      },
    }),
  };
}

/**
 * Each address once, in the order given, whatever its case (SNS compares
 * endpoints without it); empty strings (a group without an e-mail) dropped.
 */
export function uniqueEmails(emails: string[]): string[] {
  const seen = new Map<string, string>();
  for (const email of emails.filter(Boolean)) {
    if (!seen.has(email.toLowerCase())) seen.set(email.toLowerCase(), email);
  }
  return [...seen.values()];
}
