/*
 * The README's "IAM policy for the Backstage backend" is complete and least
 * privilege, checked against the shipped code rather than a hand-kept list:
 *
 * - every AWS operation a source file under src/ sends (`new XxxCommand(` and
 *   `paginateXxx(`, resolved through that file's imports from
 *   `@aws-sdk/client-*`, aliases included) is allowed by the Action list of
 *   some statement, as are the permissions AWS checks in addition to the
 *   operation's own (tags given at creation, iam:PassRole, PassConnection);
 * - `"Resource": "*"` appears only with actions that AWS offers no
 *   resource-level permission for (NO_RESOURCE_LEVEL below, from the AWS
 *   Service Authorization Reference), so no mutating call and no call that
 *   could be scoped runs on every resource of the account;
 * - iam:PassRole is limited by iam:PassedToService.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  alertTopicName,
  artifactKeyAlias,
  codeBuildLogGroup,
  codeBuildProjectName,
  codeDeployNames,
  pipelineFailureRuleName,
  roleName,
  serviceLogGroup,
  targetGroupAlarmNames,
  targetGroupNames,
  taskDefinitionFamily,
} from './names';

const SRC = __dirname;

/** IAM service prefix of each AWS SDK client package the code may import. */
const IAM_PREFIX: Record<string, string> = {
  '@aws-sdk/client-ecr': 'ecr',
  '@aws-sdk/client-iam': 'iam',
  '@aws-sdk/client-codebuild': 'codebuild',
  '@aws-sdk/client-ecs': 'ecs',
  '@aws-sdk/client-elastic-load-balancing-v2': 'elasticloadbalancing',
  '@aws-sdk/client-codedeploy': 'codedeploy',
  '@aws-sdk/client-codepipeline': 'codepipeline',
  '@aws-sdk/client-cloudwatch-logs': 'logs',
  '@aws-sdk/client-resource-groups-tagging-api': 'tag',
  '@aws-sdk/client-sns': 'sns',
  '@aws-sdk/client-eventbridge': 'events',
  '@aws-sdk/client-cloudwatch': 'cloudwatch',
  '@aws-sdk/client-kms': 'kms',
};

/**
 * Operations whose IAM action is not `<prefix>:<operation name>`. None of the
 * operations the code sends today differ (ELBv2's DescribeTags, imported as
 * DescribeElbTagsCommand, is elasticloadbalancing:DescribeTags: the alias is
 * resolved through the import); add an entry here when one does.
 */
const ACTION_NAME_EXCEPTIONS: Record<string, string> = {};

/**
 * Permissions AWS checks besides the operation's own: tags given at creation
 * (Slipway tags everything it creates in the create call), roles passed to a
 * service, and the source connection a pipeline uses.
 */
const ALSO_REQUIRED: Record<string, string[]> = {
  'ecr:CreateRepository': ['ecr:TagResource'],
  'iam:CreateRole': ['iam:TagRole'],
  'logs:CreateLogGroup': ['logs:TagResource'],
  'codebuild:CreateProject': ['iam:PassRole'],
  'ecs:RegisterTaskDefinition': ['ecs:TagResource', 'iam:PassRole'],
  'ecs:CreateService': ['ecs:TagResource'],
  'elasticloadbalancing:CreateTargetGroup': ['elasticloadbalancing:AddTags'],
  'elasticloadbalancing:CreateRule': ['elasticloadbalancing:AddTags'],
  'codedeploy:CreateApplication': ['codedeploy:TagResource'],
  'codedeploy:CreateDeploymentGroup': [
    'codedeploy:TagResource',
    'iam:PassRole',
  ],
  'codepipeline:CreatePipeline': [
    'codepipeline:TagResource',
    'iam:PassRole',
    'codestar-connections:PassConnection',
    'codeconnections:PassConnection',
  ],
  'sns:CreateTopic': ['sns:TagResource', 'sns:SetTopicAttributes'],
  'events:PutRule': ['events:TagResource'],
  'cloudwatch:PutMetricAlarm': ['cloudwatch:TagResource'],
  'kms:CreateKey': ['kms:TagResource'],
};

/**
 * Actions that have no resource-level permissions (the Service Authorization
 * Reference lists no resource type for them, so a policy must name "*"), and
 * the only ones allowed in a statement with `"Resource": "*"`. All are reads
 * or lists except ecs:DeregisterTaskDefinition, which AWS authorizes for no
 * resource (ecs:RegisterTaskDefinition, by contrast, takes a task-definition
 * ARN and is scoped in the README).
 */
const NO_RESOURCE_LEVEL = new Set([
  'tag:GetResources',
  'iam:ListRoles',
  'logs:DescribeLogGroups',
  'ecs:DeregisterTaskDefinition',
  'ecs:DescribeTaskDefinition',
  'ecs:ListTaskDefinitions',
  'elasticloadbalancing:DescribeListeners',
  'elasticloadbalancing:DescribeLoadBalancers',
  'elasticloadbalancing:DescribeRules',
  'elasticloadbalancing:DescribeTags',
  'elasticloadbalancing:DescribeTargetGroups',
  // Creates a new key (no existing resource to name); cross-account pipelines only.
  'kms:CreateKey',
  'kms:ListAliases',
]);

/** Verbs that change something; never on "*" unless in NO_RESOURCE_LEVEL. */
const MUTATING =
  /^(Create|Delete|Put|Update|Tag|Untag|Add|Remove|Register|Deregister|Subscribe|Unsubscribe|Set|Attach|Detach|Pass|Modify|Start|Stop|Publish|Send|Invoke|Run|Execute|Cancel|Enable|Disable|Upload|Complete|Initiate|Change|Replace|Restore|Reset|Retry|Override|Rollback|Batch(?!Get))/;

interface Statement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

const list = (value: string | string[]): string[] =>
  Array.isArray(value) ? value : [value];

/** The JSON block of the README section "IAM policy for the Backstage backend". */
function backendPolicy(readme: string): Statement[] {
  const section = readme.split(/^## IAM policy for the Backstage backend$/m)[1];
  if (!section) throw new Error('README has no backend IAM policy section');
  const json = section.split(/^## /m)[0].match(/```json\n([\s\S]*?)\n```/);
  if (!json) throw new Error('the backend IAM policy section has no JSON');
  return (JSON.parse(json[1]) as { Statement: Statement[] }).Statement;
}

/** IAM action matching: case-insensitive, with * and ? wildcards. */
function matches(pattern: string, action: string): boolean {
  const wildcards: Record<string, string> = { '*': '.*', '?': '.' };
  const re = new RegExp(
    `^${pattern
      .split('')
      .map(c => wildcards[c] ?? c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))
      .join('')}$`,
    'i',
  );
  return re.test(action);
}

function allowingStatements(
  statements: Statement[],
  action: string,
): Statement[] {
  return statements.filter(
    s => s.Effect === 'Allow' && list(s.Action).some(p => matches(p, action)),
  );
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      return ['integration', '__testUtils__', '__fixtures__'].includes(
        entry.name,
      )
        ? []
        : sourceFiles(full);
    }
    return /\.ts$/.test(entry.name) && !/\.test\.ts$/.test(entry.name)
      ? [full]
      : [];
  });
}

/**
 * The IAM actions of the AWS operations a source file sends: each
 * `new X(` / `X(` whose X the file imports (under any alias) from an AWS SDK
 * client as `<Operation>Command` or `paginate<Operation>`.
 */
function operationsSent(source: string, file = '<source>'): string[] {
  const imported = new Map<string, string>(); // local name → IAM action
  const importRe =
    /import\s+(type\s+)?\{([^}]*)\}\s*from\s*['"](@aws-sdk\/client-[a-z0-9-]+)['"]/g;
  for (const [, typeOnly, names, module] of source.matchAll(importRe)) {
    if (typeOnly) continue;
    const prefix = IAM_PREFIX[module];
    for (const spec of names
      .split(',')
      .map(s => s.trim())
      .filter(Boolean)) {
      const [name, local = name] = spec
        .replace(/^type\s+/, '')
        .split(/\s+as\s+/);
      if (spec.startsWith('type ')) continue;
      const operation =
        name.match(/^(\w+)Command$/)?.[1] ?? name.match(/^paginate(\w+)$/)?.[1];
      if (!operation) continue;
      if (!prefix) {
        throw new Error(
          `${file} sends ${name} of ${module}, whose IAM prefix is unknown: add it to IAM_PREFIX`,
        );
      }
      const action = `${prefix}:${operation}`;
      imported.set(local, ACTION_NAME_EXCEPTIONS[action] ?? action);
    }
  }
  const sent = new Set<string>();
  for (const [, local] of source.matchAll(/\bnew\s+(\w+)\s*\(/g)) {
    const action = imported.get(local);
    if (action) sent.add(action);
  }
  for (const [, local] of source.matchAll(/\b(paginate\w+)\s*\(/g)) {
    const action = imported.get(local);
    if (action) sent.add(action);
  }
  return [...sent];
}

const readme = fs.readFileSync(path.resolve(SRC, '..', 'README.md'), 'utf8');
const statements = backendPolicy(readme);
const sentBy = new Map<string, string[]>(); // action → files
for (const file of sourceFiles(SRC)) {
  for (const action of operationsSent(fs.readFileSync(file, 'utf8'), file)) {
    sentBy.set(action, [
      ...(sentBy.get(action) ?? []),
      path.relative(SRC, file),
    ]);
  }
}
const sent = [...sentBy.keys()].sort();
const required = [
  ...new Set(
    sent.flatMap(action => [action, ...(ALSO_REQUIRED[action] ?? [])]),
  ),
].sort();

/** Whether a statement's Resource patterns cover `arn` (IAM globbing). */
function covers(statement: Statement, arn: string): boolean {
  return list(statement.Resource).some(pattern =>
    new RegExp(
      `^${pattern
        .replace('ACCOUNT', '123456789012')
        .split('*')
        .map(part => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*')}$`,
    ).test(arn),
  );
}

/**
 * The resources Slipway's names produce for a sample component, with calls
 * made on them: the scoped statements must reach them (a pattern that does
 * not match what names.ts builds would deny the call at run time).
 */
function sampleResources(): [string, string][] {
  const c = 'orders';
  const env = 'dev';
  const at = (service: string, resource: string) =>
    `arn:aws:${service}:eu-west-1:123456789012:${resource}`;
  const tg = targetGroupNames(c, env);
  const alarms = targetGroupAlarmNames(tg.service);
  const blueAlarms = targetGroupAlarmNames(tg.blue);
  const deploy = codeDeployNames(c, env);
  const listener = 'listener/app/dev/50dc6c495c0c9188/f2f7dc8efc522ab2';
  return [
    ['ecr:CreateRepository', at('ecr', `repository/${c}`)],
    ['ecr:DeleteRepository', at('ecr', `repository/${c}`)],
    [
      'iam:CreateRole',
      `arn:aws:iam::123456789012:role/slipway/${roleName(c, 'codeBuild')}`,
    ],
    [
      'iam:DeleteRole',
      `arn:aws:iam::123456789012:role/slipway/${roleName(c, 'taskExecution')}`,
    ],
    [
      'iam:PassRole',
      `arn:aws:iam::123456789012:role/slipway/${roleName(c, 'codePipeline')}`,
    ],
    [
      'codebuild:CreateProject',
      at('codebuild', `project/${codeBuildProjectName(c)}`),
    ],
    ['logs:CreateLogGroup', at('logs', `log-group:${codeBuildLogGroup(c)}`)],
    ['logs:CreateLogGroup', at('logs', `log-group:${serviceLogGroup(c, env)}`)],
    [
      'logs:DeleteLogGroup',
      at('logs', `log-group:${serviceLogGroup(c, env)}:*`),
    ],
    ['ecs:DescribeClusters', at('ecs', 'cluster/dev-cluster')],
    ['ecs:CreateService', at('ecs', `service/dev-cluster/${c}`)],
    ['ecs:UpdateService', at('ecs', `service/dev-cluster/${c}`)],
    ['ecs:TagResource', at('ecs', `service/dev-cluster/${c}`)],
    [
      'ecs:RegisterTaskDefinition',
      at('ecs', `task-definition/${taskDefinitionFamily(c, env)}:1`),
    ],
    [
      'ecs:DeleteTaskDefinitions',
      at('ecs', `task-definition/${taskDefinitionFamily(c, env)}:1`),
    ],
    [
      'elasticloadbalancing:CreateTargetGroup',
      at('elasticloadbalancing', `targetgroup/${tg.service}/73e2d6bc24d8a067`),
    ],
    [
      'elasticloadbalancing:DeleteTargetGroup',
      at('elasticloadbalancing', `targetgroup/${tg.green}/73e2d6bc24d8a067`),
    ],
    ['elasticloadbalancing:CreateRule', at('elasticloadbalancing', listener)],
    [
      'elasticloadbalancing:DeleteRule',
      at(
        'elasticloadbalancing',
        `${listener.replace('listener/', 'listener-rule/')}/9683b2d02a6cabee`,
      ),
    ],
    ['cloudwatch:PutMetricAlarm', at('cloudwatch', `alarm:${alarms.errors}`)],
    [
      'cloudwatch:PutMetricAlarm',
      at('cloudwatch', `alarm:${alarms.unhealthyHosts}`),
    ],
    ['cloudwatch:DeleteAlarms', at('cloudwatch', `alarm:${blueAlarms.errors}`)],
    [
      'codedeploy:CreateApplication',
      at('codedeploy', `application:${deploy.application}`),
    ],
    [
      'codedeploy:CreateDeploymentGroup',
      at(
        'codedeploy',
        `deploymentgroup:${deploy.application}/${deploy.deploymentGroup}`,
      ),
    ],
    ['codepipeline:CreatePipeline', at('codepipeline', c)],
    ['codepipeline:DeletePipeline', at('codepipeline', c)],
    ['sns:CreateTopic', at('sns', alertTopicName(c))],
    ['sns:Subscribe', at('sns', alertTopicName(c))],
    [
      'sns:Unsubscribe',
      at('sns', `${alertTopicName(c)}:0f6e1f2a-2c43-4f1e-9d5e-6a0d7c1b2e3f`),
    ],
    ['events:PutRule', at('events', `rule/${pipelineFailureRuleName(c)}`)],
    ['events:PutTargets', at('events', `rule/${pipelineFailureRuleName(c)}`)],
    ...(
      [
        'kms:DescribeKey',
        'kms:GetKeyPolicy',
        'kms:PutKeyPolicy',
        'kms:CreateAlias',
        'kms:DeleteAlias',
        'kms:ScheduleKeyDeletion',
      ] as const
    ).map((action): [string, string] => [
      action,
      at('kms', 'key/1234abcd-12ab-34cd-56ef-1234567890ab'),
    ]),
    ['kms:CreateAlias', at('kms', artifactKeyAlias(c))],
    ['kms:DeleteAlias', at('kms', artifactKeyAlias(c))],
    [
      'codestar-connections:PassConnection',
      at('codestar-connections', 'connection/0a1b2c3d'),
    ],
  ];
}

describe('the README backend IAM policy', () => {
  it('finds the operations the code sends (aliases and paginators included)', () => {
    expect(sent.length).toBeGreaterThan(60);
    expect(sent).toEqual(
      expect.arrayContaining([
        'elasticloadbalancing:DescribeTags', // imported as DescribeElbTagsCommand
        'elasticloadbalancing:DeleteRule', // imported as DeleteListenerRuleCommand
        'events:DeleteRule', // imported as DeleteEventRuleCommand
        'tag:GetResources', // paginateGetResources
        'ecs:ListTaskDefinitions', // paginateListTaskDefinitions
        'sns:Subscribe',
        'cloudwatch:PutMetricAlarm',
        'ecs:UpdateService',
      ]),
    );
    expect(
      operationsSent(
        "import { FooCommand as Bar, paginateListThings } from '@aws-sdk/client-sns';\n" +
          'client.send(new Bar({})); paginateListThings({ client }, {});',
      ).sort(),
    ).toEqual(['sns:Foo', 'sns:ListThings']);
  });

  it.each(required)('allows %s', action => {
    expect([action, allowingStatements(statements, action).length]).not.toEqual(
      [action, 0],
    );
  });

  it.each(sampleResources())('allows %s on %s', (action, arn) => {
    expect([
      action,
      arn,
      allowingStatements(statements, action).some(s => covers(s, arn)),
    ]).toEqual([action, arn, true]);
  });

  it("does not reach resources outside Slipway's names", () => {
    const at = (resource: string) => `arn:aws:${resource}`;
    for (const [action, arn] of [
      ['iam:DeleteRole', 'arn:aws:iam::123456789012:role/admin'],
      ['iam:PassRole', 'arn:aws:iam::123456789012:role/admin'],
      [
        'logs:DeleteLogGroup',
        at('logs:eu-west-1:123456789012:log-group:/aws/lambda/x'),
      ],
      ['sns:DeleteTopic', at('sns:eu-west-1:123456789012:billing')],
      [
        'events:DeleteRule',
        at('events:eu-west-1:123456789012:rule/nightly-backup'),
      ],
      [
        'cloudwatch:DeleteAlarms',
        at('cloudwatch:eu-west-1:123456789012:alarm:db-cpu'),
      ],
      [
        'ecr:DeleteRepository',
        at('ecr:eu-west-1:999999999999:repository/orders'),
      ],
      ['kms:DeleteAlias', at('kms:eu-west-1:123456789012:alias/aws/s3')],
      ['kms:DeleteAlias', at('kms:eu-west-1:123456789012:alias/billing')],
    ]) {
      expect([
        action,
        arn,
        allowingStatements(statements, action).some(s => covers(s, arn)),
      ]).toEqual([action, arn, false]);
    }
  });

  it('names "*" only for actions without resource-level permissions', () => {
    const wide = statements.filter(s => list(s.Resource).includes('*'));
    expect(wide.length).toBeLessThanOrEqual(1);
    const offending = wide.flatMap(s =>
      list(s.Action)
        .filter(a => a.includes('*') || !NO_RESOURCE_LEVEL.has(a))
        .map(a => `${s.Sid ?? '?'}: ${a}`),
    );
    expect(offending).toEqual([]);
  });

  it('never allows a mutating action on "*" outside the documented list', () => {
    const offending = statements
      .filter(s => list(s.Resource).includes('*'))
      .flatMap(s => list(s.Action))
      .filter(a => MUTATING.test(a.split(':')[1] ?? '') || a.endsWith(':*'))
      .filter(a => !NO_RESOURCE_LEVEL.has(a));
    expect(offending).toEqual([]);
  });

  it('scopes every other statement to ARN patterns of the account', () => {
    for (const s of statements.filter(x => !list(x.Resource).includes('*'))) {
      for (const resource of list(s.Resource)) {
        expect([s.Sid, resource]).toEqual([
          s.Sid,
          expect.stringMatching(/^arn:aws:[a-z0-9-]+:[a-z0-9-*]*:ACCOUNT:\S+$/),
        ]);
      }
    }
  });

  it('passes roles only to the delivery services', () => {
    const passRole = allowingStatements(statements, 'iam:PassRole');
    expect(passRole.length).toBeGreaterThan(0);
    for (const s of passRole) {
      expect(list(s.Resource)).not.toContain('*');
      expect(s.Condition?.StringEquals?.['iam:PassedToService']).toBeDefined();
    }
  });
});
