import {
  BatchGetProjectsCommand,
  CodeBuildClient,
  ListProjectsCommand,
} from '@aws-sdk/client-codebuild';
import {
  CodeDeployClient,
  ListApplicationsCommand,
  ListDeploymentGroupsCommand,
  ListTagsForResourceCommand as ListCodeDeployTagsCommand,
} from '@aws-sdk/client-codedeploy';
import {
  CodePipelineClient,
  ListPipelinesCommand,
  ListTagsForResourceCommand as ListPipelineTagsCommand,
} from '@aws-sdk/client-codepipeline';
import {
  DescribeRepositoriesCommand,
  ECRClient,
  ListTagsForResourceCommand as ListEcrTagsCommand,
} from '@aws-sdk/client-ecr';
import {
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeRulesCommand,
  DescribeTagsCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  EventBridgeClient,
  ListRulesCommand,
  ListTagsForResourceCommand as ListEventRuleTagsCommand,
} from '@aws-sdk/client-eventbridge';
import {
  GetResourcesCommandInput,
  GetResourcesCommandOutput,
  ResourceGroupsTaggingAPIClient,
} from '@aws-sdk/client-resource-groups-tagging-api';

/**
 * Adaptations of the test setup to moto 5.2.1's gaps. None of them changes
 * what an action asks for or decides; each is named in the report and has a
 * test in gaps.test.ts that fails once moto no longer needs it.
 */

const ACCOUNT = '123456789012';

/**
 * moto's CodeBuild CreateProject rejects a CODEPIPELINE source or artifacts
 * without `location` ("Project source location is required"); AWS ignores
 * `location` for that type. Adds a placeholder to the request on its way out.
 */
export function motoCodeBuildLocation(client: CodeBuildClient): void {
  client.middlewareStack.add(
    next => async args => {
      const input = args.input as {
        source?: { type?: string; location?: string };
        artifacts?: { type?: string; location?: string };
      };
      const withLocation = <T extends { type?: string; location?: string }>(
        part: T | undefined,
      ) =>
        part?.type === 'CODEPIPELINE' && !part.location
          ? { ...part, location: 'moto-needs-a-location' }
          : part;
      if ('source' in input && 'artifacts' in input) {
        return next({
          ...args,
          input: {
            ...input,
            source: withLocation(input.source),
            artifacts: withLocation(input.artifacts),
          },
        });
      }
      return next(args);
    },
    { step: 'initialize', name: 'motoCodeBuildLocation', priority: 'low' },
  );
}

const MOTO_TIMESTAMP =
  /"(created|updated|pollingDisabledAt|lastUpdateTime|lastStatusChange|createTime|startTime|completeTime)":\s*"(\d{4}-\d\d-\d\dT[0-9:.]+(?:Z|[+-]\d\d:?\d\d)?)"/g;

/**
 * moto answers some JSON 1.1 calls (CodePipeline GetPipeline/ListPipelines,
 * CodeDeploy GetApplication/GetDeployment) with ISO-8601 strings where AWS
 * sends epoch seconds, which the JavaScript SDK v3 cannot parse ("Expected
 * real number, got implicit NaN"). Rewrites those values in the raw response,
 * before the SDK's deserializer reads it; nothing else is touched.
 */
export function motoEpochTimestamps(
  client: CodePipelineClient | CodeDeployClient,
): void {
  // Typed loosely: the two clients' stacks have different input/output unions.
  const stack = client.middlewareStack as {
    addRelativeTo(middleware: unknown, options: object): void;
  };
  stack.addRelativeTo(
    (next: (args: unknown) => Promise<{ response: unknown; output: any }>) =>
      async (args: unknown) => {
        const result = await next(args);
        const response = result.response as {
          body?: AsyncIterable<Uint8Array> | Uint8Array;
        };
        if (response?.body && !(response.body instanceof Uint8Array)) {
          const chunks: Buffer[] = [];
          for await (const chunk of response.body)
            chunks.push(Buffer.from(chunk));
          const text = Buffer.concat(chunks)
            .toString('utf8')
            .replace(
              MOTO_TIMESTAMP,
              (_all, key: string, iso: string) =>
                `"${key}": ${Date.parse(iso) / 1000}`,
            );
          response.body = Buffer.from(text, 'utf8');
        }
        return result;
      },
    {
      relation: 'after',
      toMiddleware: 'deserializerMiddleware',
      name: 'motoEpochTimestamps',
    },
  );
}

/** Clients the tagging-index completion reads moto's resources with. */
export interface TagReaders {
  ecr: ECRClient;
  codebuild: CodeBuildClient;
  codepipeline: CodePipelineClient;
  codedeploy: CodeDeployClient;
  elb: ElasticLoadBalancingV2Client;
  events: EventBridgeClient;
  region: string;
}

type Tags = Record<string, string>;

/**
 * Every resource of the kinds moto's Resource Groups Tagging API does not
 * index (ECR repositories, CodeBuild projects, pipelines, CodeDeploy
 * applications and deployment groups, ELB listener rules, EventBridge
 * rules), with its tags as
 * the resource's own service reports them, under the ARN AWS gives it.
 */
export async function resourcesMotoDoesNotIndex(
  readers: TagReaders,
): Promise<{ arn: string; tags: Tags }[]> {
  const { region } = readers;
  const found: { arn: string; tags: Tags }[] = [];
  const fromKeyValue = (
    tags: { Key?: string; Value?: string; key?: string; value?: string }[] = [],
  ) =>
    Object.fromEntries(
      tags.map(t => [t.Key ?? t.key ?? '', t.Value ?? t.value ?? '']),
    );

  const { repositories = [] } = await readers.ecr.send(
    new DescribeRepositoriesCommand({}),
  );
  for (const repository of repositories) {
    const { tags } = await readers.ecr.send(
      new ListEcrTagsCommand({ resourceArn: repository.repositoryArn }),
    );
    found.push({ arn: repository.repositoryArn!, tags: fromKeyValue(tags) });
  }

  const { projects: names = [] } = await readers.codebuild.send(
    new ListProjectsCommand({}),
  );
  if (names.length) {
    const { projects = [] } = await readers.codebuild.send(
      new BatchGetProjectsCommand({ names }),
    );
    for (const project of projects) {
      found.push({ arn: project.arn!, tags: fromKeyValue(project.tags) });
    }
  }

  const { pipelines = [] } = await readers.codepipeline.send(
    new ListPipelinesCommand({}),
  );
  for (const pipeline of pipelines) {
    const arn = `arn:aws:codepipeline:${region}:${ACCOUNT}:${pipeline.name}`;
    const { tags } = await readers.codepipeline.send(
      new ListPipelineTagsCommand({ resourceArn: arn }),
    );
    found.push({ arn, tags: fromKeyValue(tags) });
  }

  const { applications = [] } = await readers.codedeploy.send(
    new ListApplicationsCommand({}),
  );
  for (const application of applications) {
    const arn = `arn:aws:codedeploy:${region}:${ACCOUNT}:application:${application}`;
    const { Tags } = await readers.codedeploy.send(
      new ListCodeDeployTagsCommand({ ResourceArn: arn }),
    );
    found.push({ arn, tags: fromKeyValue(Tags) });
    const { deploymentGroups = [] } = await readers.codedeploy.send(
      new ListDeploymentGroupsCommand({ applicationName: application }),
    );
    for (const group of deploymentGroups) {
      const groupArn = `arn:aws:codedeploy:${region}:${ACCOUNT}:deploymentgroup:${application}/${group}`;
      const { Tags: groupTags } = await readers.codedeploy.send(
        new ListCodeDeployTagsCommand({ ResourceArn: groupArn }),
      );
      found.push({ arn: groupArn, tags: fromKeyValue(groupTags) });
    }
  }

  const { LoadBalancers = [] } = await readers.elb.send(
    new DescribeLoadBalancersCommand({}),
  );
  for (const lb of LoadBalancers) {
    const { Listeners = [] } = await readers.elb.send(
      new DescribeListenersCommand({ LoadBalancerArn: lb.LoadBalancerArn }),
    );
    for (const listener of Listeners) {
      const { Rules = [] } = await readers.elb.send(
        new DescribeRulesCommand({ ListenerArn: listener.ListenerArn }),
      );
      for (const rule of Rules.filter(r => !r.IsDefault)) {
        const { TagDescriptions = [] } = await readers.elb.send(
          new DescribeTagsCommand({ ResourceArns: [rule.RuleArn!] }),
        );
        found.push({
          arn: rule.RuleArn!,
          tags: fromKeyValue(TagDescriptions[0]?.Tags),
        });
      }
    }
  }

  const { Rules: eventRules = [] } = await readers.events.send(
    new ListRulesCommand({}),
  );
  for (const rule of eventRules) {
    const { Tags } = await readers.events.send(
      new ListEventRuleTagsCommand({ ResourceARN: rule.Arn }),
    );
    found.push({ arn: rule.Arn!, tags: fromKeyValue(Tags) });
  }
  return found;
}

/**
 * moto's GetResources indexes ECS, ELB target groups, log groups, SNS topics
 * and CloudWatch alarms but not
 * the kinds listed in {@link resourcesMotoDoesNotIndex}. Completes its answer
 * (first page) with those resources whose own tags match the filters, read
 * from moto, so that teardown sees what AWS's tagging API would return.
 */
export function motoTaggingIndex(
  client: ResourceGroupsTaggingAPIClient,
  readers: TagReaders,
): void {
  client.middlewareStack.add(
    next => async args => {
      const result = await next(args);
      const input = args.input as GetResourcesCommandInput;
      if (!('TagFilters' in input) || input.PaginationToken) return result;
      const output = result.output as GetResourcesCommandOutput;
      const known = new Set(
        (output.ResourceTagMappingList ?? []).map(m => m.ResourceARN),
      );
      const matches = (tags: Tags) =>
        (input.TagFilters ?? []).every(
          f =>
            f.Key! in tags &&
            (!f.Values?.length || f.Values.includes(tags[f.Key!])),
        );
      for (const { arn, tags } of await resourcesMotoDoesNotIndex(readers)) {
        if (known.has(arn) || !matches(tags)) continue;
        output.ResourceTagMappingList = [
          ...(output.ResourceTagMappingList ?? []),
          {
            ResourceARN: arn,
            Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
          },
        ];
      }
      return result;
    },
    { step: 'initialize', name: 'motoTaggingIndex' },
  );
}
