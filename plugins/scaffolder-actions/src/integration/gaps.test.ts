import {
  CodeBuildClient,
  CreateProjectCommand,
} from '@aws-sdk/client-codebuild';
import {
  CodeDeployClient,
  DeleteApplicationCommand,
  DeleteDeploymentGroupCommand,
  GetApplicationCommand,
} from '@aws-sdk/client-codedeploy';
import {
  CodePipelineClient,
  GetPipelineCommand,
} from '@aws-sdk/client-codepipeline';
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeServicesCommand,
  ECSClient,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import {
  GetResourcesCommand,
  ResourceGroupsTaggingAPIClient,
} from '@aws-sdk/client-resource-groups-tagging-api';
import {
  MotoServer,
  startMotoServer,
  verifyPy,
} from './__testUtils__/motoServer';
import { resourcesMotoDoesNotIndex } from './__testUtils__/motoShims';
import { REGION, World } from './__testUtils__/world';

/**
 * The moto 5.2.1 gaps that the integration tests work around (motoShims.ts,
 * verify.py setup) or assert around (teardown of CodeDeploy resources),
 * shown explicitly: if moto closes one, its test here fails and the
 * workaround can go.
 */

jest.setTimeout(60_000);

let moto: MotoServer;
const options = { region: REGION, maxAttempts: 1 };

beforeAll(async () => {
  moto = await startMotoServer();
});

afterAll(async () => {
  await moto?.stop();
});

beforeEach(async () => {
  await moto.reset();
});

describe('moto_server gaps the integration tests handle', () => {
  it('moto and its reads hold what the actions created (one blue/green component)', async () => {
    const world = await World.create();
    await world.runTemplate('gaps', 'canary');
    const plain = {
      codebuild: new CodeBuildClient(options),
      codepipeline: new CodePipelineClient(options),
      codedeploy: new CodeDeployClient(options),
      ecs: new ECSClient(options),
      tagging: new ResourceGroupsTaggingAPIClient(options),
    };

    // CodeBuild CreateProject wants source/artifacts locations even for
    // CODEPIPELINE (AWS ignores them): motoCodeBuildLocation adds placeholders.
    await expect(
      plain.codebuild.send(
        new CreateProjectCommand({
          name: 'no-location',
          source: { type: 'CODEPIPELINE' },
          artifacts: { type: 'CODEPIPELINE' },
          environment: {
            type: 'LINUX_CONTAINER',
            image: 'aws/codebuild/standard:7.0',
            computeType: 'BUILD_GENERAL1_SMALL',
          },
          serviceRole: 'arn:aws:iam::123456789012:role/slipway/gaps-codebuild',
        }),
      ),
    ).rejects.toThrow('Project source location is required');

    // ISO-8601 timestamps where AWS sends epoch seconds: the JavaScript SDK
    // cannot parse GetPipeline or GetApplication (motoEpochTimestamps).
    await expect(
      plain.codepipeline.send(new GetPipelineCommand({ name: 'gaps' })),
    ).rejects.toThrow(/Expected real number/);
    await expect(
      plain.codedeploy.send(
        new GetApplicationCommand({ applicationName: 'gaps-dev' }),
      ),
    ).rejects.toThrow(/Expected real number/);

    // The tagging API does not index ECR, CodeBuild, CodePipeline, CodeDeploy,
    // listener rules or EventBridge rules (motoTaggingIndex completes it from
    // their own tags).
    const indexed = await verifyPy<string[]>('tagged', 'default/gaps');
    const unindexed = (await resourcesMotoDoesNotIndex(world.readers)).filter(
      r => r.tags['slipway:component'] === 'default/gaps',
    );
    const kinds: Record<string, number> = {};
    for (const { arn } of unindexed) {
      const [, , service, , , resource] = arn.split(':');
      const kind = `${service}:${
        service === 'codepipeline' ? 'pipeline' : resource.split('/')[0]
      }`;
      kinds[kind] = (kinds[kind] ?? 0) + 1;
    }
    expect(kinds).toEqual({
      'codebuild:project': 1,
      'codedeploy:application': 2,
      'codedeploy:deploymentgroup': 2,
      'codepipeline:pipeline': 1,
      'ecr:repository': 1,
      'elasticloadbalancing:listener-rule': 4,
      'events:rule': 1,
    });
    for (const { arn } of unindexed) expect(indexed).not.toContain(arn);
    // What it does index: ECS services and task definitions, target groups,
    // log groups, alarms, SNS topics.
    expect([...new Set(indexed.map(arn => arn.split(':')[2]))].sort()).toEqual([
      'cloudwatch',
      'ecs',
      'elasticloadbalancing',
      'logs',
      'sns',
    ]);

    // CodeDeploy DeleteDeploymentGroup and DeleteApplication are not
    // implemented by moto (HTTP 500 with an HTML page): motoLauncher.py adds
    // them to the test's moto_server, so teardown can remove blue/green.
    expect(await verifyPy('moto-gaps')).toEqual({
      delete_application: false,
      delete_deployment_group: false,
      ecs_keeps_deployment_configuration: false,
      codedeploy_returns_alarm_configuration: false,
    });
    await plain.codedeploy.send(
      new DeleteDeploymentGroupCommand({
        applicationName: 'gaps-dev',
        deploymentGroupName: 'gaps-dev',
      }),
    );
    await plain.codedeploy.send(
      new DeleteApplicationCommand({ applicationName: 'gaps-dev' }),
    );
    await expect(
      plain.codedeploy.send(
        new GetApplicationCommand({ applicationName: 'gaps-dev' }),
      ),
    ).rejects.toMatchObject({ name: 'ApplicationDoesNotExistException' });

    // After UpdateService, moto lists no deployment at all, so
    // `aws ecs wait services-stable` (exactly one deployment, running =
    // desired) would never return: verify.py play emulates that one command.
    await plain.ecs.send(
      new UpdateServiceCommand({
        cluster: 'dev-cluster',
        service: 'gaps',
        desiredCount: 2,
      }),
    );
    const { services: scaled = [] } = await plain.ecs.send(
      new DescribeServicesCommand({
        cluster: 'dev-cluster',
        services: ['gaps'],
      }),
    );
    expect(scaled[0]).toMatchObject({ desiredCount: 2, deployments: [] });

    // moto's ECS ignores deploymentConfiguration (moto-gaps above):
    // motoLauncher.py keeps it, so DescribeServices returns what was set
    // (circuit breaker, alarms), as AWS does.
    const deploymentConfiguration = {
      deploymentCircuitBreaker: { enable: true, rollback: true },
      alarms: { alarmNames: ['gaps-alarm'], enable: true, rollback: true },
    };
    await plain.ecs.send(
      new CreateServiceCommand({
        cluster: 'dev-cluster',
        serviceName: 'kept',
        taskDefinition: scaled[0].taskDefinition,
        desiredCount: 0,
        deploymentConfiguration,
      }),
    );
    const { services: kept = [] } = await plain.ecs.send(
      new DescribeServicesCommand({
        cluster: 'dev-cluster',
        services: ['kept'],
      }),
    );
    expect(kept[0].deploymentConfiguration).toEqual(deploymentConfiguration);

    // One ECS cluster without any tag makes GetResources fail with HTTP 500
    // (verify.py setup tags the platform's clusters for that reason).
    await plain.ecs.send(new CreateClusterCommand({ clusterName: 'untagged' }));
    await expect(
      plain.tagging.send(new GetResourcesCommand({})),
    ).rejects.toMatchObject({ $metadata: { httpStatusCode: 500 } });
  });
});
