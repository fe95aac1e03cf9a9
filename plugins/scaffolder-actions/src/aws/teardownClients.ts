import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { CodeBuildClient } from '@aws-sdk/client-codebuild';
import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import { ECRClient } from '@aws-sdk/client-ecr';
import { ECSClient } from '@aws-sdk/client-ecs';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { IAMClient } from '@aws-sdk/client-iam';
import { KMSClient } from '@aws-sdk/client-kms';
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { SNSClient } from '@aws-sdk/client-sns';
import type { AwsClientFactory, AwsTarget } from './clients';
import { Alarms } from './cloudwatch';
import { CodeBuildProjects } from './codebuild';
import { CodeDeploy } from './codedeploy';
import { Pipelines } from './codepipeline';
import { EcrRepositories } from './ecr';
import { EcsServices } from './ecs';
import { LoadBalancing } from './elbv2';
import { EventRules } from './eventbridge';
import { IamRoles } from './iam';
import { KmsKeys } from './kms';
import { LogGroups } from './logs';
import { SnsTopics } from './sns';
import { TaggedResources } from './taggedResources';
import type { TeardownAdapters, TeardownAws } from './teardownKinds';

type Make<A> = (clients: AwsClientFactory, target: AwsTarget) => Promise<A>;

/** How each adapter teardown uses is made: its client, then the adapter. */
const ADAPTERS: { [K in keyof TeardownAdapters]: Make<TeardownAdapters[K]> } = {
  tagging: async (clients, target) =>
    new TaggedResources(
      await clients.get(ResourceGroupsTaggingAPIClient, target),
      target,
    ),
  pipelines: async (clients, target) =>
    new Pipelines(await clients.get(CodePipelineClient, target), target),
  eventRules: async (clients, target) =>
    new EventRules(await clients.get(EventBridgeClient, target), target),
  codeDeploy: async (clients, target) =>
    new CodeDeploy(await clients.get(CodeDeployClient, target), target),
  ecs: async (clients, target) =>
    new EcsServices(await clients.get(ECSClient, target), target),
  loadBalancing: async (clients, target) =>
    new LoadBalancing(
      await clients.get(ElasticLoadBalancingV2Client, target),
      target,
    ),
  alarms: async (clients, target) =>
    new Alarms(await clients.get(CloudWatchClient, target), target),
  snsTopics: async (clients, target) =>
    new SnsTopics(await clients.get(SNSClient, target), target),
  codeBuild: async (clients, target) =>
    new CodeBuildProjects(await clients.get(CodeBuildClient, target), target),
  ecr: async (clients, target) =>
    new EcrRepositories(await clients.get(ECRClient, target), target),
  logGroups: async (clients, target) =>
    new LogGroups(await clients.get(CloudWatchLogsClient, target), target),
  iam: async (clients, target) =>
    new IamRoles(await clients.get(IAMClient, target), target),
  kms: async (clients, target) =>
    new KmsKeys(await clients.get(KMSClient, target), target),
};

/** The adapters of one account and region for teardown, each made when first asked for. */
export function teardownAws(
  clients: AwsClientFactory,
  target: AwsTarget,
): TeardownAws {
  return {
    target,
    get: service => ADAPTERS[service](clients, target),
  };
}
