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
import { InputError } from '@backstage/errors';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import {
  awsError,
  deps,
  mutatingCalls,
  runContext,
} from '../__testUtils__/harness';
import { createCodebuildCreateProjectAction } from './codebuild-create-project';

const codebuild = mockClient(CodeBuildClient);
const logs = mockClient(CloudWatchLogsClient);
const action = createCodebuildCreateProjectAction(deps);

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
    ].map(([name, value]) => ({ name, value })),
  },
  tags: [{ key: 'slipway:component', value: 'orders' }],
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
      tags: expect.objectContaining({ 'slipway:component': 'orders' }),
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
        ]),
      }),
      logsConfig: {
        cloudWatchLogs: {
          status: 'ENABLED',
          groupName: '/slipway/orders/codebuild',
        },
      },
      tags: expect.arrayContaining([
        { key: 'slipway:managed-by', value: 'backstage' },
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
      .resolves({ tags: { 'slipway:component': 'orders' } });
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
      .resolves({ tags: { 'slipway:component': 'orders' } });
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
      .resolves({ tags: { 'slipway:component': 'orders' } });
    codebuild
      .on(CreateProjectCommand)
      .rejects(awsError('ThrottlingException', 'Rate exceeded'));
    const { ctx } = runContext(ordersInput);

    await expect(action.handler(ctx)).rejects.toThrow(
      'AWS is throttling requests',
    );
    expect(logs).not.toHaveReceivedCommand(DeleteLogGroupCommand);
  });
});
