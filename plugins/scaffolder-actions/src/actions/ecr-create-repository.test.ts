import {
  CreateRepositoryCommand,
  DeleteRepositoryCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  ECRServiceException,
  GetLifecyclePolicyCommand,
  LifecyclePolicyNotFoundException,
  ListTagsForResourceCommand,
  PutLifecyclePolicyCommand,
  RepositoryNotFoundException,
} from '@aws-sdk/client-ecr';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ConflictError, InputError, NotAllowedError } from '@backstage/errors';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { AwsClientFactory } from '../aws/clients';
import { keepLastImagesPolicy } from '../aws/ecr';
import { createEcrCreateRepositoryAction } from './ecr-create-repository';

const ecr = mockClient(ECRClient);

const devEnvironment = {
  accountId: '123456789012',
  region: 'eu-west-1',
  cluster: 'dev-cluster',
  subnets: ['subnet-0a1'],
  securityGroups: ['sg-0c3'],
  connectionArn:
    'arn:aws:codestar-connections:eu-west-1:123456789012:connection/abc',
  artifactBucket: 'slipway-artifacts-dev',
};
const config = new ConfigReader({
  slipway: {
    environments: { dev: devEnvironment },
    tags: { 'cost-centre': 'cc-42' },
  },
});
const clients = new AwsClientFactory({
  getCredentialProvider: async () => ({
    sdkCredentialProvider: async () => ({
      accessKeyId: 'testing',
      secretAccessKey: 'testing',
    }),
  }),
});
const action = createEcrCreateRepositoryAction({ config, clients });

const ordersInput = {
  component: 'orders',
  owner: 'group:default/payments',
  environment: 'dev',
};
const ordersArn = 'arn:aws:ecr:eu-west-1:123456789012:repository/orders';
const ordersUri = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders';

const ordersRepositoryAsRequested = {
  repositoryName: 'orders',
  repositoryArn: ordersArn,
  repositoryUri: ordersUri,
  imageTagMutability: 'IMMUTABLE' as const,
  imageScanningConfiguration: { scanOnPush: true },
};
const ordersRepositoryWithMutableTagsAndNoScanning = {
  ...ordersRepositoryAsRequested,
  imageTagMutability: 'MUTABLE' as const,
  imageScanningConfiguration: { scanOnPush: false },
};
const taggedForOrders = [
  { Key: 'slipway:component', Value: 'default/orders' },
  { Key: 'slipway:owner', Value: 'group:default/payments' },
  { Key: 'slipway:managed-by', Value: 'backstage' },
];
/** Created before component tags carried the catalog namespace. */
const taggedForOrdersWithoutNamespace = [
  { Key: 'slipway:component', Value: 'orders' },
  { Key: 'slipway:owner', Value: 'group:default/payments' },
  { Key: 'slipway:managed-by', Value: 'backstage' },
];
const taggedForBilling = [
  { Key: 'slipway:component', Value: 'default/billing' },
  { Key: 'slipway:owner', Value: 'group:default/payments' },
  { Key: 'slipway:managed-by', Value: 'backstage' },
];
const taggedForOrdersOfAnotherTeam = [
  { Key: 'slipway:component', Value: 'default/orders' },
  { Key: 'slipway:owner', Value: 'group:default/fulfilment' },
  { Key: 'slipway:managed-by', Value: 'backstage' },
];
/** Tagged by hand with the component only: not Slipway's. */
const taggedByHandForOrders = [{ Key: 'slipway:component', Value: 'orders' }];

const noSuchRepository = new RepositoryNotFoundException({
  message: "The repository with name 'orders' does not exist",
  $metadata: {},
});
const noLifecyclePolicy = new LifecyclePolicyNotFoundException({
  message: 'Lifecycle policy does not exist',
  $metadata: {},
});
const createRepositoryDenied = new ECRServiceException({
  name: 'AccessDeniedException',
  $fault: 'client',
  $metadata: { requestId: 'req-denied' },
  message:
    'User: arn:aws:sts::123456789012:assumed-role/backstage/s is not authorized to perform: ecr:CreateRepository on resource: arn:aws:ecr:eu-west-1:123456789012:repository/orders because no identity-based policy allows the ecr:CreateRepository action',
});
const lifecyclePolicyRejected = new ECRServiceException({
  name: 'InvalidParameterException',
  $fault: 'client',
  $metadata: {},
  message: 'Invalid parameter at LifecyclePolicyText',
});

function runContext(input: Record<string, unknown>, isDryRun = false) {
  const logger = mockServices.logger.mock();
  const ctx = {
    ...createMockActionContext({ input: input as typeof ordersInput, logger }),
    isDryRun,
  };
  jest.spyOn(ctx, 'checkpoint');
  return {
    ctx,
    logger,
    outputs: () => Object.fromEntries((ctx.output as jest.Mock).mock.calls),
  };
}

function mutatingCalls() {
  return ecr
    .calls()
    .map(({ args: [command] }) => command)
    .filter(
      command =>
        command instanceof CreateRepositoryCommand ||
        command instanceof PutLifecyclePolicyCommand ||
        command instanceof DeleteRepositoryCommand,
    );
}

beforeEach(() => ecr.reset());

describe('slipway:ecr:create-repository', () => {
  it('creates a tagged repository with its lifecycle policy when none exists', async () => {
    ecr.on(DescribeRepositoriesCommand).rejects(noSuchRepository);
    ecr
      .on(CreateRepositoryCommand)
      .resolves({ repository: ordersRepositoryAsRequested });
    ecr.on(PutLifecyclePolicyCommand).resolves({});
    const { ctx, outputs } = runContext(ordersInput);

    await action.handler(ctx);

    expect(ecr).toHaveReceivedCommandWith(CreateRepositoryCommand, {
      repositoryName: 'orders',
      imageTagMutability: 'IMMUTABLE',
      imageScanningConfiguration: { scanOnPush: true },
      tags: [
        { Key: 'cost-centre', Value: 'cc-42' },
        { Key: 'slipway:component', Value: 'default/orders' },
        { Key: 'slipway:owner', Value: 'group:default/payments' },
        { Key: 'slipway:managed-by', Value: 'backstage' },
        { Key: 'slipway:created-by-task', Value: 'mock-task-id' },
      ],
    });
    expect(ecr).toHaveReceivedCommandWith(PutLifecyclePolicyCommand, {
      repositoryName: 'orders',
      lifecyclePolicyText: keepLastImagesPolicy(30),
    });
    expect(outputs()).toEqual({
      repositoryName: 'orders',
      repositoryArn: ordersArn,
      repositoryUri: ordersUri,
      consoleUrl:
        'https://eu-west-1.console.aws.amazon.com/ecr/repositories/private/123456789012/orders?region=eu-west-1',
      created: true,
    });
    expect(ctx.checkpoint).toHaveBeenCalledWith(
      expect.objectContaining({
        key: 'ecr-repository.123456789012.eu-west-1.orders',
      }),
    );
  });

  it('honours an explicit name, mutability, scanning and image count', async () => {
    ecr.on(DescribeRepositoriesCommand).rejects(noSuchRepository);
    ecr.on(CreateRepositoryCommand).resolves({
      repository: {
        ...ordersRepositoryWithMutableTagsAndNoScanning,
        repositoryName: 'payments/orders',
      },
    });
    ecr.on(PutLifecyclePolicyCommand).resolves({});
    const { ctx, outputs } = runContext({
      ...ordersInput,
      repositoryName: 'payments/orders',
      imageTagMutability: 'MUTABLE',
      scanOnPush: false,
      keepImages: 5,
    });

    await action.handler(ctx);

    expect(ecr).toHaveReceivedCommandWith(CreateRepositoryCommand, {
      repositoryName: 'payments/orders',
      imageTagMutability: 'MUTABLE',
      imageScanningConfiguration: { scanOnPush: false },
    });
    expect(ecr).toHaveReceivedCommandWith(PutLifecyclePolicyCommand, {
      lifecyclePolicyText: keepLastImagesPolicy(5),
    });
    expect(outputs().repositoryName).toBe('payments/orders');
  });

  it('tags the component with its catalog namespace', async () => {
    ecr.on(DescribeRepositoriesCommand).rejects(noSuchRepository);
    ecr
      .on(CreateRepositoryCommand)
      .resolves({ repository: ordersRepositoryAsRequested });
    ecr.on(PutLifecyclePolicyCommand).resolves({});
    const { ctx } = runContext({ ...ordersInput, namespace: 'retail' });

    await action.handler(ctx);

    expect(ecr).toHaveReceivedCommandWith(CreateRepositoryCommand, {
      repositoryName: 'orders',
      tags: expect.arrayContaining([
        { Key: 'slipway:component', Value: 'retail/orders' },
      ]),
    });
  });

  it('reuses a matching repository without creating or changing anything', async () => {
    ecr
      .on(DescribeRepositoriesCommand)
      .resolves({ repositories: [ordersRepositoryAsRequested] });
    ecr.on(ListTagsForResourceCommand).resolves({ tags: taggedForOrders });
    ecr
      .on(GetLifecyclePolicyCommand)
      .resolves({ lifecyclePolicyText: keepLastImagesPolicy(30) });
    const { ctx, logger, outputs } = runContext(ordersInput);

    await action.handler(ctx);

    expect(mutatingCalls()).toHaveLength(0);
    expect(logger.warn).not.toHaveBeenCalled();
    expect(outputs()).toMatchObject({
      repositoryArn: ordersArn,
      repositoryUri: ordersUri,
      created: false,
    });
  });

  it('adds the lifecycle policy to its own repository left without one by an interrupted run', async () => {
    ecr
      .on(DescribeRepositoriesCommand)
      .resolves({ repositories: [ordersRepositoryAsRequested] });
    ecr.on(ListTagsForResourceCommand).resolves({ tags: taggedForOrders });
    ecr.on(GetLifecyclePolicyCommand).rejects(noLifecyclePolicy);
    ecr.on(PutLifecyclePolicyCommand).resolves({});
    const { ctx, outputs } = runContext(ordersInput);

    await action.handler(ctx);

    expect(ecr).not.toHaveReceivedCommand(CreateRepositoryCommand);
    expect(ecr).toHaveReceivedCommandWith(PutLifecyclePolicyCommand, {
      repositoryName: 'orders',
      lifecyclePolicyText: keepLastImagesPolicy(30),
    });
    expect(outputs().created).toBe(false);
  });

  it('reuses its own repository tagged before namespaces (bare component name)', async () => {
    ecr
      .on(DescribeRepositoriesCommand)
      .resolves({ repositories: [ordersRepositoryAsRequested] });
    ecr
      .on(ListTagsForResourceCommand)
      .resolves({ tags: taggedForOrdersWithoutNamespace });
    ecr
      .on(GetLifecyclePolicyCommand)
      .resolves({ lifecyclePolicyText: keepLastImagesPolicy(30) });
    const { ctx, logger, outputs } = runContext(ordersInput);

    await action.handler(ctx);

    expect(mutatingCalls()).toHaveLength(0);
    expect(logger.warn).not.toHaveBeenCalled();
    expect(outputs()).toMatchObject({
      repositoryArn: ordersArn,
      created: false,
    });
  });

  it.each([
    [
      'another component',
      taggedForBilling,
      "it belongs to the component 'default/billing' (tag slipway:component)",
    ],
    [
      'the same component of another owner',
      taggedForOrdersOfAnotherTeam,
      "it is owned by 'group:default/fulfilment' (tag slipway:owner)",
    ],
    [
      'a repository tagged by hand with the component only',
      taggedByHandForOrders,
      'it is not tagged slipway:owner; it is not tagged slipway:managed-by=backstage',
    ],
  ])(
    'refuses to reuse the repository of %s and changes nothing',
    async (_situation, tags, problem) => {
      ecr
        .on(DescribeRepositoriesCommand)
        .resolves({ repositories: [ordersRepositoryAsRequested] });
      ecr.on(ListTagsForResourceCommand).resolves({ tags });
      ecr.on(GetLifecyclePolicyCommand).rejects(noLifecyclePolicy);
      const { ctx, outputs } = runContext(ordersInput);

      const run = action.handler(ctx);

      await expect(run).rejects.toThrow(ConflictError);
      await expect(run).rejects.toThrow(
        `The ECR repository 'orders' already exists in account 123456789012 (eu-west-1) and does not belong to 'default/orders' (owner group:default/payments): ${problem}`,
      );
      await expect(run).rejects.toThrow('choose another repositoryName');
      expect(mutatingCalls()).toHaveLength(0);
      expect(outputs().created).toBeUndefined();
    },
  );

  it('warns about every difference of an existing repository and changes nothing', async () => {
    ecr.on(DescribeRepositoriesCommand).resolves({
      repositories: [ordersRepositoryWithMutableTagsAndNoScanning],
    });
    ecr.on(ListTagsForResourceCommand).resolves({ tags: taggedForOrders });
    ecr.on(GetLifecyclePolicyCommand).rejects(noLifecyclePolicy);
    const { ctx, logger, outputs } = runContext(ordersInput);

    await action.handler(ctx);

    expect(mutatingCalls()).toHaveLength(0);
    expect(logger.warn).toHaveBeenCalledTimes(1);
    const warning = logger.warn.mock.calls[0][0];
    expect(warning).toContain("The ECR repository 'orders' already exists");
    expect(warning).toContain('image tags are MUTABLE (requested IMMUTABLE)');
    expect(warning).toContain('scan on push is off (requested on)');
    expect(warning).toContain('Slipway leaves it unchanged');
    expect(outputs()).toMatchObject({
      repositoryArn: ordersArn,
      created: false,
    });
  });

  it('warns when the existing lifecycle policy keeps a different number of images', async () => {
    ecr
      .on(DescribeRepositoriesCommand)
      .resolves({ repositories: [ordersRepositoryAsRequested] });
    ecr.on(ListTagsForResourceCommand).resolves({ tags: taggedForOrders });
    ecr
      .on(GetLifecyclePolicyCommand)
      .resolves({ lifecyclePolicyText: keepLastImagesPolicy(10) });
    const { ctx, logger } = runContext(ordersInput);

    await action.handler(ctx);

    expect(mutatingCalls()).toHaveLength(0);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        'it has a different lifecycle policy (requested: keep the last 30 images)',
      ),
    );
  });

  it('plans without calling AWS on a dry run', async () => {
    const { ctx, logger, outputs } = runContext(ordersInput, true);

    await action.handler(ctx);

    expect(ecr.calls()).toHaveLength(0);
    const { plan, ...rest } = outputs();
    expect(rest).toEqual({
      repositoryName: 'orders',
      repositoryArn: ordersArn,
      repositoryUri: ordersUri,
      consoleUrl: expect.stringContaining(
        '/repositories/private/123456789012/orders',
      ),
      created: false,
    });
    expect(plan).toEqual([
      "Create the ECR repository 'orders' in account 123456789012 (eu-west-1), or reuse it if it already exists and belongs to 'default/orders' (owner group:default/payments)",
      'Image tags IMMUTABLE, scan on push on',
      'Lifecycle policy: keep the last 30 images',
      'Tags: cost-centre=cc-42, slipway:component=default/orders, slipway:owner=group:default/payments, slipway:managed-by=backstage, slipway:created-by-task=mock-task-id',
    ]);
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringMatching(/^\[dry run\] Create the ECR repository 'orders'/),
    );
  });

  it('names the denied IAM action when the credentials may not create repositories', async () => {
    ecr.on(DescribeRepositoriesCommand).rejects(noSuchRepository);
    ecr.on(CreateRepositoryCommand).rejects(createRepositoryDenied);
    const { ctx } = runContext(ordersInput);

    const run = action.handler(ctx);

    await expect(run).rejects.toThrow(NotAllowedError);
    await expect(run).rejects.toThrow(
      "Could not create the ECR repository 'orders' in account 123456789012 (eu-west-1): the credentials Backstage uses lack permission for ecr:CreateRepository",
    );
    expect(ecr).not.toHaveReceivedCommand(DeleteRepositoryCommand);
  });

  it('deletes the repository it created when the lifecycle policy cannot be set', async () => {
    ecr.on(DescribeRepositoriesCommand).rejects(noSuchRepository);
    ecr
      .on(CreateRepositoryCommand)
      .resolves({ repository: ordersRepositoryAsRequested });
    ecr.on(PutLifecyclePolicyCommand).rejects(lifecyclePolicyRejected);
    ecr.on(DeleteRepositoryCommand).resolves({});
    const { ctx, outputs } = runContext(ordersInput);

    await expect(action.handler(ctx)).rejects.toThrow(
      "Could not set the lifecycle policy of the ECR repository 'orders' in account 123456789012 (eu-west-1): AWS rejected the request (InvalidParameterException: Invalid parameter at LifecyclePolicyText)",
    );
    expect(ecr).toHaveReceivedCommandWith(DeleteRepositoryCommand, {
      repositoryName: 'orders',
      force: true,
    });
    expect(outputs().created).toBeUndefined();
  });

  it('reports a repository it could not clean up and still fails with the original cause', async () => {
    ecr.on(DescribeRepositoriesCommand).rejects(noSuchRepository);
    ecr
      .on(CreateRepositoryCommand)
      .resolves({ repository: ordersRepositoryAsRequested });
    ecr.on(PutLifecyclePolicyCommand).rejects(lifecyclePolicyRejected);
    ecr.on(DeleteRepositoryCommand).rejects(
      new ECRServiceException({
        name: 'ThrottlingException',
        $fault: 'client',
        $metadata: {},
        message: 'Rate exceeded',
      }),
    );
    const { ctx, logger } = runContext(ordersInput);

    await expect(action.handler(ctx)).rejects.toThrow(
      'InvalidParameterException',
    );
    expect(logger.error).toHaveBeenCalledWith(
      expect.stringContaining(
        "The ECR repository 'orders' was created by this run but could not be deleted",
      ),
    );
  });

  it('replays a recorded checkpoint without calling AWS again', async () => {
    const { ctx, outputs } = runContext(ordersInput);
    const recorded = { arn: ordersArn, uri: ordersUri, created: true };
    (ctx.checkpoint as jest.Mock).mockResolvedValueOnce(recorded);

    await action.handler(ctx);

    expect(ecr.calls()).toHaveLength(0);
    expect(outputs()).toMatchObject({
      repositoryArn: ordersArn,
      created: true,
    });
  });

  it('fails before any AWS call when the environment is not configured', async () => {
    const { ctx } = runContext({ ...ordersInput, environment: 'staging' });

    const run = action.handler(ctx);

    await expect(run).rejects.toThrow(InputError);
    await expect(run).rejects.toThrow(
      'slipway.environments.staging is not set (configured environments: dev)',
    );
    expect(ecr.calls()).toHaveLength(0);
  });

  it.each([
    ['a shell command as component', { component: 'x;rm -rf /' }, 'component'],
    ['a path as component', { component: '../etc' }, 'component'],
    ['a 200-character component', { component: 'a'.repeat(200) }, 'component'],
    ['an upper-case component', { component: 'Orders' }, 'component'],
    ['a path as namespace', { namespace: '../etc' }, 'namespace'],
    [
      'a shell command as owner',
      { owner: 'group:default/x;rm -rf /' },
      'owner',
    ],
    ['a path as environment', { environment: '../etc' }, 'environment'],
    [
      'a path as repository name',
      { repositoryName: '../etc' },
      'repositoryName',
    ],
  ])(
    'refuses %s with an InputError before any AWS call',
    async (_situation, hostile, field) => {
      for (const isDryRun of [false, true]) {
        const { ctx } = runContext({ ...ordersInput, ...hostile }, isDryRun);

        const run = action.handler(ctx);

        await expect(run).rejects.toThrow(InputError);
        await expect(run).rejects.toThrow(new RegExp(`^${field} `));
      }
      expect(ecr.calls()).toHaveLength(0);
    },
  );
});
