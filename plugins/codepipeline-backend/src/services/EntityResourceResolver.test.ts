import {
  CodeDeployClient,
  GetDeploymentGroupCommand,
} from '@aws-sdk/client-codedeploy';
import {
  CodePipelineClient,
  GetPipelineCommand,
} from '@aws-sdk/client-codepipeline';
import {
  GetResourcesCommand,
  ResourceGroupsTaggingAPIClient,
} from '@aws-sdk/client-resource-groups-tagging-api';
import { mockServices } from '@backstage/backend-test-utils';
import { AwsClientFactory } from '@slipway/plugin-codepipeline-node';
import { mockClient } from 'aws-sdk-client-mock';
import {
  clientFactoryWithStaticCredentials,
  MemoryCacheService,
} from '../__testUtils__/testDoubles';
import { pipelineDefinition } from '../__testUtils__/pipelines';
import { component } from '../__testUtils__/testBackend';
import { CoalescingCache } from '../cache';
import { ConfigReader } from '@backstage/config';
import { PluginSettings, readPluginSettings } from '../config';
import { EntityResourceResolver } from './EntityResourceResolver';
import { PipelineDefinitions } from './PipelineDefinitions';

const tagging = mockClient(ResourceGroupsTaggingAPIClient);
const codepipeline = mockClient(CodePipelineClient);
const codedeploy = mockClient(CodeDeployClient);

const settings: PluginSettings = {
  ...readPluginSettings(new ConfigReader({})),
  defaultRegion: 'us-east-1',
  tagSearchRegions: ['us-east-1', 'eu-west-1'],
  tagSearchAccountIds: ['123456789012'],
  cache: { activeTtlMs: 5000, idleTtlMs: 60000, definitionTtlMs: 300000 },
  polling: { activeIntervalSeconds: 10, idleIntervalSeconds: 60 },
  maxAttempts: 1,
  maxResourcesPerKind: 20,
  writes: { checkOwnershipTags: true, allowUntaggedResources: true },
};

/** A tag index that holds `perTarget` pipelines tagged env=prod in every account × region, 100 a page. */
function taggingWithManyPipelines(perTarget: number) {
  tagging.on(GetResourcesCommand).callsFake(async (input, getClient) => {
    const region = await getClient().config.region();
    const start = Number(input.PaginationToken ?? 0);
    const arns = Array.from(
      { length: Math.min(100, perTarget - start) },
      (_, i) => `arn:aws:codepipeline:${region}:123456789012:team-${start + i}`,
    );
    return {
      ResourceTagMappingList: arns.map(ResourceARN => ({ ResourceARN })),
      PaginationToken:
        start + 100 < perTarget ? String(start + 100) : undefined,
    };
  });
}

function resolver(overrides: Partial<PluginSettings> = {}) {
  const clients = clientFactoryWithStaticCredentials();
  const cache = new CoalescingCache(new MemoryCacheService());
  const ttls = settings.cache;
  return new EntityResourceResolver({
    clients,
    cache,
    definitions: new PipelineDefinitions({ clients, cache, ttls }),
    settings: { ...settings, ...overrides },
    logger: mockServices.logger.mock(),
  });
}

describe('EntityResourceResolver', () => {
  beforeEach(() => {
    tagging.reset();
    codepipeline.reset();
    codedeploy.reset();
  });

  it('finds tagged services in every configured region, following pagination', async () => {
    tagging
      .on(GetResourcesCommand, { PaginationToken: undefined })
      .resolves({
        ResourceTagMappingList: [
          {
            ResourceARN:
              'arn:aws:ecs:us-east-1:123456789012:service/prod/refunds-api',
          },
        ],
        PaginationToken: 'page-2',
      })
      .on(GetResourcesCommand, { PaginationToken: 'page-2' })
      .resolves({
        ResourceTagMappingList: [
          {
            ResourceARN:
              'arn:aws:ecs:us-east-1:123456789012:service/batch/refunds-worker',
          },
          // Old-format ARN without a cluster: cannot be addressed, skipped.
          { ResourceARN: 'arn:aws:ecs:us-east-1:123456789012:service/legacy' },
        ],
        PaginationToken: '',
      });

    const resolved = await resolver().resolve(
      component('refunds-api', {
        'aws.amazon.com/amazon-ecs-service-tags':
          'slipway:component=refunds-api',
      }),
      'ecs',
    );

    expect(
      resolved.ecsServices.map(s => `${s.clusterName}/${s.serviceName}`),
    ).toEqual(['prod/refunds-api', 'batch/refunds-worker']);
    // Two regions × two pages each.
    expect(tagging).toHaveReceivedCommandTimes(GetResourcesCommand, 4);
    expect(tagging).toHaveReceivedCommandWith(GetResourcesCommand, {
      ResourceTypeFilters: ['ecs:service'],
      TagFilters: [{ Key: 'slipway:component', Values: ['refunds-api'] }],
    });
  });

  it('reports a failed tag lookup beside what other regions found', async () => {
    tagging.on(GetResourcesCommand).callsFake(async (_input, getClient) => {
      const region = await getClient().config.region();
      if (region === 'eu-west-1') {
        throw Object.assign(new Error('Rate exceeded'), {
          name: 'ThrottlingException',
        });
      }
      return {
        ResourceTagMappingList: [
          {
            ResourceARN:
              'arn:aws:codepipeline:us-east-1:123456789012:refunds-api',
          },
        ],
      };
    });
    const resolved = await resolver().resolve(
      component('refunds-api', {
        'aws.amazon.com/aws-codepipeline-tags': 'slipway:component=refunds-api',
      }),
      'pipelines',
    );
    expect(resolved.pipelines.map(p => p.name)).toEqual(['refunds-api']);
    expect(resolved.pipelineLookupFailures).toEqual([
      {
        description:
          'aws.amazon.com/aws-codepipeline-tags slipway:component=refunds-api in 123456789012/eu-west-1',
        error: expect.objectContaining({ kind: 'throttled' }),
      },
    ]);
  });

  it('finds the ECS services behind the Deploy actions when only pipelines are annotated', async () => {
    codepipeline
      .on(GetPipelineCommand, { name: 'orders-api' })
      .resolves(pipelineDefinition('orders-api', 'ECS'))
      .on(GetPipelineCommand, { name: 'checkout-web' })
      .resolves(pipelineDefinition('checkout-web', 'CodeDeployToECS'));
    codedeploy.on(GetDeploymentGroupCommand).resolves({
      deploymentGroupInfo: {
        applicationName: 'checkout-web',
        deploymentGroupName: 'checkout-web-prod',
        ecsServices: [{ clusterName: 'web', serviceName: 'checkout-web' }],
      },
    });

    const resolved = await resolver().resolve(
      component('shop', {
        'aws.amazon.com/aws-codepipeline-arn':
          'arn:aws:codepipeline:us-east-1:123456789012:orders-api,arn:aws:codepipeline:us-east-1:123456789012:checkout-web',
      }),
      'ecs',
    );

    expect(resolved.ecsServices.map(s => s.arn)).toEqual([
      'arn:aws:ecs:us-east-1:123456789012:service/prod/orders-api',
      'arn:aws:ecs:us-east-1:123456789012:service/web/checkout-web',
    ]);
    expect(codedeploy).toHaveReceivedCommandWith(GetDeploymentGroupCommand, {
      applicationName: 'checkout-web',
      deploymentGroupName: 'checkout-web-prod',
    });
  });

  it("looks a cross-account CodeDeploy Deploy action's group up in its role's account and region", async () => {
    const { pipeline } = pipelineDefinition('checkout-web', 'CodeDeployToECS');
    const [deploy] = pipeline!.stages![3].actions!;
    deploy.roleArn = 'arn:aws:iam::222222222222:role/checkout-web-deploy';
    deploy.region = 'eu-west-1';
    codepipeline.on(GetPipelineCommand).resolves({ pipeline });
    const sentTo: Array<{ accessKeyId: string; region: string }> = [];
    codedeploy.on(GetDeploymentGroupCommand).callsFake(async (_, getClient) => {
      const { config } = getClient();
      const credentials = await (config.credentials as () => Promise<any>)();
      sentTo.push({
        accessKeyId: credentials.accessKeyId,
        region: await config.region(),
      });
      return {
        deploymentGroupInfo: {
          ecsServices: [{ clusterName: 'web', serviceName: 'checkout-web' }],
        },
      };
    });
    const clients = new AwsClientFactory({
      getCredentialProvider: async (options?: { accountId?: string }) => ({
        sdkCredentialProvider: async () => ({
          accessKeyId: `AKID-${options?.accountId ?? 'main'}`,
          secretAccessKey: 'secret',
        }),
      }),
    } as any);
    const cache = new CoalescingCache(new MemoryCacheService());

    const resolved = await new EntityResourceResolver({
      clients,
      cache,
      definitions: new PipelineDefinitions({
        clients,
        cache,
        ttls: settings.cache,
      }),
      settings,
      logger: mockServices.logger.mock(),
    }).resolve(
      component('checkout-web', {
        'aws.amazon.com/aws-codepipeline-arn':
          'arn:aws:codepipeline:us-east-1:111111111111:checkout-web',
      }),
      'ecs',
    );

    expect(sentTo).toEqual([
      { accessKeyId: 'AKID-222222222222', region: 'eu-west-1' },
    ]);
    expect(resolved.ecsServices).toEqual([
      expect.objectContaining({
        arn: 'arn:aws:ecs:eu-west-1:222222222222:service/web/checkout-web',
        accountId: '222222222222',
        region: 'eu-west-1',
      }),
    ]);
  });

  it('does not look for deploy targets when resolving for pipeline views', async () => {
    await resolver().resolve(
      component('orders-api', {
        'aws.amazon.com/aws-codepipeline-arn':
          'arn:aws:codepipeline:us-east-1:123456789012:orders-api',
      }),
      'pipelines',
    );
    expect(codepipeline).not.toHaveReceivedAnyCommand();
  });

  it('searches only allowed accounts and drops tagged ARNs from other accounts', async () => {
    tagging.on(GetResourcesCommand).resolves({
      ResourceTagMappingList: [
        { ResourceARN: 'arn:aws:codepipeline:us-east-1:999999999999:intruder' },
        {
          ResourceARN:
            'arn:aws:codepipeline:us-east-1:123456789012:refunds-api',
        },
      ],
    });
    const resolved = await resolver({
      allowedAccountIds: ['123456789012'],
      tagSearchRegions: ['us-east-1'],
    }).resolve(
      component('refunds-api', {
        'aws.amazon.com/aws-codepipeline-tags': 'slipway:component=refunds-api',
      }),
      'pipelines',
    );
    expect(resolved.pipelines.map(p => p.accountId)).toEqual(['123456789012']);
  });

  describe('fan-out ceiling (codepipeline.maxResourcesPerKind)', () => {
    it('a tag annotation matching hundreds of pipelines resolves at most the ceiling, says so, and stops searching', async () => {
      taggingWithManyPipelines(201);
      const resolved = await resolver({
        tagSearchAccountIds: ['123456789012', '210987654321'],
        tagSearchRegions: ['us-east-1', 'eu-west-1', 'ap-south-1'],
      }).resolve(
        component('everything', {
          'aws.amazon.com/aws-codepipeline-tags': 'env=prod',
        }),
        'pipelines',
      );

      expect(resolved.pipelines).toHaveLength(20);
      expect(resolved.truncated).toEqual({
        pipelines: true,
        ecsServices: false,
      });
      expect(resolved.pipelineLookupFailures).toEqual([
        {
          description: 'aws.amazon.com/aws-codepipeline-tags env=prod',
          error: {
            kind: 'truncated',
            message: expect.stringMatching(
              /More than 20 pipelines.*first 20.*codepipeline\.maxResourcesPerKind/,
            ),
          },
        },
      ]);
      // One page of one account × region was enough to know: no further search.
      expect(tagging).toHaveReceivedCommandTimes(GetResourcesCommand, 1);
    });

    it('counts explicit ARNs and tagged resources together, across searches', async () => {
      taggingWithManyPipelines(3);
      const resolved = await resolver({ maxResourcesPerKind: 4 }).resolve(
        component('shop', {
          'aws.amazon.com/aws-codepipeline-arn':
            'arn:aws:codepipeline:us-east-1:123456789012:team-0,arn:aws:codepipeline:us-east-1:123456789012:orders-api',
          'aws.amazon.com/aws-codepipeline-tags': 'env=prod',
        }),
        'pipelines',
      );
      expect(resolved.pipelines.map(p => p.name)).toEqual([
        'team-0',
        'orders-api',
        'team-1',
        'team-2',
      ]);
      expect(resolved.truncated?.pipelines).toBe(true);
      // us-east-1 filled the list; eu-west-1 found more, so the list is cut short.
      expect(tagging).toHaveReceivedCommandTimes(GetResourcesCommand, 2);
    });

    it('is not truncated when everything fits', async () => {
      taggingWithManyPipelines(2);
      const resolved = await resolver({
        tagSearchRegions: ['us-east-1'],
      }).resolve(
        component('shop', {
          'aws.amazon.com/aws-codepipeline-tags': 'env=prod',
        }),
        'pipelines',
      );
      expect(resolved.pipelines).toHaveLength(2);
      expect(resolved.truncated?.pipelines).toBe(false);
      expect(resolved.pipelineLookupFailures).toEqual([]);
    });

    it('refuses more explicit ARNs than the ceiling with a 400 naming the setting', async () => {
      await expect(
        resolver({ maxResourcesPerKind: 1 }).resolve(
          component('shop', {
            'aws.amazon.com/aws-codepipeline-arn':
              'arn:aws:codepipeline:us-east-1:123456789012:a,arn:aws:codepipeline:us-east-1:123456789012:b',
          }),
          'pipelines',
        ),
      ).rejects.toMatchObject({
        name: 'InputError',
        message: expect.stringContaining('codepipeline.maxResourcesPerKind'),
      });
    });

    it('bounds Deploy-action discovery: at most the ceiling of services and of CodeDeploy calls', async () => {
      const definition = pipelineDefinition('fleet', 'CodeDeployToECS');
      const deployStage = definition.pipeline!.stages!.at(-1)!;
      deployStage.actions = Array.from({ length: 30 }, (_, i) => ({
        ...deployStage.actions![0],
        name: `Deploy-${i}`,
        configuration: {
          ApplicationName: 'fleet',
          DeploymentGroupName: `fleet-${i}`,
        },
      }));
      codepipeline.on(GetPipelineCommand).resolves(definition);
      codedeploy.on(GetDeploymentGroupCommand).callsFake(async input => ({
        deploymentGroupInfo: {
          ecsServices: [
            { clusterName: 'prod', serviceName: input.deploymentGroupName },
          ],
        },
      }));

      const resolved = await resolver({ maxResourcesPerKind: 5 }).resolve(
        component('fleet', {
          'aws.amazon.com/aws-codepipeline-arn':
            'arn:aws:codepipeline:us-east-1:123456789012:fleet',
        }),
        'ecs',
      );

      expect(resolved.ecsServices).toHaveLength(5);
      expect(resolved.truncated?.ecsServices).toBe(true);
      expect(resolved.ecsLookupFailures).toEqual([
        {
          description: 'Deploy targets of the pipelines',
          error: expect.objectContaining({ kind: 'truncated' }),
        },
      ]);
      expect(
        codedeploy.commandCalls(GetDeploymentGroupCommand).length,
      ).toBeLessThanOrEqual(6);
    });
  });
});
