import {
  CloudWatchClient,
  DeleteAlarmsCommand,
  DescribeAlarmsCommand,
  ListTagsForResourceCommand as ListAlarmTagsCommand,
} from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import {
  BatchGetProjectsCommand,
  CodeBuildClient,
  DeleteProjectCommand,
} from '@aws-sdk/client-codebuild';
import {
  CodeDeployClient,
  DeleteApplicationCommand,
  DeleteDeploymentGroupCommand,
  GetApplicationCommand,
  GetDeploymentGroupCommand,
  ListTagsForResourceCommand as ListCodeDeployTagsCommand,
} from '@aws-sdk/client-codedeploy';
import {
  CodePipelineClient,
  DeletePipelineCommand,
  GetPipelineCommand,
  ListTagsForResourceCommand as ListPipelineTagsCommand,
} from '@aws-sdk/client-codepipeline';
import {
  DeleteRepositoryCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  ListTagsForResourceCommand as ListRepositoryTagsCommand,
} from '@aws-sdk/client-ecr';
import {
  DeleteServiceCommand,
  DeleteTaskDefinitionsCommand,
  DeregisterTaskDefinitionCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  paginateListTaskDefinitions,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import {
  DeleteRuleCommand as DeleteListenerRuleCommand,
  DeleteTargetGroupCommand,
  DescribeTagsCommand as DescribeElbTagsCommand,
  DescribeTargetGroupsCommand,
  ElasticLoadBalancingV2Client,
  paginateDescribeRules,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  DeleteRuleCommand as DeleteEventRuleCommand,
  DescribeRuleCommand,
  EventBridgeClient,
  ListTagsForResourceCommand as ListEventRuleTagsCommand,
  ListTargetsByRuleCommand,
  RemoveTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import {
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  IAMClient,
  paginateListAttachedRolePolicies,
  paginateListRolePolicies,
  paginateListRoles,
  paginateListRoleTags,
} from '@aws-sdk/client-iam';
import {
  DeleteTopicCommand,
  GetTopicAttributesCommand,
  ListTagsForResourceCommand as ListTopicTagsCommand,
  SNSClient,
} from '@aws-sdk/client-sns';
import type { SlipwayEnvironment } from '../config/environments';
import {
  alertTopicName,
  codeBuildProjectName,
  codeDeployNames,
  DeliveryRole,
  logGroupPrefix,
  pipelineFailureRuleName,
  ROLE_PATH,
  roleName,
  targetGroupAlarmNames,
  targetGroupNames,
  taskDefinitionFamily,
} from '../names';
import type { AwsTarget } from './clients';
import { describeAwsError } from '@slipway/plugin-codepipeline-node';
import { isAwsError } from './errors';
import { LogGroups } from './logs';
import { logGroupArn, regionalArn } from './resourceLocations';
import { fromKeyValueTags, TagMap } from './tags';

/**
 * What `slipway:teardown` removes, in ONE table: each row is a kind of
 * resource with the pattern of its ARNs, how the component's own resources of
 * that kind are found by name, how its own tags are read and how it is
 * removed. The table's order is the removal order: nothing is removed while
 * something that uses it still exists (listener rules before target groups,
 * services before task definitions and target groups, roles last).
 */

/** The AWS clients of one account and region. */
export interface TeardownAws {
  target: AwsTarget;
  client<C>(Client: new (config: any) => C): Promise<C>;
}

/** A resource of a teardown kind, located by its ARN. */
export interface KindResource {
  arn: string;
  /** What the kind's calls take, parsed from the ARN. */
  name: string;
  /** Cluster, CodeDeploy application or event bus the resource lives in. */
  parent?: string;
}

/** The component's names in one account and region: what `find` looks up. */
export interface KnownNames {
  /** Bare component name (resource names never carry the namespace). */
  component: string;
  /** The requested environments whose account and region this is. */
  environments: SlipwayEnvironment[];
}

/** A resource `find` located: `named` when it has one of the component's own names (if it must stay, teardown says why). */
export interface FoundArn {
  arn: string;
  named: boolean;
}

export interface TeardownKind {
  id: string;
  /** How the run page names it: "<label> <name>". */
  label: string;
  /** Matches this kind's ARNs: group 1 the name, or groups 1 and 2 the parent and the name. */
  pattern: RegExp;
  /** One lookup per account (IAM), not per region. */
  global?: boolean;
  /** The component's resources of this kind, looked up by their known names. */
  find(aws: TeardownAws, names: KnownNames): Promise<FoundArn[]>;
  /** The resource's own tags; undefined when it no longer exists. */
  readTags(
    aws: TeardownAws,
    resource: KindResource,
  ): Promise<TagMap | undefined>;
  /** Removes the resource; a resource that is already gone counts as removed. */
  remove(aws: TeardownAws, resource: KindResource): Promise<void>;
}

/** True for "it does not exist" from any service, raw or already turned into a NotFoundError. */
export function isGone(error: unknown): boolean {
  return (
    (error as Error)?.name === 'NotFoundError' ||
    describeAwsError(error)?.kind === 'not-found'
  );
}

/** The call's result, or undefined when what it looks at does not exist. */
async function unlessGone<T>(call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    if (isGone(error)) return undefined;
    throw error;
  }
}

const lowerCaseTags = (tags?: { key?: string; value?: string }[]) =>
  fromKeyValueTags(tags?.map(t => ({ Key: t.key, Value: t.value })));

const byName = (arns: (string | undefined)[]): FoundArn[] =>
  arns.flatMap(arn => (arn ? [{ arn, named: true }] : []));

/** Every delivery role, so adding one to names.ts without listing it here fails to compile. */
const DELIVERY_ROLES: Record<DeliveryRole, true> = {
  codeBuild: true,
  codePipeline: true,
  taskExecution: true,
  codeDeploy: true,
};

const ARN = '^arn:[^:]+';

export const TEARDOWN_KINDS: TeardownKind[] = [
  {
    id: 'pipeline',
    label: 'pipeline',
    pattern: new RegExp(`${ARN}:codepipeline:[^:]*:\\d+:([^:/]+)$`),
    async find(aws, { component }) {
      const pipelines = await aws.client(CodePipelineClient);
      const found = await unlessGone(() =>
        pipelines.send(new GetPipelineCommand({ name: component })),
      );
      return byName([found?.metadata?.pipelineArn]);
    },
    async readTags(aws, { arn }) {
      const pipelines = await aws.client(CodePipelineClient);
      const found = await unlessGone(() =>
        pipelines.send(new ListPipelineTagsCommand({ resourceArn: arn })),
      );
      return found && lowerCaseTags(found.tags);
    },
    async remove(aws, { name }) {
      const pipelines = await aws.client(CodePipelineClient);
      await pipelines.send(new DeletePipelineCommand({ name }));
    },
  },
  {
    id: 'eventRule',
    label: 'EventBridge rule (with its targets)',
    pattern: new RegExp(`${ARN}:events:[^:]*:\\d+:rule/(?:([^/]+)/)?([^/]+)$`),
    async find(aws, { component }) {
      const events = await aws.client(EventBridgeClient);
      const found = await unlessGone(() =>
        events.send(
          new DescribeRuleCommand({ Name: pipelineFailureRuleName(component) }),
        ),
      );
      return byName([found?.Arn]);
    },
    async readTags(aws, { arn }) {
      const events = await aws.client(EventBridgeClient);
      const found = await unlessGone(() =>
        events.send(new ListEventRuleTagsCommand({ ResourceARN: arn })),
      );
      return found && fromKeyValueTags(found.Tags);
    },
    async remove(aws, { name, parent }) {
      const events = await aws.client(EventBridgeClient);
      const rule = { Rule: name, EventBusName: parent };
      // A rule with targets cannot be deleted: remove them first, page by page.
      for (;;) {
        const { Targets = [] } = await events.send(
          new ListTargetsByRuleCommand({ ...rule, Limit: 100 }),
        );
        if (!Targets.length) break;
        const { FailedEntries = [] } = await events.send(
          new RemoveTargetsCommand({ ...rule, Ids: Targets.map(t => t.Id!) }),
        );
        if (FailedEntries.length) {
          throw new Error(
            `could not remove the targets of the rule '${name}': ${FailedEntries.map(
              f => `${f.TargetId}: ${f.ErrorMessage}`,
            ).join('; ')}`,
          );
        }
      }
      await events.send(
        new DeleteEventRuleCommand({ Name: name, EventBusName: parent }),
      );
    },
  },
  {
    id: 'deploymentGroup',
    label: 'CodeDeploy deployment group',
    pattern: new RegExp(
      `${ARN}:codedeploy:[^:]*:\\d+:deploymentgroup:([^/]+)/(.+)$`,
    ),
    async find(aws, { component, environments }) {
      const codedeploy = await aws.client(CodeDeployClient);
      const found: FoundArn[] = [];
      for (const environment of environments) {
        const { application, deploymentGroup } = codeDeployNames(
          component,
          environment.name,
        );
        const group = await unlessGone(() =>
          codedeploy.send(
            new GetDeploymentGroupCommand({
              applicationName: application,
              deploymentGroupName: deploymentGroup,
            }),
          ),
        );
        if (group?.deploymentGroupInfo) {
          found.push(
            ...byName([
              regionalArn(
                aws.target,
                'codedeploy',
                `deploymentgroup:${application}/${deploymentGroup}`,
              ),
            ]),
          );
        }
      }
      return found;
    },
    readTags: codeDeployTags,
    async remove(aws, { name, parent }) {
      const codedeploy = await aws.client(CodeDeployClient);
      await codedeploy.send(
        new DeleteDeploymentGroupCommand({
          applicationName: parent,
          deploymentGroupName: name,
        }),
      );
    },
  },
  {
    id: 'codeDeployApplication',
    label: 'CodeDeploy application',
    pattern: new RegExp(`${ARN}:codedeploy:[^:]*:\\d+:application:(.+)$`),
    async find(aws, { component, environments }) {
      const codedeploy = await aws.client(CodeDeployClient);
      const found: FoundArn[] = [];
      for (const environment of environments) {
        const { application } = codeDeployNames(component, environment.name);
        const app = await unlessGone(() =>
          codedeploy.send(
            new GetApplicationCommand({ applicationName: application }),
          ),
        );
        if (app?.application) {
          found.push(
            ...byName([
              regionalArn(
                aws.target,
                'codedeploy',
                `application:${application}`,
              ),
            ]),
          );
        }
      }
      return found;
    },
    readTags: codeDeployTags,
    async remove(aws, { name }) {
      const codedeploy = await aws.client(CodeDeployClient);
      await codedeploy.send(
        new DeleteApplicationCommand({ applicationName: name }),
      );
    },
  },
  {
    id: 'ecsService',
    label: 'ECS service',
    pattern: new RegExp(`${ARN}:ecs:[^:]*:\\d+:service/([^/]+)/(.+)$`),
    async find(aws, { component, environments }) {
      const found: FoundArn[] = [];
      for (const environment of environments) {
        const service = await describeService(
          aws,
          environment.cluster,
          component,
        );
        if (service) found.push(...byName([service.serviceArn]));
      }
      return found;
    },
    async readTags(aws, { name, parent }) {
      const service = await describeService(aws, parent!, name);
      return service && lowerCaseTags(service.tags);
    },
    async remove(aws, { name, parent }) {
      const ecs = await aws.client(ECSClient);
      const service = { cluster: parent, service: name };
      try {
        // Scale to 0 first so the tasks drain, then delete (force: even if some still run).
        await ecs.send(
          new UpdateServiceCommand({ ...service, desiredCount: 0 }),
        );
        await ecs.send(new DeleteServiceCommand({ ...service, force: true }));
      } catch (error) {
        // Already INACTIVE or being deleted: gone as far as teardown goes.
        if (!isAwsError(error, 'ServiceNotActiveException')) throw error;
      }
    },
  },
  {
    id: 'taskDefinition',
    label: 'task definition',
    pattern: new RegExp(`${ARN}:ecs:[^:]*:\\d+:task-definition/([^/]+)$`),
    async find(aws, { component, environments }) {
      const ecs = await aws.client(ECSClient);
      const found: FoundArn[] = [];
      for (const environment of environments) {
        const family = taskDefinitionFamily(component, environment.name);
        for await (const page of paginateListTaskDefinitions(
          { client: ecs },
          { familyPrefix: family, status: 'ACTIVE' },
        )) {
          found.push(
            ...byName(
              (page.taskDefinitionArns ?? []).filter(
                arn => arn.split('/').pop()?.replace(/:\d+$/, '') === family,
              ),
            ),
          );
        }
      }
      return found;
    },
    async readTags(aws, { arn }) {
      const ecs = await aws.client(ECSClient);
      const found = await unlessGoneOrUnknownTaskDefinition(() =>
        ecs.send(
          new DescribeTaskDefinitionCommand({
            taskDefinition: arn,
            include: ['TAGS'],
          }),
        ),
      );
      if (!found || found.taskDefinition?.status === 'DELETE_IN_PROGRESS') {
        return undefined;
      }
      return lowerCaseTags(found.tags);
    },
    async remove(aws, { arn }) {
      const ecs = await aws.client(ECSClient);
      // Deregister (ACTIVE → INACTIVE), then delete the revision for good.
      await unlessGoneOrUnknownTaskDefinition(() =>
        ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: arn })),
      );
      const { failures = [] } = await ecs.send(
        new DeleteTaskDefinitionsCommand({ taskDefinitions: [arn] }),
      );
      if (failures.length) {
        throw new Error(
          `could not delete the task definition ${arn}: ${failures
            .map(f => f.reason ?? f.detail)
            .join('; ')}`,
        );
      }
    },
  },
  {
    id: 'listenerRule',
    label: 'listener rule',
    pattern: new RegExp(
      `${ARN}:elasticloadbalancing:[^:]*:\\d+:listener-rule/(.+)$`,
    ),
    async find(aws, { component, environments }) {
      // Rules that forward to one of the component's target groups, on the
      // environments' listeners: they must go before the target groups can.
      const elb = await aws.client(ElasticLoadBalancingV2Client);
      const found: FoundArn[] = [];
      for (const environment of environments) {
        const ours = new Set(
          Object.values(targetGroupNames(component, environment.name)),
        );
        const listeners = [
          environment.loadBalancer?.productionListenerArn,
          environment.loadBalancer?.testListenerArn,
        ].filter((arn): arn is string => !!arn);
        for (const ListenerArn of listeners) {
          const pages = paginateDescribeRules({ client: elb }, { ListenerArn });
          const rules = await unlessGone(async () => {
            const all = [];
            for await (const page of pages) all.push(...(page.Rules ?? []));
            return all;
          });
          for (const rule of rules ?? []) {
            const targets = (rule.Actions ?? []).flatMap(action => [
              action.TargetGroupArn,
              ...(action.ForwardConfig?.TargetGroups ?? []).map(
                t => t.TargetGroupArn,
              ),
            ]);
            const forwardsToOurs = targets.some(
              arn => arn && ours.has(arn.split('/')[1]),
            );
            if (!rule.IsDefault && forwardsToOurs) {
              found.push(...byName([rule.RuleArn]));
            }
          }
        }
      }
      return found;
    },
    readTags: elbTags,
    async remove(aws, { arn }) {
      const elb = await aws.client(ElasticLoadBalancingV2Client);
      await elb.send(new DeleteListenerRuleCommand({ RuleArn: arn }));
    },
  },
  {
    id: 'targetGroup',
    label: 'target group',
    pattern: new RegExp(
      `${ARN}:elasticloadbalancing:[^:]*:\\d+:targetgroup/([^/]+)/`,
    ),
    async find(aws, { component, environments }) {
      const elb = await aws.client(ElasticLoadBalancingV2Client);
      const found: FoundArn[] = [];
      for (const environment of environments) {
        for (const name of new Set(
          Object.values(targetGroupNames(component, environment.name)),
        )) {
          const groups = await unlessGone(() =>
            elb.send(new DescribeTargetGroupsCommand({ Names: [name] })),
          );
          found.push(
            ...byName((groups?.TargetGroups ?? []).map(g => g.TargetGroupArn)),
          );
        }
      }
      return found;
    },
    readTags: elbTags,
    async remove(aws, { arn }) {
      const elb = await aws.client(ElasticLoadBalancingV2Client);
      await elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: arn }));
    },
  },
  {
    id: 'alarm',
    label: 'CloudWatch alarm',
    pattern: new RegExp(`${ARN}:cloudwatch:[^:]*:\\d+:alarm:(.+)$`),
    async find(aws, { component, environments }) {
      const AlarmNames = environments.flatMap(environment =>
        Object.values(targetGroupNames(component, environment.name)).flatMap(
          group => Object.values(targetGroupAlarmNames(group)),
        ),
      );
      if (!AlarmNames.length) return [];
      const cloudwatch = await aws.client(CloudWatchClient);
      const { MetricAlarms = [] } = await cloudwatch.send(
        new DescribeAlarmsCommand({ AlarmNames, MaxRecords: 100 }),
      );
      return byName(MetricAlarms.map(alarm => alarm.AlarmArn));
    },
    async readTags(aws, { arn }) {
      const cloudwatch = await aws.client(CloudWatchClient);
      const found = await unlessGone(() =>
        cloudwatch.send(new ListAlarmTagsCommand({ ResourceARN: arn })),
      );
      return found && fromKeyValueTags(found.Tags);
    },
    async remove(aws, { name }) {
      const cloudwatch = await aws.client(CloudWatchClient);
      await cloudwatch.send(new DeleteAlarmsCommand({ AlarmNames: [name] }));
    },
  },
  {
    id: 'snsTopic',
    label: 'SNS topic (with its subscriptions)',
    pattern: new RegExp(`${ARN}:sns:[^:]*:\\d+:([^:]+)$`),
    async find(aws, { component }) {
      const sns = await aws.client(SNSClient);
      const TopicArn = regionalArn(
        aws.target,
        'sns',
        alertTopicName(component),
      );
      const found = await unlessGone(() =>
        sns.send(new GetTopicAttributesCommand({ TopicArn })),
      );
      return found ? byName([TopicArn]) : [];
    },
    async readTags(aws, { arn }) {
      const sns = await aws.client(SNSClient);
      const found = await unlessGone(() =>
        sns.send(new ListTopicTagsCommand({ ResourceArn: arn })),
      );
      return found && fromKeyValueTags(found.Tags);
    },
    async remove(aws, { arn }) {
      // Deleting a topic deletes its subscriptions.
      const sns = await aws.client(SNSClient);
      await sns.send(new DeleteTopicCommand({ TopicArn: arn }));
    },
  },
  {
    id: 'codeBuildProject',
    label: 'CodeBuild project',
    pattern: new RegExp(`${ARN}:codebuild:[^:]*:\\d+:project/(.+)$`),
    async find(aws, { component }) {
      const project = await codeBuildProject(
        aws,
        codeBuildProjectName(component),
      );
      return byName([project?.arn]);
    },
    async readTags(aws, { name }) {
      const project = await codeBuildProject(aws, name);
      return project && lowerCaseTags(project.tags);
    },
    async remove(aws, { name }) {
      const codebuild = await aws.client(CodeBuildClient);
      await codebuild.send(new DeleteProjectCommand({ name }));
    },
  },
  {
    id: 'ecrRepository',
    label: 'ECR repository (with its images)',
    pattern: new RegExp(`${ARN}:ecr:[^:]*:\\d+:repository/(.+)$`),
    async find(aws, { component }) {
      const ecr = await aws.client(ECRClient);
      const found = await unlessGone(() =>
        ecr.send(
          new DescribeRepositoriesCommand({ repositoryNames: [component] }),
        ),
      );
      return byName((found?.repositories ?? []).map(r => r.repositoryArn));
    },
    async readTags(aws, { arn }) {
      const ecr = await aws.client(ECRClient);
      const found = await unlessGone(() =>
        ecr.send(new ListRepositoryTagsCommand({ resourceArn: arn })),
      );
      return found && fromKeyValueTags(found.tags);
    },
    async remove(aws, { name }) {
      const ecr = await aws.client(ECRClient);
      await ecr.send(
        new DeleteRepositoryCommand({ repositoryName: name, force: true }),
      );
    },
  },
  {
    id: 'logGroup',
    label: 'log group',
    pattern: new RegExp(`${ARN}:logs:[^:]*:\\d+:log-group:(.+?)(?::\\*)?$`),
    async find(aws, { component }) {
      const names = await logGroups(aws).then(groups =>
        groups.namesUnderPrefix(logGroupPrefix(component)),
      );
      return byName(names.map(name => logGroupArn(aws.target, name)));
    },
    async readTags(aws, { name }) {
      const groups = await logGroups(aws);
      if (!(await groups.find(name))) return undefined;
      return unlessGone(() => groups.tags(name));
    },
    async remove(aws, { name }) {
      await (await logGroups(aws)).delete(name);
    },
  },
  {
    id: 'iamRole',
    label: 'IAM role',
    pattern: new RegExp(`${ARN}:iam::\\d+:role/(?:.*/)?([^/]+)$`),
    global: true,
    async find(aws, { component }) {
      // IAM is global: the roles under Slipway's path whose name starts with
      // the component's; those with a delivery role's exact name are its own.
      const iam = await aws.client(IAMClient);
      const own = new Set(
        Object.keys(DELIVERY_ROLES).map(role =>
          roleName(component, role as DeliveryRole),
        ),
      );
      const found: FoundArn[] = [];
      for await (const page of paginateListRoles(
        { client: iam },
        { PathPrefix: ROLE_PATH },
      )) {
        for (const role of page.Roles ?? []) {
          if (role.Arn && role.RoleName?.startsWith(`${component}-`)) {
            found.push({ arn: role.Arn, named: own.has(role.RoleName) });
          }
        }
      }
      return found;
    },
    async readTags(aws, { name }) {
      const iam = await aws.client(IAMClient);
      return unlessGone(async () => {
        const tags: TagMap = {};
        for await (const page of paginateListRoleTags(
          { client: iam },
          { RoleName: name },
        )) {
          Object.assign(tags, fromKeyValueTags(page.Tags));
        }
        return tags;
      });
    },
    async remove(aws, { name }) {
      // A role with policies cannot be deleted: inline ones first, managed ones detached.
      const iam = await aws.client(IAMClient);
      const RoleName = name;
      for await (const page of paginateListRolePolicies(
        { client: iam },
        { RoleName },
      )) {
        for (const PolicyName of page.PolicyNames ?? []) {
          await iam.send(new DeleteRolePolicyCommand({ RoleName, PolicyName }));
        }
      }
      for await (const page of paginateListAttachedRolePolicies(
        { client: iam },
        { RoleName },
      )) {
        for (const { PolicyArn } of page.AttachedPolicies ?? []) {
          await iam.send(new DetachRolePolicyCommand({ RoleName, PolicyArn }));
        }
      }
      await iam.send(new DeleteRoleCommand({ RoleName }));
    },
  },
];

/** The kind of an ARN and the names its calls take; undefined for kinds teardown does not remove. */
export function kindOf(
  arn: string,
): { kind: TeardownKind; resource: KindResource } | undefined {
  for (const kind of TEARDOWN_KINDS) {
    const match = kind.pattern.exec(arn);
    if (!match) continue;
    const [, first, second] = match;
    return {
      kind,
      resource:
        second === undefined
          ? { arn, name: first }
          : { arn, parent: first, name: second },
    };
  }
  return undefined;
}

/** "ECS service dev-cluster/orders" */
export function describeResource(
  kind: TeardownKind,
  resource: KindResource,
): string {
  const name = resource.parent
    ? `${resource.parent}/${resource.name}`
    : resource.name;
  return `${kind.label} ${name}`;
}

async function codeDeployTags(
  aws: TeardownAws,
  { arn }: KindResource,
): Promise<TagMap | undefined> {
  const codedeploy = await aws.client(CodeDeployClient);
  const found = await unlessGone(() =>
    codedeploy.send(new ListCodeDeployTagsCommand({ ResourceArn: arn })),
  );
  return found && fromKeyValueTags(found.Tags);
}

async function elbTags(
  aws: TeardownAws,
  { arn }: KindResource,
): Promise<TagMap | undefined> {
  const elb = await aws.client(ElasticLoadBalancingV2Client);
  const found = await unlessGone(() =>
    elb.send(new DescribeElbTagsCommand({ ResourceArns: [arn] })),
  );
  return found && fromKeyValueTags(found.TagDescriptions?.[0]?.Tags);
}

/** The service unless it is missing or INACTIVE (deleted services linger as INACTIVE). */
async function describeService(
  aws: TeardownAws,
  cluster: string,
  name: string,
) {
  const ecs = await aws.client(ECSClient);
  const found = await unlessGone(() =>
    ecs.send(
      new DescribeServicesCommand({
        cluster,
        services: [name],
        include: ['TAGS'],
      }),
    ),
  );
  const service = found?.services?.[0];
  return service && service.status !== 'INACTIVE' ? service : undefined;
}

/** ECS answers a missing or already inactive task definition with a ClientException. */
async function unlessGoneOrUnknownTaskDefinition<T>(
  call: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await unlessGone(call);
  } catch (error) {
    if (isAwsError(error, 'ClientException')) return undefined;
    throw error;
  }
}

async function codeBuildProject(aws: TeardownAws, name: string) {
  const codebuild = await aws.client(CodeBuildClient);
  const { projects = [] } = await codebuild.send(
    new BatchGetProjectsCommand({ names: [name] }),
  );
  return projects.find(p => p.name === name);
}

async function logGroups(aws: TeardownAws): Promise<LogGroups> {
  return new LogGroups(await aws.client(CloudWatchLogsClient), aws.target);
}
