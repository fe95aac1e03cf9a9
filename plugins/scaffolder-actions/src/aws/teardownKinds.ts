import type { SlipwayEnvironment } from '../config/environments';
import {
  alertTopicName,
  artifactKeyAlias,
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
import type { CodeBuildProjects } from './codebuild';
import type { Alarms } from './cloudwatch';
import type { CodeDeploy } from './codedeploy';
import type { Pipelines } from './codepipeline';
import type { EcrRepositories } from './ecr';
import type { EcsServices } from './ecs';
import type { LoadBalancing } from './elbv2';
import { isGone } from './errors';
import type { EventRules } from './eventbridge';
import type { IamRoles } from './iam';
import { isPendingDeletion, KmsKeys } from './kms';
import type { LogGroups } from './logs';
import { logGroupArn, regionalArn } from './resourceLocations';
import type { SnsTopics } from './sns';
import type { TaggedResources } from './taggedResources';
import type { TagMap } from './tags';

export { isGone } from './errors';

/**
 * What `slipway:teardown` removes, in ONE table: each row is a kind of
 * resource with the pattern of its ARNs, how the component's own resources of
 * that kind are found by name, how its own tags are read and how it is
 * removed. The table's order is the removal order: nothing is removed while
 * something that uses it still exists (listener rules before target groups,
 * services before task definitions and target groups, roles last).
 */

/** The adapters teardown uses in one account and region. */
export interface TeardownAdapters {
  tagging: TaggedResources;
  pipelines: Pipelines;
  eventRules: EventRules;
  codeDeploy: CodeDeploy;
  ecs: EcsServices;
  loadBalancing: LoadBalancing;
  alarms: Alarms;
  snsTopics: SnsTopics;
  codeBuild: CodeBuildProjects;
  ecr: EcrRepositories;
  logGroups: LogGroups;
  iam: IamRoles;
  kms: KmsKeys;
}

/** The AWS services of one account and region, each client made on first use. */
export interface TeardownAws {
  target: AwsTarget;
  get<K extends keyof TeardownAdapters>(
    service: K,
  ): Promise<TeardownAdapters[K]>;
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
  /**
   * This account is the pipeline's (the account of teardown's `environment`)
   * and the teardown reaches environments in other accounts: a cross-account
   * pipeline's artifact key may be here, in any region of those environments.
   */
  artifactKeyHome?: boolean;
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

/** The call's result, or undefined when what it looks at does not exist. */
async function unlessGone<T>(call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    if (isGone(error)) return undefined;
    throw error;
  }
}

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
      const pipelines = await aws.get('pipelines');
      const found = await unlessGone(() => pipelines.find(component));
      return byName([found?.arn]);
    },
    async readTags(aws, { arn }) {
      const pipelines = await aws.get('pipelines');
      return unlessGone(() => pipelines.tags(arn));
    },
    async remove(aws, { name }) {
      await (await aws.get('pipelines')).delete(name);
    },
  },
  {
    id: 'kmsKey',
    label: 'KMS key (deletion scheduled in 7 days, aliases deleted)',
    pattern: new RegExp(`${ARN}:kms:[^:]*:\\d+:key/(.+)$`),
    async find(aws, { component, artifactKeyHome }) {
      // Only where a cross-account pipeline keeps it: a same-account
      // teardown makes no KMS call (a tagged key is still listed by tag).
      if (!artifactKeyHome) return [];
      const keys = await aws.get('kms');
      const key = await keys.find(artifactKeyAlias(component));
      return key && !isPendingDeletion(key) ? byName([key.arn]) : [];
    },
    async readTags(aws, { name }) {
      const keys = await aws.get('kms');
      const key = await keys.find(name);
      // A key whose deletion is scheduled is as good as gone.
      if (!key || isPendingDeletion(key)) return undefined;
      return unlessGone(() => keys.tags(name));
    },
    async remove(aws, { name }) {
      const keys = await aws.get('kms');
      // The alias first, so that a re-run creates a new key under it.
      for (const alias of await keys.aliasesOf(name)) {
        if (alias.startsWith('alias/slipway/')) await keys.deleteAlias(alias);
      }
      await keys.scheduleDeletion(name);
    },
  },
  {
    id: 'eventRule',
    label: 'EventBridge rule (with its targets)',
    pattern: new RegExp(`${ARN}:events:[^:]*:\\d+:rule/(?:([^/]+)/)?([^/]+)$`),
    async find(aws, { component }) {
      const rules = await aws.get('eventRules');
      const found = await unlessGone(() =>
        rules.find(pipelineFailureRuleName(component)),
      );
      return byName([found?.arn]);
    },
    async readTags(aws, { arn }) {
      const rules = await aws.get('eventRules');
      return unlessGone(() => rules.tags(arn));
    },
    async remove(aws, { name, parent }) {
      // A rule with targets cannot be deleted: delete removes them first.
      await (await aws.get('eventRules')).delete(name, parent);
    },
  },
  {
    id: 'deploymentGroup',
    label: 'CodeDeploy deployment group',
    pattern: new RegExp(
      `${ARN}:codedeploy:[^:]*:\\d+:deploymentgroup:([^/]+)/(.+)$`,
    ),
    async find(aws, { component, environments }) {
      const codedeploy = await aws.get('codeDeploy');
      const found: FoundArn[] = [];
      for (const environment of environments) {
        const { application, deploymentGroup } = codeDeployNames(
          component,
          environment.name,
        );
        const group = await unlessGone(() =>
          codedeploy.findDeploymentGroup(application, deploymentGroup),
        );
        if (group) {
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
    async readTags(aws, { name, parent }) {
      const codedeploy = await aws.get('codeDeploy');
      return unlessGone(() => codedeploy.tags(parent!, name));
    },
    async remove(aws, { name, parent }) {
      await (await aws.get('codeDeploy')).deleteDeploymentGroup(parent!, name);
    },
  },
  {
    id: 'codeDeployApplication',
    label: 'CodeDeploy application',
    pattern: new RegExp(`${ARN}:codedeploy:[^:]*:\\d+:application:(.+)$`),
    async find(aws, { component, environments }) {
      const codedeploy = await aws.get('codeDeploy');
      const found: FoundArn[] = [];
      for (const environment of environments) {
        const { application } = codeDeployNames(component, environment.name);
        const platform = await unlessGone(() =>
          codedeploy.applicationPlatform(application),
        );
        if (platform !== undefined) {
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
    async readTags(aws, { name }) {
      const codedeploy = await aws.get('codeDeploy');
      return unlessGone(() => codedeploy.tags(name));
    },
    async remove(aws, { name }) {
      await (await aws.get('codeDeploy')).deleteApplication(name);
    },
  },
  {
    id: 'ecsService',
    label: 'ECS service',
    pattern: new RegExp(`${ARN}:ecs:[^:]*:\\d+:service/([^/]+)/(.+)$`),
    async find(aws, { component, environments }) {
      const ecs = await aws.get('ecs');
      const found: FoundArn[] = [];
      for (const environment of environments) {
        // Deleted services linger as INACTIVE: findService leaves them out.
        const service = await unlessGone(() =>
          ecs.findService(environment.cluster, component),
        );
        found.push(...byName([service?.arn]));
      }
      return found;
    },
    async readTags(aws, { name, parent }) {
      const ecs = await aws.get('ecs');
      const service = await unlessGone(() => ecs.findService(parent!, name));
      return service?.tags;
    },
    async remove(aws, { name, parent }) {
      // Scale to 0 first so the tasks drain, then delete (force: even if some
      // still run); an INACTIVE or draining service counts as deleted.
      await (
        await aws.get('ecs')
      ).deleteService(parent!, name, { scaleToZeroFirst: true });
    },
  },
  {
    id: 'taskDefinition',
    label: 'task definition',
    pattern: new RegExp(`${ARN}:ecs:[^:]*:\\d+:task-definition/([^/]+)$`),
    async find(aws, { component, environments }) {
      const ecs = await aws.get('ecs');
      const found: FoundArn[] = [];
      for (const environment of environments) {
        found.push(
          ...byName(
            await ecs.activeRevisions(
              taskDefinitionFamily(component, environment.name),
            ),
          ),
        );
      }
      return found;
    },
    async readTags(aws, { arn }) {
      return (await aws.get('ecs')).taskDefinitionTags(arn);
    },
    async remove(aws, { arn }) {
      // Deregister (ACTIVE → INACTIVE), then delete the revision for good.
      await (await aws.get('ecs')).deleteTaskDefinition(arn);
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
      const elb = await aws.get('loadBalancing');
      const found: FoundArn[] = [];
      for (const environment of environments) {
        const ours = new Set(
          Object.values(targetGroupNames(component, environment.name)),
        );
        const listeners = [
          environment.loadBalancer?.productionListenerArn,
          environment.loadBalancer?.testListenerArn,
        ].filter((arn): arn is string => !!arn);
        for (const listener of listeners) {
          const rules = await unlessGone(() => elb.rules(listener));
          for (const rule of rules ?? []) {
            const forwardsToOurs = rule.targetGroupArns.some(arn =>
              ours.has(arn.split('/')[1]),
            );
            if (!rule.isDefault && forwardsToOurs) {
              found.push(...byName([rule.arn]));
            }
          }
        }
      }
      return found;
    },
    readTags: loadBalancingTags,
    async remove(aws, { arn }) {
      await (await aws.get('loadBalancing')).deleteRule(arn);
    },
  },
  {
    id: 'targetGroup',
    label: 'target group',
    pattern: new RegExp(
      `${ARN}:elasticloadbalancing:[^:]*:\\d+:targetgroup/([^/]+)/`,
    ),
    async find(aws, { component, environments }) {
      const elb = await aws.get('loadBalancing');
      const found: FoundArn[] = [];
      for (const environment of environments) {
        for (const name of new Set(
          Object.values(targetGroupNames(component, environment.name)),
        )) {
          const group = await unlessGone(() => elb.findTargetGroup(name));
          found.push(...byName([group?.arn]));
        }
      }
      return found;
    },
    readTags: loadBalancingTags,
    async remove(aws, { arn }) {
      await (await aws.get('loadBalancing')).deleteTargetGroup(arn);
    },
  },
  {
    id: 'alarm',
    label: 'CloudWatch alarm',
    pattern: new RegExp(`${ARN}:cloudwatch:[^:]*:\\d+:alarm:(.+)$`),
    async find(aws, { component, environments }) {
      const names = environments.flatMap(environment =>
        Object.values(targetGroupNames(component, environment.name)).flatMap(
          group => Object.values(targetGroupAlarmNames(group)),
        ),
      );
      if (!names.length) return [];
      return byName(await (await aws.get('alarms')).existingArns(names));
    },
    async readTags(aws, { name }) {
      const alarms = await aws.get('alarms');
      return unlessGone(() => alarms.tags(name));
    },
    async remove(aws, { name }) {
      await (await aws.get('alarms')).delete([name]);
    },
  },
  {
    id: 'snsTopic',
    label: 'SNS topic (with its subscriptions)',
    pattern: new RegExp(`${ARN}:sns:[^:]*:\\d+:([^:]+)$`),
    async find(aws, { component }) {
      const topics = await aws.get('snsTopics');
      const found = await unlessGone(() =>
        topics.find(alertTopicName(component)),
      );
      return byName([found?.arn]);
    },
    async readTags(aws, { arn }) {
      const topics = await aws.get('snsTopics');
      return unlessGone(() => topics.tags(arn));
    },
    async remove(aws, { arn }) {
      // Deleting a topic deletes its subscriptions.
      await (await aws.get('snsTopics')).delete(arn);
    },
  },
  {
    id: 'codeBuildProject',
    label: 'CodeBuild project',
    pattern: new RegExp(`${ARN}:codebuild:[^:]*:\\d+:project/(.+)$`),
    async find(aws, { component }) {
      const projects = await aws.get('codeBuild');
      const project = await projects.find(codeBuildProjectName(component));
      return byName([project?.arn]);
    },
    async readTags(aws, { name }) {
      const project = await (await aws.get('codeBuild')).find(name);
      return project?.tags;
    },
    async remove(aws, { name }) {
      await (await aws.get('codeBuild')).delete(name);
    },
  },
  {
    id: 'ecrRepository',
    label: 'ECR repository (with its images)',
    pattern: new RegExp(`${ARN}:ecr:[^:]*:\\d+:repository/(.+)$`),
    async find(aws, { component }) {
      const repositories = await aws.get('ecr');
      const found = await unlessGone(() => repositories.find(component));
      return byName([found?.arn]);
    },
    async readTags(aws, { arn, name }) {
      const repositories = await aws.get('ecr');
      return unlessGone(() => repositories.tags({ name, arn }));
    },
    async remove(aws, { name }) {
      await (await aws.get('ecr')).delete(name);
    },
  },
  {
    id: 'logGroup',
    label: 'log group',
    pattern: new RegExp(`${ARN}:logs:[^:]*:\\d+:log-group:(.+?)(?::\\*)?$`),
    async find(aws, { component }) {
      const groups = await aws.get('logGroups');
      const names = await groups.namesUnderPrefix(logGroupPrefix(component));
      return byName(names.map(name => logGroupArn(aws.target, name)));
    },
    async readTags(aws, { name }) {
      const groups = await aws.get('logGroups');
      if (!(await groups.find(name))) return undefined;
      return unlessGone(() => groups.tags(name));
    },
    async remove(aws, { name }) {
      await (await aws.get('logGroups')).delete(name);
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
      const own = new Set(
        Object.keys(DELIVERY_ROLES).map(role =>
          roleName(component, role as DeliveryRole),
        ),
      );
      const roles = await (await aws.get('iam')).listUnderPath(ROLE_PATH);
      return roles
        .filter(role => role.name.startsWith(`${component}-`))
        .map(role => ({ arn: role.arn, named: own.has(role.name) }));
    },
    async readTags(aws, { name }) {
      const iam = await aws.get('iam');
      return unlessGone(() => iam.tags(name));
    },
    async remove(aws, { name }) {
      // A role with policies cannot be deleted: delete removes inline ones
      // and detaches managed ones first.
      await (await aws.get('iam')).delete(name);
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

async function loadBalancingTags(
  aws: TeardownAws,
  { arn }: KindResource,
): Promise<TagMap | undefined> {
  const elb = await aws.get('loadBalancing');
  return unlessGone(() => elb.tags(arn));
}
