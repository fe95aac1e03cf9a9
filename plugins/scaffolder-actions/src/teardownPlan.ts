/**
 * What teardown deletes, in the order that lets each deletion succeed:
 * nothing is deleted while something that uses it still exists.
 */
export const TEARDOWN_ORDER = [
  'pipeline',
  'deploymentGroup',
  'codeDeployApplication',
  'ecsService',
  'taskDefinition',
  'listenerRule',
  'targetGroup',
  'codeBuildProject',
  'logGroup',
  'ecrRepository',
  'iamRole',
] as const;

export type TeardownKind = (typeof TEARDOWN_ORDER)[number];

export interface TeardownItem {
  kind: TeardownKind;
  arn: string;
  /** The name(s) the delete call takes, parsed from the ARN. */
  name: string;
  parent?: string;
}

const PATTERNS: [TeardownKind, RegExp][] = [
  ['pipeline', /^arn:[^:]+:codepipeline:[^:]*:\d+:([^:/]+)$/],
  [
    'deploymentGroup',
    /^arn:[^:]+:codedeploy:[^:]*:\d+:deploymentgroup:([^/]+)\/(.+)$/,
  ],
  [
    'codeDeployApplication',
    /^arn:[^:]+:codedeploy:[^:]*:\d+:application:(.+)$/,
  ],
  ['ecsService', /^arn:[^:]+:ecs:[^:]*:\d+:service\/([^/]+)\/(.+)$/],
  ['taskDefinition', /^arn:[^:]+:ecs:[^:]*:\d+:task-definition\/(.+)$/],
  [
    'listenerRule',
    /^arn:[^:]+:elasticloadbalancing:[^:]*:\d+:listener-rule\/(.+)$/,
  ],
  [
    'targetGroup',
    /^arn:[^:]+:elasticloadbalancing:[^:]*:\d+:targetgroup\/([^/]+)/,
  ],
  ['codeBuildProject', /^arn:[^:]+:codebuild:[^:]*:\d+:project\/(.+)$/],
  ['logGroup', /^arn:[^:]+:logs:[^:]*:\d+:log-group:(.+?)(:\*)?$/],
  ['ecrRepository', /^arn:[^:]+:ecr:[^:]*:\d+:repository\/(.+)$/],
  ['iamRole', /^arn:[^:]+:iam::\d+:role\/(?:.*\/)?([^/]+)$/],
];

/** Sorts tagged ARNs into teardown order; ARNs of other kinds come back as `unknown`. */
export function planTeardown(arns: string[]): {
  items: TeardownItem[];
  unknown: string[];
} {
  const items: TeardownItem[] = [];
  const unknown: string[] = [];
  for (const arn of new Set(arns)) {
    const match = PATTERNS.map(
      ([kind, pattern]) => [kind, pattern.exec(arn)] as const,
    ).find(([, m]) => m);
    if (!match) {
      unknown.push(arn);
      continue;
    }
    const [kind, m] = match;
    const [, first, second] = m!;
    items.push(
      kind === 'deploymentGroup' || kind === 'ecsService'
        ? { kind, arn, parent: first, name: second }
        : { kind, arn, name: first },
    );
  }
  items.sort(
    (a, b) => TEARDOWN_ORDER.indexOf(a.kind) - TEARDOWN_ORDER.indexOf(b.kind),
  );
  return { items, unknown };
}

export function describeItem(item: TeardownItem): string {
  const labels: Record<TeardownKind, string> = {
    pipeline: 'pipeline',
    deploymentGroup: 'CodeDeploy deployment group',
    codeDeployApplication: 'CodeDeploy application',
    ecsService: 'ECS service',
    taskDefinition: 'task definition',
    listenerRule: 'listener rule',
    targetGroup: 'target group',
    codeBuildProject: 'CodeBuild project',
    logGroup: 'log group',
    ecrRepository: 'ECR repository (with its images)',
    iamRole: 'IAM role',
  };
  const name = item.parent ? `${item.parent}/${item.name}` : item.name;
  return `${labels[item.kind]} ${name} (${item.arn})`;
}
