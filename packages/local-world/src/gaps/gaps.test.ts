import {
  BatchGetProjectsCommand,
  CodeBuildClient,
  CreateProjectCommand,
} from '@aws-sdk/client-codebuild';
import {
  CodeDeployClient,
  CreateApplicationCommand,
  CreateDeploymentGroupCommand,
  DeleteApplicationCommand,
  GetApplicationCommand,
  GetDeploymentGroupCommand,
  ListDeploymentConfigsCommand,
} from '@aws-sdk/client-codedeploy';
import {
  CodePipelineClient,
  CreatePipelineCommand,
  GetPipelineCommand,
} from '@aws-sdk/client-codepipeline';
import {
  CreateServiceCommand,
  DescribeServicesCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
} from '@aws-sdk/client-ecs';
import {
  GetResourcesCommand,
  ResourceGroupsTaggingAPIClient,
} from '@aws-sdk/client-resource-groups-tagging-api';
import { startLocalWorld, type LocalWorld } from '../launcher';
import { flaskServicePipeline } from '../testing/fixtures';
import { upstreamCall } from '../server/upstream';
import { createPipelineRole } from '../testing/moto';

/**
 * moto 5.2.1's gaps, each shown twice: moto_server alone has it, and the
 * local world in front of it answers as AWS does. When moto closes a gap,
 * its "moto alone" expectation fails and the correction can go.
 */

jest.setTimeout(120_000);

const REGION = 'us-east-1';
const tags = [{ key: 'slipway:component', value: 'default/gaps' }];
let world: LocalWorld;

const clients = (endpoint: string) => {
  const options = {
    endpoint,
    region: REGION,
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    maxAttempts: 1,
  };
  return {
    codebuild: new CodeBuildClient(options),
    codepipeline: new CodePipelineClient(options),
    codedeploy: new CodeDeployClient(options),
    ecs: new ECSClient(options),
    tagging: new ResourceGroupsTaggingAPIClient(options),
  };
};
let local: ReturnType<typeof clients>;
let moto: ReturnType<typeof clients>;

const pipelineProject = {
  name: 'gaps-build',
  source: { type: 'CODEPIPELINE' as const },
  artifacts: { type: 'CODEPIPELINE' as const },
  environment: {
    type: 'LINUX_CONTAINER' as const,
    image: 'aws/codebuild/standard:7.0',
    computeType: 'BUILD_GENERAL1_SMALL' as const,
  },
  serviceRole: 'arn:aws:iam::123456789012:role/slipway/gaps-codebuild',
  tags,
};

beforeAll(async () => {
  world = await startLocalWorld({ platform: { dev: 'dev-cluster' } });
  local = clients(world.endpoint);
  moto = clients(world.motoEndpoint);
  await createPipelineRole(world.endpoint);
});

afterAll(async () => {
  await world?.close();
});

describe("moto's gaps and the local world's corrections", () => {
  it('CodeBuild CreateProject: a CODEPIPELINE source needs no location', async () => {
    await expect(
      moto.codebuild.send(new CreateProjectCommand(pipelineProject)),
    ).rejects.toThrow('Project source location is required');
    await local.codebuild.send(new CreateProjectCommand(pipelineProject));
    const { projects = [] } = await local.codebuild.send(
      new BatchGetProjectsCommand({ names: ['gaps-build'] }),
    );
    expect(projects[0].source?.type).toBe('CODEPIPELINE');
  });

  it('CodePipeline and CodeDeploy timestamps are epoch seconds', async () => {
    await local.codepipeline.send(
      new CreatePipelineCommand({
        pipeline: { ...flaskServicePipeline, name: 'gaps' },
        tags,
      }),
    );
    await local.codedeploy.send(
      new CreateApplicationCommand({
        applicationName: 'gaps-dev',
        computePlatform: 'ECS',
        tags: [{ Key: 'slipway:component', Value: 'default/gaps' }],
      }),
    );
    await expect(
      moto.codepipeline.send(new GetPipelineCommand({ name: 'gaps' })),
    ).rejects.toThrow(/Expected real number/);
    await expect(
      moto.codedeploy.send(
        new GetApplicationCommand({ applicationName: 'gaps-dev' }),
      ),
    ).rejects.toThrow(/Expected real number/);

    const { metadata } = await local.codepipeline.send(
      new GetPipelineCommand({ name: 'gaps' }),
    );
    expect(Math.abs(metadata!.created!.getTime() - Date.now())).toBeLessThan(
      60_000,
    );
    const { application } = await local.codedeploy.send(
      new GetApplicationCommand({ applicationName: 'gaps-dev' }),
    );
    expect(application?.createTime).toBeInstanceOf(Date);
  });

  it('GetResources also finds the kinds moto does not index, by their own tags and types', async () => {
    await upstreamCall(
      world.endpoint,
      REGION,
      'AmazonEC2ContainerRegistry_V20150921.CreateRepository',
      {
        repositoryName: 'gaps',
        tags: [{ Key: 'slipway:component', Value: 'default/gaps' }],
      },
      'ecr',
    );
    await upstreamCall(
      world.endpoint,
      REGION,
      'AWSEvents.PutRule',
      {
        Name: 'gaps-failures',
        EventPattern: '{"source":["aws.codepipeline"]}',
        Tags: [{ Key: 'slipway:component', Value: 'default/gaps' }],
      },
      'events',
    );
    const filters = {
      TagFilters: [{ Key: 'slipway:component', Values: ['default/gaps'] }],
    };
    const arns = async (client: ResourceGroupsTaggingAPIClient, input = {}) =>
      (await client.send(new GetResourcesCommand({ ...filters, ...input })))
        .ResourceTagMappingList!.map(
          m => m.ResourceARN!.split(':').slice(2, 3)[0],
        )
        .sort();

    expect(await arns(moto.tagging)).toEqual([]);
    expect(await arns(local.tagging)).toEqual([
      'codebuild',
      'codedeploy',
      'codepipeline',
      'ecr',
      'events',
    ]);
    expect(
      await arns(local.tagging, {
        ResourceTypeFilters: ['codepipeline:pipeline', 'ecr'],
      }),
    ).toEqual(['codepipeline', 'ecr']);
    const { ResourceTagMappingList = [] } = await local.tagging.send(
      new GetResourcesCommand({
        TagFilters: [{ Key: 'slipway:component', Values: ['someone-else'] }],
      }),
    );
    expect(ResourceTagMappingList).toEqual([]);
  });

  it('an operation moto does not implement is a JSON error naming it', async () => {
    const raw = await fetch(world.motoEndpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'CodeDeploy_20141006.ListDeploymentConfigs',
        authorization: `AWS4-HMAC-SHA256 Credential=testing/20250101/${REGION}/codedeploy/aws4_request, SignedHeaders=host, Signature=0`,
      },
      body: '{}',
    });
    expect(raw.status).toBe(501);
    expect(await raw.text()).toContain('has not been implemented');
    await expect(
      local.codedeploy.send(new ListDeploymentConfigsCommand({})),
    ).rejects.toMatchObject({
      name: 'NotImplementedException',
      message:
        'local world: moto_server does not emulate ListDeploymentConfigs (CodeDeploy_20141006)',
      $metadata: { httpStatusCode: 501 },
    });
  });

  it('moto_server.py: CodeDeploy deletes and alarms, ECS deploymentConfiguration kept', async () => {
    const alarmConfiguration = {
      enabled: true,
      alarms: [{ name: 'gaps-5xx' }],
      ignorePollAlarmFailure: false,
    };
    await local.codedeploy.send(
      new CreateDeploymentGroupCommand({
        applicationName: 'gaps-dev',
        deploymentGroupName: 'gaps-dev',
        serviceRoleArn:
          'arn:aws:iam::123456789012:role/slipway/gaps-codedeploy',
        alarmConfiguration,
      }),
    );
    const { deploymentGroupInfo } = await local.codedeploy.send(
      new GetDeploymentGroupCommand({
        applicationName: 'gaps-dev',
        deploymentGroupName: 'gaps-dev',
      }),
    );
    expect(deploymentGroupInfo?.alarmConfiguration).toEqual(alarmConfiguration);
    await local.codedeploy.send(
      new DeleteApplicationCommand({ applicationName: 'gaps-dev' }),
    );
    await expect(
      local.codedeploy.send(
        new GetApplicationCommand({ applicationName: 'gaps-dev' }),
      ),
    ).rejects.toMatchObject({ name: 'ApplicationDoesNotExistException' });

    const { taskDefinition } = await local.ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'gaps',
        containerDefinitions: [{ name: 'gaps', image: 'nginx', memory: 128 }],
      }),
    );
    const deploymentConfiguration = {
      deploymentCircuitBreaker: { enable: true, rollback: true },
      alarms: { alarmNames: ['gaps-alarm'], enable: true, rollback: true },
    };
    await local.ecs.send(
      new CreateServiceCommand({
        cluster: 'dev-cluster',
        serviceName: 'kept',
        taskDefinition: taskDefinition!.taskDefinitionArn,
        desiredCount: 1,
        deploymentConfiguration,
      }),
    );
    const { services = [] } = await local.ecs.send(
      new DescribeServicesCommand({
        cluster: 'dev-cluster',
        services: ['kept'],
      }),
    );
    expect(services[0]).toMatchObject({
      deploymentConfiguration,
      // MOTO_ECS_SERVICE_RUNNING=1: moto runs no tasks, the launcher's default reports one.
      runningCount: 1,
    });
  });
});
