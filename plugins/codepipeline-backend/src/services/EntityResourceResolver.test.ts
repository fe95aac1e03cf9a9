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
import { mockClient } from 'aws-sdk-client-mock';
import {
  clientFactoryWithStaticCredentials,
  MemoryCacheService,
} from '../__testUtils__/testDoubles';
import { pipelineDefinition } from '../__testUtils__/pipelines';
import { component } from '../__testUtils__/testBackend';
import { CoalescingCache } from '../cache';
import { PluginSettings } from '../config';
import { EntityResourceResolver } from './EntityResourceResolver';
import { PipelineDefinitions } from './PipelineDefinitions';

const tagging = mockClient(ResourceGroupsTaggingAPIClient);
const codepipeline = mockClient(CodePipelineClient);
const codedeploy = mockClient(CodeDeployClient);

const settings: PluginSettings = {
  defaultRegion: 'us-east-1',
  tagSearchRegions: ['us-east-1', 'eu-west-1'],
  tagSearchAccountIds: ['123456789012'],
  cache: { activeTtlMs: 5000, idleTtlMs: 60000, definitionTtlMs: 300000 },
  polling: { activeIntervalSeconds: 10, idleIntervalSeconds: 60 },
  maxAttempts: 1,
};

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
});
