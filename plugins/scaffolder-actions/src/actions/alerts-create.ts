import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SNSClient } from '@aws-sdk/client-sns';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { z as zod } from 'zod/v3';
import {
  ALERT_TOPIC_TARGET_ID,
  alertTopicPolicy,
  pipelineFailureMessage,
  pipelineFailurePattern,
  uniqueEmails,
} from '../alerts';
import {
  ensureAlertTopic,
  ensureFailureRule,
  subscribeEmails,
} from '../aws/ensureAlerts';
import { EventRules } from '../aws/eventbridge';
import { describeTags } from '../aws/lookBeforeCreate';
import { regionalArn } from '../aws/resourceLocations';
import { SnsTopics } from '../aws/sns';
import { alertTopicName, pipelineFailureRuleName } from '../names';
import { examples } from './alerts-create.examples';
import {
  componentInputs,
  planOutput,
  provision,
  resolveScope,
  validateInputs,
} from './common';
import type { SlipwayActionDeps } from './deps';

export const ALERTS_CREATE_ACTION_ID = 'slipway:alerts:create';

export const alertsCreateInputSchema = (z: typeof zod) =>
  z.object({
    ...componentInputs(z),
    pipelineName: z
      .string()
      .regex(/^[A-Za-z0-9.@_-]{1,100}$/, {
        message: 'must be a CodePipeline pipeline name',
      })
      .optional()
      .describe(
        'Pipeline whose failed executions alert the developers. Defaults to the component name.',
      ),
    emails: z
      .array(z.union([z.literal(''), z.string().email().max(254)]))
      .max(20)
      .optional()
      .describe(
        'E-mail addresses to subscribe, e.g. the owner group’s catalog e-mail (an empty string, for a group without one, is ignored); slipway.environments.<env>.alerts.emails are added. Each address confirms by a link SNS mails it.',
      ),
  });

const outputSchema = (z: typeof zod) =>
  z.object({
    topicArn: z
      .string()
      .describe(
        'ARN of the SNS alert topic (<component>-alerts): give it to the alarms, or map it to a chat channel in AWS Chatbot (Amazon Q Developer in chat applications).',
      ),
    ruleArn: z
      .string()
      .describe(
        'ARN of the EventBridge rule (<component>-pipeline-failed) that sends failed pipeline executions to the topic.',
      ),
    subscribedEmails: z
      .array(z.string())
      .describe(
        'Addresses subscribed to the topic, confirmed or awaiting confirmation (empty on a dry run).',
      ),
    plan: planOutput(z),
  });

/**
 * `slipway:alerts:create`: the component's alert topic, its e-mail
 * subscriptions and the rule that sends failed pipeline executions to it.
 */
export function createAlertsCreateAction(deps: SlipwayActionDeps) {
  return createTemplateAction({
    id: ALERTS_CREATE_ACTION_ID,
    description:
      'Creates (or reuses) the SNS alert topic of a component, subscribes the owner’s e-mail addresses, and an EventBridge rule that publishes every failed pipeline execution to it (AWS Chatbot ready).',
    examples,
    supportsDryRun: true,
    schema: { input: alertsCreateInputSchema, output: outputSchema },
    async handler(ctx) {
      const input = validateInputs(alertsCreateInputSchema, ctx.input);
      const scope = resolveScope(deps, input, ctx.task.id);
      const { target, where } = scope;
      const pipelineName = input.pipelineName ?? input.component;
      const topic = alertTopicName(input.component);
      const rule = pipelineFailureRuleName(input.component);
      const topicArn = regionalArn(target, 'sns', topic);
      const policy = alertTopicPolicy(topicArn, target.accountId);
      const emails = uniqueEmails([
        ...(input.emails ?? []),
        ...(scope.environment.alerts?.emails ?? []),
      ]);
      ctx.output('topicArn', topicArn);
      ctx.output('ruleArn', regionalArn(target, 'events', `rule/${rule}`));

      const result = await provision(ctx, {
        key: `alerts.${target.accountId}.${target.region}.${input.component}`,
        plan: () => [
          `Create the SNS topic '${topic}' ${where}, or reuse it; EventBridge and CloudWatch (this account only) may publish to it`,
          emails.length
            ? `Subscribe by e-mail (each confirms by a link): ${emails.join(
                ', ',
              )}`
            : 'Subscribe no e-mail address (none given, none in alerts.emails)',
          `Create the EventBridge rule '${rule}': failed executions of the pipeline '${pipelineName}' → the topic, as a readable message with the console link`,
          `Tags: ${describeTags(scope.tags)}`,
        ],
        apply: async rollback => {
          const run = { ...scope, logger: ctx.logger, rollback };
          const topics = new SnsTopics(
            await deps.clients.get(SNSClient, target),
            target,
          );
          const rules = new EventRules(
            await deps.clients.get(EventBridgeClient, target),
            target,
          );
          const created = await ensureAlertTopic(run, topics, {
            name: topic,
            policy,
          });
          const subscribed = await subscribeEmails(
            run,
            topics,
            created.arn,
            emails,
          );
          const ruleResult = await ensureFailureRule(run, rules, {
            name: rule,
            description: `Slipway: failed executions of ${pipelineName} alert ${scope.subject.component}'s developers`,
            eventPattern: pipelineFailurePattern(pipelineName),
            target: {
              id: ALERT_TOPIC_TARGET_ID,
              arn: created.arn,
              ...pipelineFailureMessage(target, pipelineName),
            },
          });
          return { topicArn: created.arn, ruleArn: ruleResult.arn, subscribed };
        },
      });
      if (result) {
        ctx.output('topicArn', result.topicArn);
        ctx.output('ruleArn', result.ruleArn);
      }
      ctx.output('subscribedEmails', result?.subscribed ?? []);
    },
  });
}
