import {
  BatchGetProjectsCommand,
  CodeBuildClient,
  CreateProjectCommand,
} from '@aws-sdk/client-codebuild';
import {
  CodePipelineClient,
  CreatePipelineCommand,
} from '@aws-sdk/client-codepipeline';
import { CreateClusterCommand, ECSClient } from '@aws-sdk/client-ecs';
import {
  GetResourcesCommand,
  ResourceGroupsTaggingAPIClient,
} from '@aws-sdk/client-resource-groups-tagging-api';
import { assumeRole } from '../deploys/actionRole';
import { ecrCall } from '../deploys/ecsApi';
import { startLocalWorld, type LocalWorld } from '../launcher';
import { flaskServicePipeline } from '../testing/fixtures';
import { createPipelineRole, createRole } from '../testing/moto';

/**
 * The interceptors act as the caller's account: a caller with keys of
 * another account (sts:AssumeRole of a role there) sees and makes that
 * account's resources, as on AWS.
 */
jest.setTimeout(120_000);

const REGION = 'us-east-1';
const HOME = '123456789012';
const PROD = '210987654321';
const component = { Key: 'slipway:component', Value: 'default/accounts' };

let world: LocalWorld;

type Credentials = { accessKeyId: string; secretAccessKey: string };

const clients = (credentials: Credentials) => {
  const options = {
    endpoint: world.endpoint,
    region: REGION,
    credentials,
    maxAttempts: 1,
  };
  return {
    codebuild: new CodeBuildClient(options),
    codepipeline: new CodePipelineClient(options),
    ecs: new ECSClient(options),
    tagging: new ResourceGroupsTaggingAPIClient(options),
  };
};

let home: ReturnType<typeof clients>;
let prod: ReturnType<typeof clients>;

/** What each account makes: a moto-indexed kind (an ECS cluster) and kinds the local world adds (the rest). */
async function makeResources(
  account: ReturnType<typeof clients>,
  accountId: string,
  suffix: string,
) {
  await account.ecs.send(
    new CreateClusterCommand({
      clusterName: `cluster-${suffix}`,
      tags: [{ key: component.Key, value: component.Value }],
    }),
  );
  await ecrCall(
    world.endpoint,
    { accountId, region: REGION },
    'CreateRepository',
    { repositoryName: `repo-${suffix}`, tags: [component] },
  );
  await account.codebuild.send(
    new CreateProjectCommand({
      name: `build-${suffix}`,
      source: { type: 'CODEPIPELINE' },
      artifacts: { type: 'CODEPIPELINE' },
      environment: {
        type: 'LINUX_CONTAINER',
        image: 'aws/codebuild/standard:7.0',
        computeType: 'BUILD_GENERAL1_SMALL',
      },
      serviceRole: `arn:aws:iam::${accountId}:role/slipway/codebuild`,
      tags: [{ key: component.Key, value: component.Value }],
    }),
  );
}

const taggedArns = async (account: ReturnType<typeof clients>) =>
  (
    await account.tagging.send(
      new GetResourcesCommand({
        TagFilters: [{ Key: component.Key, Values: [component.Value] }],
      }),
    )
  )
    .ResourceTagMappingList!.map(m => m.ResourceARN!)
    .sort();

beforeAll(async () => {
  world = await startLocalWorld({ platform: { dev: 'dev-cluster' } });
  home = clients({ accessKeyId: 'testing', secretAccessKey: 'testing' });
  const role = await createRole(
    world.endpoint,
    `arn:aws:iam::${PROD}:role/slipway/accounts-deploy-prod`,
  );
  const assumed = await assumeRole(world.endpoint, role, 'accounts-test');
  prod = clients({
    accessKeyId: assumed.AWS_ACCESS_KEY_ID,
    secretAccessKey: assumed.AWS_SECRET_ACCESS_KEY,
  });
  await makeResources(home, HOME, 'home');
  await makeResources(prod, PROD, 'prod');
  await createPipelineRole(world.endpoint);
  await home.codepipeline.send(
    new CreatePipelineCommand({
      pipeline: { ...flaskServicePipeline, name: 'accounts' },
      tags: [{ key: component.Key, value: component.Value }],
    }),
  );
});

afterAll(async () => {
  await world?.close();
});

describe('the local world acts as the caller’s account', () => {
  it('GetResources as each account finds only that account’s resources, of every kind', async () => {
    expect(await taggedArns(home)).toEqual([
      `arn:aws:codebuild:${REGION}:${HOME}:project/build-home`,
      `arn:aws:codepipeline:${REGION}:${HOME}:accounts`,
      `arn:aws:ecr:${REGION}:${HOME}:repository/repo-home`,
      `arn:aws:ecs:${REGION}:${HOME}:cluster/cluster-home`,
    ]);
    expect(await taggedArns(prod)).toEqual([
      `arn:aws:codebuild:${REGION}:${PROD}:project/build-prod`,
      `arn:aws:ecr:${REGION}:${PROD}:repository/repo-prod`,
      `arn:aws:ecs:${REGION}:${PROD}:cluster/cluster-prod`,
    ]);
  });

  it('CreateProject by another account (a CODEPIPELINE source, re-sent by the local world) lands in that account', async () => {
    const inProd = await prod.codebuild.send(
      new BatchGetProjectsCommand({ names: ['build-prod'] }),
    );
    expect(inProd.projects?.map(p => p.arn)).toEqual([
      `arn:aws:codebuild:${REGION}:${PROD}:project/build-prod`,
    ]);
    const inHome = await home.codebuild.send(
      new BatchGetProjectsCommand({ names: ['build-prod'] }),
    );
    expect(inHome.projects).toEqual([]);
  });
});
