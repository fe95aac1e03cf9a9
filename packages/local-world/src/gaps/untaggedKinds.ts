import {
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeRulesCommand,
  DescribeTagsCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Place } from '../server/accounts';
import { upstreamCall } from '../server/upstream';

/** A resource with its tags, as its own service reports them. */
export interface TaggedResource {
  arn: string;
  /** The tagging API's resource type, e.g. `codepipeline:pipeline`. */
  type: string;
  tags: Record<string, string>;
}

const tagMap = (tags: any[] = []) =>
  Object.fromEntries(
    tags.map(t => [t.Key ?? t.key ?? '', t.Value ?? t.value ?? '']),
  );

/** One JSON 1.1 read of moto; throws on an error answer. */
async function read(
  upstream: string,
  place: Place,
  service: string,
  target: string,
  body: object = {},
) {
  const { status, json } = await upstreamCall(
    upstream,
    place,
    target,
    body,
    service,
  );
  if (status !== 200) {
    throw new Error(`${target}: HTTP ${status} ${json.message ?? ''}`);
  }
  return json;
}

async function ecrRepositories(upstream: string, place: Place) {
  const ecr = (target: string, body?: object) =>
    read(
      upstream,
      place,
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

async function codeBuildProjects(upstream: string, place: Place) {
  const codebuild = (target: string, body?: object) =>
    read(upstream, place, 'codebuild', `CodeBuild_20161006.${target}`, body);
  const { projects: names = [] } = await codebuild('ListProjects');
  if (!names.length) return [];
  const { projects = [] } = await codebuild('BatchGetProjects', { names });
  return projects.map((p: any) => ({
    arn: p.arn,
    type: 'codebuild:project',
    tags: tagMap(p.tags),
  }));
}

async function pipelines(upstream: string, place: Place) {
  const codepipeline = (target: string, body?: object) =>
    read(
      upstream,
      place,
      'codepipeline',
      `CodePipeline_20150709.${target}`,
      body,
    );
  const { pipelines: list = [] } = await codepipeline('ListPipelines');
  return Promise.all(
    list.map(async ({ name }: { name: string }) => {
      const arn = `arn:aws:codepipeline:${place.region}:${place.accountId}:${name}`;
      const { tags } = await codepipeline('ListTagsForResource', {
        resourceArn: arn,
      });
      return { arn, type: 'codepipeline:pipeline', tags: tagMap(tags) };
    }),
  );
}

async function codeDeploy(upstream: string, place: Place) {
  const codedeploy = (target: string, body?: object) =>
    read(upstream, place, 'codedeploy', `CodeDeploy_20141006.${target}`, body);
  const found: TaggedResource[] = [];
  const { applications = [] } = await codedeploy('ListApplications');
  for (const application of applications) {
    const arn = `arn:aws:codedeploy:${place.region}:${place.accountId}:application:${application}`;
    const { Tags } = await codedeploy('ListTagsForResource', {
      ResourceArn: arn,
    });
    found.push({ arn, type: 'codedeploy:application', tags: tagMap(Tags) });
    const { deploymentGroups = [] } = await codedeploy('ListDeploymentGroups', {
      applicationName: application,
    });
    for (const group of deploymentGroups) {
      const groupArn = `arn:aws:codedeploy:${place.region}:${place.accountId}:deploymentgroup:${application}/${group}`;
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

async function eventRules(upstream: string, place: Place) {
  const events = (target: string, body?: object) =>
    read(upstream, place, 'events', `AWSEvents.${target}`, body);
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
async function listenerRules(upstream: string, place: Place) {
  const elb = new ElasticLoadBalancingV2Client({
    endpoint: upstream,
    region: place.region,
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    maxAttempts: 1,
  });
  elb.middlewareStack.add(
    next => async args => {
      const request = args.request as { headers: Record<string, string> };
      request.headers['x-moto-account-id'] = place.accountId;
      return next(args);
    },
    { step: 'build' },
  );
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
 * Every resource of an account and region of the kinds moto's Resource Groups Tagging API does not
 * index (ECR repositories, CodeBuild projects, pipelines, CodeDeploy
 * applications and deployment groups, ELB listener rules, EventBridge
 * rules), under the ARN AWS gives it, with its own service's tags.
 */
export async function resourcesMotoDoesNotIndex(
  upstream: string,
  place: Place,
): Promise<TaggedResource[]> {
  const kinds = await Promise.all(
    [
      ecrRepositories,
      codeBuildProjects,
      pipelines,
      codeDeploy,
      listenerRules,
      eventRules,
    ].map(kind => kind(upstream, place)),
  );
  return kinds.flat();
}
