import {
  DeleteRuleCommand,
  DescribeRuleCommand,
  EventBridgeClient,
  ListTagsForResourceCommand as ListRuleTagsCommand,
  ListTargetsByRuleCommand,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import {
  CreateTopicCommand,
  DeleteTopicCommand,
  GetTopicAttributesCommand,
  ListSubscriptionsByTopicCommand,
  ListTagsForResourceCommand as ListTopicTagsCommand,
  SNSClient,
  SubscribeCommand,
} from '@aws-sdk/client-sns';
import { ConflictError, InputError, NotAllowedError } from '@backstage/errors';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import {
  accessDenied,
  awsError,
  deps,
  mutatingCalls,
  runContext,
} from '../__testUtils__/harness';
import { alertTopicPolicy } from '../alerts';
import { createAlertsCreateAction } from './alerts-create';

const sns = mockClient(SNSClient);
const events = mockClient(EventBridgeClient);
const action = createAlertsCreateAction(deps);

const ordersInput = {
  component: 'orders',
  owner: 'group:default/payments',
  environment: 'dev',
  emails: ['payments@example.com'],
};
const topicArn = 'arn:aws:sns:eu-west-1:123456789012:orders-alerts';
const ruleArn =
  'arn:aws:events:eu-west-1:123456789012:rule/orders-pipeline-failed';
const ordersTags = [
  { Key: 'slipway:component', Value: 'default/orders' },
  { Key: 'slipway:owner', Value: 'group:default/payments' },
  { Key: 'slipway:managed-by', Value: 'backstage' },
];

function nothingExists() {
  sns
    .on(GetTopicAttributesCommand)
    .rejects(awsError('NotFoundException', 'Topic does not exist'));
  sns.on(CreateTopicCommand).resolves({ TopicArn: topicArn });
  sns.on(ListSubscriptionsByTopicCommand).resolves({ Subscriptions: [] });
  sns.on(SubscribeCommand).callsFake(({ Endpoint }) => ({
    SubscriptionArn: `${topicArn}:${Endpoint}`,
  }));
  events
    .on(DescribeRuleCommand)
    .rejects(awsError('ResourceNotFoundException', 'Rule does not exist'));
  events.on(PutRuleCommand).resolves({ RuleArn: ruleArn });
  events.on(PutTargetsCommand).resolves({ FailedEntryCount: 0 });
}

function ourAlertsExist(options: { withTarget: boolean }) {
  sns.on(GetTopicAttributesCommand).resolves({
    Attributes: {
      TopicArn: topicArn,
      Policy: alertTopicPolicy(topicArn, '123456789012'),
    },
  });
  sns.on(ListTopicTagsCommand).resolves({ Tags: ordersTags });
  sns.on(ListSubscriptionsByTopicCommand).resolves({
    Subscriptions: [
      {
        Protocol: 'email',
        Endpoint: 'Payments@example.com',
        SubscriptionArn: 'PendingConfirmation',
      },
      {
        Protocol: 'email',
        Endpoint: 'oncall@example.com',
        SubscriptionArn: `${topicArn}:1`,
      },
    ],
  });
  events.on(DescribeRuleCommand).resolves({
    Name: 'orders-pipeline-failed',
    Arn: ruleArn,
    State: 'ENABLED',
    EventPattern: JSON.stringify({
      source: ['aws.codepipeline'],
      'detail-type': ['CodePipeline Pipeline Execution State Change'],
      detail: { state: ['FAILED'], pipeline: ['orders'] },
    }),
  });
  events.on(ListRuleTagsCommand).resolves({ Tags: ordersTags });
  events.on(ListTargetsByRuleCommand).resolves({
    Targets: options.withTarget
      ? [{ Id: 'slipway-alert-topic', Arn: topicArn }]
      : [],
  });
  events.on(PutTargetsCommand).resolves({ FailedEntryCount: 0 });
}

beforeEach(() => {
  sns.reset();
  events.reset();
});

describe('slipway:alerts:create', () => {
  it('creates the topic with its publish policy, subscribes owner and environment addresses, and routes pipeline failures to it', async () => {
    nothingExists();
    const { ctx, outputs } = runContext(ordersInput);

    await action.handler(ctx);

    const topic = sns.commandCalls(CreateTopicCommand)[0].args[0].input;
    expect(topic.Name).toBe('orders-alerts');
    expect(topic.Tags).toEqual(
      expect.arrayContaining([
        ...ordersTags,
        { Key: 'slipway:created-by-task', Value: 'mock-task-id' },
      ]),
    );
    const policy = JSON.parse(topic.Attributes!.Policy!);
    expect(policy.Statement).toEqual([
      expect.objectContaining({
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sns:Publish',
        Resource: topicArn,
        Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } },
      }),
      expect.objectContaining({
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } },
      }),
    ]);
    expect(
      sns.commandCalls(SubscribeCommand).map(c => c.args[0].input),
    ).toEqual([
      expect.objectContaining({
        TopicArn: topicArn,
        Protocol: 'email',
        Endpoint: 'payments@example.com',
      }),
      expect.objectContaining({ Endpoint: 'oncall@example.com' }),
    ]);

    const rule = events.commandCalls(PutRuleCommand)[0].args[0].input;
    expect(rule).toMatchObject({
      Name: 'orders-pipeline-failed',
      State: 'ENABLED',
      Tags: expect.arrayContaining(ordersTags),
    });
    expect(JSON.parse(rule.EventPattern!)).toEqual({
      source: ['aws.codepipeline'],
      'detail-type': ['CodePipeline Pipeline Execution State Change'],
      detail: { state: ['FAILED'], pipeline: ['orders'] },
    });
    const [target] =
      events.commandCalls(PutTargetsCommand)[0].args[0].input.Targets!;
    expect(target).toMatchObject({
      Id: 'slipway-alert-topic',
      Arn: topicArn,
      InputTransformer: {
        InputPathsMap: {
          pipeline: '$.detail.pipeline',
          execution: '$.detail.execution-id',
          time: '$.time',
        },
      },
    });
    const message = JSON.parse(target.InputTransformer!.InputTemplate!);
    expect(message).toMatchObject({ version: '1.0', source: 'custom' });
    expect(message.content.title).toBe(':x: Pipeline <pipeline> failed');
    expect(message.content.description).toContain(
      'https://eu-west-1.console.aws.amazon.com/codesuite/codepipeline/pipelines/<pipeline>/executions/<execution>/timeline?region=eu-west-1',
    );
    expect(outputs()).toEqual({
      topicArn,
      ruleArn,
      subscribedEmails: ['payments@example.com', 'oncall@example.com'],
    });
  });

  it('ignores the empty address of an owner group without e-mail', async () => {
    nothingExists();
    const { ctx, outputs } = runContext({ ...ordersInput, emails: [''] });

    await action.handler(ctx);

    expect(
      sns.commandCalls(SubscribeCommand).map(c => c.args[0].input.Endpoint),
    ).toEqual(['oncall@example.com']);
    expect(outputs().subscribedEmails).toEqual(['oncall@example.com']);
  });

  it('watches the named pipeline', async () => {
    nothingExists();
    const { ctx } = runContext({ ...ordersInput, pipelineName: 'orders-main' });

    await action.handler(ctx);

    const rule = events.commandCalls(PutRuleCommand)[0].args[0].input;
    expect(JSON.parse(rule.EventPattern!).detail.pipeline).toEqual([
      'orders-main',
    ]);
  });

  it('reuses its own topic and rule, skipping addresses already subscribed or pending', async () => {
    ourAlertsExist({ withTarget: true });
    const { ctx, logger, outputs } = runContext(ordersInput);

    await action.handler(ctx);

    expect(mutatingCalls(sns, events)).toEqual([]);
    expect(logger.warn).not.toHaveBeenCalled();
    expect(outputs().subscribedEmails).toEqual([
      'payments@example.com',
      'oncall@example.com',
    ]);
  });

  it('points its own rule at the topic when an earlier run stopped before adding the target', async () => {
    ourAlertsExist({ withTarget: false });
    const { ctx } = runContext(ordersInput);

    await action.handler(ctx);

    expect(mutatingCalls(sns, events)).toEqual(['PutTargetsCommand']);
  });

  it('refuses to subscribe to a topic of another component', async () => {
    ourAlertsExist({ withTarget: true });
    sns.on(ListTopicTagsCommand).resolves({
      Tags: [{ Key: 'slipway:component', Value: 'default/billing' }],
    });
    const { ctx } = runContext(ordersInput);

    const run = action.handler(ctx);

    await expect(run).rejects.toThrow(ConflictError);
    await expect(run).rejects.toThrow(
      "The SNS topic 'orders-alerts' already exists in account 123456789012 (eu-west-1) and does not belong to 'default/orders' (owner group:default/payments): it belongs to the component 'default/billing'",
    );
    expect(mutatingCalls(sns, events)).toEqual([]);
  });

  it('deletes the topic it created when the rule cannot be created', async () => {
    nothingExists();
    events.on(PutRuleCommand).rejects(accessDenied('events:PutRule'));
    sns.on(DeleteTopicCommand).resolves({});
    const { ctx } = runContext(ordersInput);

    const run = action.handler(ctx);

    await expect(run).rejects.toThrow(NotAllowedError);
    await expect(run).rejects.toThrow(
      "Could not create the EventBridge rule 'orders-pipeline-failed' in account 123456789012 (eu-west-1): the credentials Backstage uses lack permission for events:PutRule",
    );
    expect(sns).toHaveReceivedCommandWith(DeleteTopicCommand, {
      TopicArn: topicArn,
    });
  });

  it('deletes the rule it created when its target is refused', async () => {
    nothingExists();
    events.on(PutTargetsCommand).resolves({
      FailedEntryCount: 1,
      FailedEntries: [
        { ErrorCode: 'AccessDeniedException', ErrorMessage: 'denied' },
      ],
    });
    events.on(ListTargetsByRuleCommand).resolves({ Targets: [] });
    events.on(DeleteRuleCommand).resolves({});
    sns.on(DeleteTopicCommand).resolves({});
    const { ctx } = runContext(ordersInput);

    await expect(action.handler(ctx)).rejects.toThrow(
      "Could not add the target arn:aws:sns:eu-west-1:123456789012:orders-alerts to the rule 'orders-pipeline-failed'",
    );
    expect(events).toHaveReceivedCommandWith(DeleteRuleCommand, {
      Name: 'orders-pipeline-failed',
    });
    expect(events).not.toHaveReceivedCommand(RemoveTargetsCommand);
    expect(sns).toHaveReceivedCommand(DeleteTopicCommand);
  });

  it('plans topic, subscriptions and rule on a dry run without calling AWS', async () => {
    const { ctx, outputs } = runContext(ordersInput, { isDryRun: true });

    await action.handler(ctx);

    expect(sns.calls()).toHaveLength(0);
    expect(events.calls()).toHaveLength(0);
    expect(outputs().plan).toEqual([
      "Create the SNS topic 'orders-alerts' in account 123456789012 (eu-west-1), or reuse it; EventBridge and CloudWatch (this account only) may publish to it",
      'Subscribe by e-mail (each confirms by a link): payments@example.com, oncall@example.com',
      "Create the EventBridge rule 'orders-pipeline-failed': failed executions of the pipeline 'orders' → the topic, as a readable message with the console link",
      expect.stringContaining('slipway:component=default/orders'),
    ]);
    expect(outputs()).toMatchObject({
      topicArn,
      ruleArn,
      subscribedEmails: [],
    });
  });

  it.each([
    ['a hostile component', { component: 'x;rm -rf /' }],
    ['a path in the component', { component: '../etc' }],
    ['an unknown environment', { environment: 'nowhere' }],
    ['an invalid e-mail address', { emails: ['not-an-address'] }],
    ['a hostile pipeline name', { pipelineName: 'orders; curl evil' }],
  ])(
    'refuses %s with an InputError before any AWS call',
    async (_case, change) => {
      const { ctx } = runContext({ ...ordersInput, ...change });

      await expect(action.handler(ctx)).rejects.toThrow(InputError);
      expect(sns.calls()).toHaveLength(0);
      expect(events.calls()).toHaveLength(0);
    },
  );
});
