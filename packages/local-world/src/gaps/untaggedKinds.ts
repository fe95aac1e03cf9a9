import {
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeRulesCommand,
  DescribeTagsCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { upstreamCall } from '../server/upstream';

/** A resource with its tags, as its own service reports them. */
export interface TaggedResource {
  arn: string;
  /** The tagging API's resource type, e.g. `codepipeline:pipeline`. */
  type: string;
  tags: Record<string, string>;
}

const ACCOUNT = process.env.MOTO_ACCOUNT_ID ?? '123456789012';

const tagMap = (tags: any[] = []) =>
  Object.fromEntries(
    tags.map(t => [t.Key ?? t.key ?? '', t.Value ?? t.value ?? '']),
  );

/** One JSON 1.1 read of moto; throws on an error answer. */
async function read(
  upstream: string,
  region: string,
  service: string,
  target: string,
  body: object = {},
) {
  const { status, json } = await upstreamCall(
    upstream,
    region,
    target,
    body,
    service,
  );
  if (status !== 200) {
    throw new Error(`${target}: HTTP ${status} ${json.message ?? ''}`);
  }
  return json;
}

async function ecrRepositories(upstream: string, region: string) {
  const ecr = (target: string, body?: object) =>
    read(
      upstream,
      region,
      'ecr',
      `AmazonEC2ContainerRegistry_V20150921.${target}`,
      body,
    );
  const { repositories = [] } = await ecr('DescribeRepositories');
  return Promise.all(
    repositories.map(async (r: any) => ({
      arn: r.repositoryArn,
      type: 'ecr:repository',
      tags: tagMap(
        (await ecr('ListTagsForResource', { resourceArn: r.repositoryArn }))
          .tags,
      ),
    })),
  );
}

async function codeBuildProjects(upstream: string, region: string) {
  const codebuild = (target: string, body?: object) =>
    read(upstream, region, 'codebuild', `CodeBuild_20161006.${target}`, body);
  const { projects: names = [] } = await codebuild('ListProjects');
  if (!names.length) return [];
  const { projects = [] } = await codebuild('BatchGetProjects', { names });
  return projects.map((p: any) => ({
    arn: p.arn,
    type: 'codebuild:project',
    tags: tagMap(p.tags),
  }));
}

async function pipelines(upstream: string, region: string) {
  const codepipeline = (target: string, body?: object) =>
    read(
      upstream,
      region,
      'codepipeline',
      `CodePipeline_20150709.${target}`,
      body,
    );
  const { pipelines: list = [] } = await codepipeline('ListPipelines');
  return Promise.all(
    list.map(async ({ name }: { name: string }) => {
      const arn = `arn:aws:codepipeline:${region}:${ACCOUNT}:${name}`;
      const { tags } = await codepipeline('ListTagsForResource', {
        resourceArn: arn,
      });
      return { arn, type: 'codepipeline:pipeline', tags: tagMap(tags) };
    }),
  );
}

async function codeDeploy(upstream: string, region: string) {
  const codedeploy = (target: string, body?: object) =>
    read(upstream, region, 'codedeploy', `CodeDeploy_20141006.${target}`, body);
  const found: TaggedResource[] = [];
  const { applications = [] } = await codedeploy('ListApplications');
  for (const application of applications) {
    const arn = `arn:aws:codedeploy:${region}:${ACCOUNT}:application:${application}`;
    const { Tags } = await codedeploy('ListTagsForResource', {
      ResourceArn: arn,
    });
    found.push({ arn, type: 'codedeploy:application', tags: tagMap(Tags) });
    const { deploymentGroups = [] } = await codedeploy('ListDeploymentGroups', {
      applicationName: application,
    });
    for (const group of deploymentGroups) {
      const groupArn = `arn:aws:codedeploy:${region}:${ACCOUNT}:deploymentgroup:${application}/${group}`;
      const { Tags: groupTags } = await codedeploy('ListTagsForResource', {
        ResourceArn: groupArn,
      });
      found.push({
        arn: groupArn,
        type: 'codedeploy:deploymentgroup',
        tags: tagMap(groupTags),
      });
    }
  }
  return found;
}

async function eventRules(upstream: string, region: string) {
  const events = (target: string, body?: object) =>
    read(upstream, region, 'events', `AWSEvents.${target}`, body);
  const { Rules = [] } = await events('ListRules');
  return Promise.all(
    Rules.map(async (rule: any) => ({
      arn: rule.Arn,
      type: 'events:rule',
      tags: tagMap(
        (await events('ListTagsForResource', { ResourceARN: rule.Arn })).Tags,
      ),
    })),
  );
}

/** ELB is a query (XML) service: read with the SDK, straight from moto. */
async function listenerRules(upstream: string, region: string) {
  const elb = new ElasticLoadBalancingV2Client({
    endpoint: upstream,
    region,
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    maxAttempts: 1,
  });
  const found: TaggedResource[] = [];
  try {
    const { LoadBalancers = [] } = await elb.send(
      new DescribeLoadBalancersCommand({}),
    );
    for (const lb of LoadBalancers) {
      const { Listeners = [] } = await elb.send(
        new DescribeListenersCommand({ LoadBalancerArn: lb.LoadBalancerArn }),
      );
      for (const listener of Listeners) {
        const { Rules = [] } = await elb.send(
          new DescribeRulesCommand({ ListenerArn: listener.ListenerArn }),
        );
        for (const rule of Rules.filter(r => !r.IsDefault)) {
          const { TagDescriptions = [] } = await elb.send(
            new DescribeTagsCommand({ ResourceArns: [rule.RuleArn!] }),
          );
          found.push({
            arn: rule.RuleArn!,
            type: 'elasticloadbalancing:listener-rule',
            tags: tagMap(TagDescriptions[0]?.Tags),
          });
        }
      }
    }
  } finally {
    elb.destroy();
  }
  return found;
}

/**
 * Every resource of the kinds moto's Resource Groups Tagging API does not
 * index (ECR repositories, CodeBuild projects, pipelines, CodeDeploy
 * applications and deployment groups, ELB listener rules, EventBridge
 * rules), under the ARN AWS gives it, with its own service's tags.
 */
export async function resourcesMotoDoesNotIndex(
  upstream: string,
  region: string,
): Promise<TaggedResource[]> {
  const kinds = await Promise.all(
    [
      ecrRepositories,
      codeBuildProjects,
      pipelines,
      codeDeploy,
      listenerRules,
      eventRules,
    ].map(kind => kind(upstream, region)),
  );
  return kinds.flat();
}
