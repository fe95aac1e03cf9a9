import { uniqueEmails } from '../alerts';
import { EventRules, RuleTarget } from './eventbridge';
import {
  ensure,
  Run,
  sameJsonDocument,
  settingDifference,
} from './lookBeforeCreate';
import { SnsTopics } from './sns';

/** The component's alert topic: reused when it is ours, created with its access policy otherwise. */
export async function ensureAlertTopic(
  run: Run,
  topics: SnsTopics,
  request: { name: string; policy: string },
): Promise<{ arn: string; created: boolean }> {
  const what = `the SNS topic '${request.name}'`;
  const { value, created } = await ensure(run, {
    what,
    find: () => topics.find(request.name),
    differences: existing => [
      ...(sameJsonDocument(existing.policy, request.policy)
        ? []
        : [
            `its access policy differs (EventBridge and CloudWatch need sns:Publish: ${request.policy})`,
          ]),
    ],
    advice: 'compare its access policy with the one in the task log',
    ownerTags: existing => existing.tags,
    reuse: existing => existing.arn,
    create: () => topics.create(request.name, request.policy, run.tags),
    remove: arn => topics.delete(arn),
  });
  return { arn: value, created };
}

/**
 * Subscribes every address the topic does not have yet (confirmed or
 * pending), each once; SNS mails each new one a confirmation link.
 * @returns every requested address, now subscribed or pending confirmation.
 */
export async function subscribeEmails(
  run: Run,
  topics: SnsTopics,
  topicArn: string,
  requested: string[],
): Promise<string[]> {
  const emails = uniqueEmails(requested);
  const existing = new Set(
    (await topics.emailSubscriptions(topicArn)).map(s => s.email.toLowerCase()),
  );
  for (const email of emails) {
    if (existing.has(email.toLowerCase())) {
      run.logger.info(`${email} is already subscribed to ${topicArn}`);
      continue;
    }
    const subscription = await topics.subscribeEmail(topicArn, email);
    run.rollback.created(`the subscription of ${email}`, () =>
      topics.unsubscribe(subscription),
    );
    run.logger.info(
      `Subscribed ${email} to ${topicArn}; SNS mailed it a link to confirm`,
    );
  }
  return emails;
}

/**
 * The rule that sends the pipeline's failures to the topic: reused when it
 * is ours (getting its target if an earlier run stopped before adding it),
 * created and pointed at the topic otherwise.
 */
export async function ensureFailureRule(
  run: Run,
  rules: EventRules,
  request: {
    name: string;
    description: string;
    eventPattern: string;
    target: RuleTarget;
  },
): Promise<{ arn: string; created: boolean }> {
  const what = `the EventBridge rule '${request.name}'`;
  const { value, created } = await ensure(run, {
    what,
    find: () => rules.find(request.name),
    differences: existing => [
      ...(sameJsonDocument(existing.eventPattern, request.eventPattern)
        ? []
        : [`its event pattern differs (requested ${request.eventPattern})`]),
      ...settingDifference('its state is', existing.state, 'ENABLED'),
    ],
    advice: 'edit it in the EventBridge console or delete it and re-run',
    ownerTags: existing => existing.tags,
    reuse: existing => existing.arn,
    create: () =>
      rules.create(request.name, {
        description: request.description,
        eventPattern: request.eventPattern,
        tags: run.tags,
      }),
    remove: () => rules.delete(request.name),
  });
  const targets = created ? [] : await rules.targets(request.name);
  if (!targets.some(t => t.arn === request.target.arn)) {
    await rules.putTarget(request.name, request.target);
    if (!created) {
      run.rollback.created(`the target of ${what}`, () =>
        rules.removeTargets(request.name, [request.target.id]),
      );
    }
    run.logger.info(`${what} sends matching events to ${request.target.arn}`);
  }
  return { arn: value, created };
}
