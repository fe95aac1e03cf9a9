import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  DeleteLogGroupCommand,
  DescribeLogGroupsCommand,
  ListTagsForResourceCommand,
  PutRetentionPolicyCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  BatchGetProjectsCommand,
  CodeBuildClient,
  CreateProjectCommand,
} from '@aws-sdk/client-codebuild';
import { ConfigReader } from '@backstage/config';
import { ConflictError, InputError } from '@backstage/errors';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import {
  awsError,
  config,
  deps,
  mutatingCalls,
  runContext,
} from '../__testUtils__/harness';
import { createCodebuildCreateProjectAction } from './codebuild-create-project';

const codebuild = mockClient(CodeBuildClient);
const logs = mockClient(CloudWatchLogsClient);
const action = createCodebuildCreateProjectAction(deps);

const ecrPublicPython = 'public.ecr.aws/docker/library/python:3.12-slim';
const pullThroughCachePython =
  '123456789012.dkr.ecr.eu-west-1.amazonaws.com/docker-hub/library/python:3.12-slim';

const buildRoleArn = 'arn:aws:iam::123456789012:role/slipway/orders-codebuild';
const repositoryUri = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders';
const ordersInput = {
  component: 'orders',
  owner: 'group:default/payments',
  environment: 'dev',
  serviceRoleArn: buildRoleArn,
  repositoryUri,
};
const projectArn =
  'arn:aws:codebuild:eu-west-1:123456789012:project/orders-build';
const ordersProjectAsRequested = {
  name: 'orders-build',
  arn: projectArn,
  serviceRole: buildRoleArn,
  source: { type: 'CODEPIPELINE' as const, buildspec: 'buildspec.yml' },
  environment: {
    type: 'LINUX_CONTAINER' as const,
    image: 'aws/codebuild/standard:7.0',
    computeType: 'BUILD_GENERAL1_SMALL' as const,
    privilegedMode: true,
    environmentVariables: [
      ['AWS_ACCOUNT_ID', '123456789012'],
      ['AWS_REGION', 'eu-west-1'],
      ['AWS_DEFAULT_REGION', 'eu-west-1'],
      ['REPOSITORY_URI', repositoryUri],
      ['CONTAINER_NAME', 'orders'],
      ['DEPLOY_STRATEGY', 'rolling'],
      ['BASE_IMAGE', ecrPublicPython],
    ].map(([name, value]) => ({ name, value })),
  },
  tags: [
    { key: 'slipway:component', value: 'default/orders' },
    { key: 'slipway:owner', value: 'group:default/payments' },
    { key: 'slipway:managed-by', value: 'backstage' },
  ],
};
const ordersProjectOfAnotherTeam = {
  ...ordersProjectAsRequested,
  tags: [
    { key: 'slipway:component', value: 'default/orders' },
    { key: 'slipway:owner', value: 'group:default/fulfilment' },
    { key: 'slipway:managed-by', value: 'backstage' },
  ],
};
const ordersProjectBuildingFromDockerHub = {
  ...ordersProjectAsRequested,
  environment: {
    ...ordersProjectAsRequested.environment,
    environmentVariables: [
      ...ordersProjectAsRequested.environment.environmentVariables.filter(
        v => v.name !== 'BASE_IMAGE',
      ),
      { name: 'BASE_IMAGE', value: 'python:3.12-slim' },
    ],
  },
};
const logGroupTaggedForOrders = {
  'slipway:component': 'default/orders',
  'slipway:owner': 'group:default/payments',
  'slipway:managed-by': 'backstage',
};
const buildLogGroup = {
  logGroupName: '/slipway/orders/codebuild',
  retentionInDays: 30,
};

function nothingExists() {
  codebuild.on(BatchGetProjectsCommand).resolves({ projects: [] });
  codebuild.on(CreateProjectCommand).resolves({ project: { arn: projectArn } });
  logs.on(DescribeLogGroupsCommand).resolves({ logGroups: [] });
  logs.on(CreateLogGroupCommand).resolves({});
  logs.on(PutRetentionPolicyCommand).resolves({});
}

beforeEach(() => {
  codebuild.reset();
  logs.reset();
});

describe('slipway:codebuild:create-project', () => {
  it('creates the log group and a privileged CODEPIPELINE build project', async () => {
    nothingExists();
    const { ctx, outputs } = runContext(ordersInput);

    await action.handler(ctx);

    expect(logs).toHaveReceivedCommandWith(CreateLogGroupCommand, {
      logGroupName: '/slipway/orders/codebuild',
      tags: expect.objectContaining({
        'slipway:component': 'default/orders',
        'slipway:created-by-task': 'mock-task-id',
      }),
    });
    expect(logs).toHaveReceivedCommandWith(PutRetentionPolicyCommand, {
      retentionInDays: 30,
    });
    expect(codebuild).toHaveReceivedCommandWith(CreateProjectCommand, {
      name: 'orders-build',
      source: { type: 'CODEPIPELINE', buildspec: 'buildspec.yml' },
      artifacts: { type: 'CODEPIPELINE' },
      serviceRole: buildRoleArn,
      environment: expect.objectContaining({
        type: 'LINUX_CONTAINER',
        image: 'aws/codebuild/standard:7.0',
        privilegedMode: true,
        environmentVariables: expect.arrayContaining([
          { name: 'REPOSITORY_URI', value: repositoryUri, type: 'PLAINTEXT' },
          { name: 'DEPLOY_STRATEGY', value: 'rolling', type: 'PLAINTEXT' },
          { name: 'BASE_IMAGE', value: ecrPublicPython, type: 'PLAINTEXT' },
        ]),
      }),
      logsConfig: {
        cloudWatchLogs: {
          status: 'ENABLED',
          groupName: '/slipway/orders/codebuild',
        },
      },
      tags: expect.arrayContaining([
        { key: 'slipway:component', value: 'default/orders' },
        { key: 'slipway:owner', value: 'group:default/payments' },
        { key: 'slipway:managed-by', value: 'backstage' },
        { key: 'slipway:environment', value: 'dev' },
        { key: 'slipway:created-by-task', value: 'mock-task-id' },
      ]),
    });
    expect(outputs()).toMatchObject({
      projectName: 'orders-build',
      projectArn,
      consoleUrl:
        'https://eu-west-1.console.aws.amazon.com/codesuite/codebuild/123456789012/projects/orders-build?region=eu-west-1',
      logGroupName: '/slipway/orders/codebuild',
      created: true,
    });
  });

  it('reuses a matching project and log group without changing anything', async () => {
    codebuild
      .on(BatchGetProjectsCommand)
      .resolves({ projects: [ordersProjectAsRequested] });
    logs.on(DescribeLogGroupsCommand).resolves({ logGroups: [buildLogGroup] });
    logs
      .on(ListTagsForResourceCommand)
      .resolves({ tags: logGroupTaggedForOrders });
    const { ctx, logger, outputs } = runContext(ordersInput);

    await action.handler(ctx);

    expect(mutatingCalls(codebuild, logs)).toEqual([]);
    expect(logger.warn).not.toHaveBeenCalled();
    expect(outputs()).toMatchObject({ projectArn, created: false });
  });

  it('reports how an existing project differs and leaves it alone', async () => {
    codebuild.on(BatchGetProjectsCommand).resolves({
      projects: [
        {
          ...ordersProjectAsRequested,
          environment: {
            ...ordersProjectAsRequested.environment,
            privilegedMode: false,
            image: 'aws/codebuild/standard:5.0',
          },
        },
      ],
    });
    logs.on(DescribeLogGroupsCommand).resolves({ logGroups: [buildLogGroup] });
    logs
      .on(ListTagsForResourceCommand)
      .resolves({ tags: logGroupTaggedForOrders });
    const { ctx, logger } = runContext(ordersInput);

    await action.handler(ctx);

    expect(mutatingCalls(codebuild, logs)).toEqual([]);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        "The CodeBuild project 'orders-build' already exists in account 123456789012 (eu-west-1) and differs from what was requested: its image is aws/codebuild/standard:5.0 (requested aws/codebuild/standard:7.0); privileged mode is false (requested true)",
      ),
    );
  });

  it('plans on a dry run without calling AWS', async () => {
    const { ctx, outputs } = runContext(
      { ...ordersInput, deployStrategy: 'blue-green' },
      { isDryRun: true },
    );

    await action.handler(ctx);

    expect(codebuild.calls()).toHaveLength(0);
    expect(logs.calls()).toHaveLength(0);
    expect(outputs().plan).toEqual(
      expect.arrayContaining([
        expect.stringContaining('DEPLOY_STRATEGY=blue-green'),
        expect.stringContaining(`BASE_IMAGE=${ecrPublicPython}`),
        `The Dockerfile builds FROM ${ecrPublicPython} (BASE_IMAGE, from slipway.build.baseImage)`,
        expect.stringContaining(
          "or reuse it if it already exists and belongs to 'default/orders' (owner group:default/payments)",
        ),
      ]),
    );
    expect(outputs()).toMatchObject({ projectArn, created: false });
  });

  it('explains a rejected service role and deletes the log group it created', async () => {
    nothingExists();
    codebuild
      .on(CreateProjectCommand)
      .rejects(
        awsError(
          'InvalidInputException',
          'Invalid service role: arn is not a role',
        ),
      );
    logs.on(DeleteLogGroupCommand).resolves({});
    const { ctx } = runContext(ordersInput);

    const run = action.handler(ctx);

    await expect(run).rejects.toThrow(InputError);
    await expect(run).rejects.toThrow(
      "Could not create the CodeBuild project 'orders-build' in account 123456789012 (eu-west-1): AWS rejected the request (InvalidInputException: Invalid service role: arn is not a role)",
    );
    expect(logs).toHaveReceivedCommandWith(DeleteLogGroupCommand, {
      logGroupName: '/slipway/orders/codebuild',
    });
  });

  it('does not delete a log group that existed before the run', async () => {
    nothingExists();
    logs.on(DescribeLogGroupsCommand).resolves({ logGroups: [buildLogGroup] });
    logs
      .on(ListTagsForResourceCommand)
      .resolves({ tags: logGroupTaggedForOrders });
    codebuild
      .on(CreateProjectCommand)
      .rejects(awsError('ThrottlingException', 'Rate exceeded'));
    const { ctx } = runContext(ordersInput);

    await expect(action.handler(ctx)).rejects.toThrow(
      'AWS is throttling requests',
    );
    expect(logs).not.toHaveReceivedCommand(DeleteLogGroupCommand);
  });

  it('builds from the base image a platform configures in slipway.build.baseImage', async () => {
    nothingExists();
    const withPullThroughCache = createCodebuildCreateProjectAction({
      ...deps,
      config: new ConfigReader({
        slipway: {
          ...config.getConfig('slipway').get<object>(),
          build: { baseImage: pullThroughCachePython },
        },
      }),
    });
    const { ctx } = runContext(ordersInput);

    await withPullThroughCache.handler(ctx);

    expect(codebuild).toHaveReceivedCommandWith(CreateProjectCommand, {
      environment: expect.objectContaining({
        environmentVariables: expect.arrayContaining([
          {
            name: 'BASE_IMAGE',
            value: pullThroughCachePython,
            type: 'PLAINTEXT',
          },
        ]),
      }),
    });
  });

  it('reports an existing project that builds from another base image and leaves it alone', async () => {
    codebuild
      .on(BatchGetProjectsCommand)
      .resolves({ projects: [ordersProjectBuildingFromDockerHub] });
    logs.on(DescribeLogGroupsCommand).resolves({ logGroups: [buildLogGroup] });
    logs
      .on(ListTagsForResourceCommand)
      .resolves({ tags: logGroupTaggedForOrders });
    const { ctx, logger, outputs } = runContext(ordersInput);

    await action.handler(ctx);

    expect(mutatingCalls(codebuild, logs)).toEqual([]);
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        `differs from what was requested: its environment variable BASE_IMAGE is python:3.12-slim (requested ${ecrPublicPython}). Slipway leaves it unchanged`,
      ),
    );
    expect(outputs()).toMatchObject({ projectArn, created: false });
  });

  it('refuses to reuse a project of another owner and deletes the log group it created', async () => {
    nothingExists();
    codebuild
      .on(BatchGetProjectsCommand)
      .resolves({ projects: [ordersProjectOfAnotherTeam] });
    logs.on(DeleteLogGroupCommand).resolves({});
    const { ctx, outputs } = runContext(ordersInput);

    const run = action.handler(ctx);

    await expect(run).rejects.toThrow(ConflictError);
    await expect(run).rejects.toThrow(
      "The CodeBuild project 'orders-build' already exists in account 123456789012 (eu-west-1) and does not belong to 'default/orders' (owner group:default/payments): it is owned by 'group:default/fulfilment' (tag slipway:owner)",
    );
    expect(codebuild).not.toHaveReceivedCommand(CreateProjectCommand);
    expect(logs).toHaveReceivedCommandWith(DeleteLogGroupCommand, {
      logGroupName: '/slipway/orders/codebuild',
    });
    expect(outputs().created).toBeUndefined();
  });

  it.each([
    ['a shell command as component', { component: 'x;rm -rf /' }, 'component'],
    ['a path as component', { component: '../etc' }, 'component'],
    ['a 200-character component', { component: 'a'.repeat(200) }, 'component'],
    ['a path as namespace', { namespace: '../etc' }, 'namespace'],
    [
      'a shell command as owner',
      { owner: 'group:default/x;rm -rf /' },
      'owner',
    ],
    [
      'an unknown environment',
      { environment: 'staging' },
      'Unknown environment',
    ],
    ['a path as project name', { projectName: '../etc' }, 'projectName'],
    [
      'a shell command as container name',
      { containerName: 'web;id' },
      'containerName',
    ],
  ])(
    'refuses %s with an InputError before any AWS call',
    async (_situation, hostile, field) => {
      for (const isDryRun of [false, true]) {
        const { ctx } = runContext(
          { ...ordersInput, ...hostile },
          { isDryRun },
        );

        const run = action.handler(ctx);

        await expect(run).rejects.toThrow(InputError);
        await expect(run).rejects.toThrow(new RegExp(`^${field} `));
      }
      expect(codebuild.calls()).toHaveLength(0);
      expect(logs.calls()).toHaveLength(0);
    },
  );
});
