import {
  CodePipelineClient,
  CreatePipelineCommand,
  GetPipelineCommand,
  ListTagsForResourceCommand,
} from '@aws-sdk/client-codepipeline';
import {
  CreateAliasCommand,
  CreateKeyCommand,
  DeleteAliasCommand,
  DescribeKeyCommand,
  GetKeyPolicyCommand,
  KeyState,
  KMSClient,
  ListResourceTagsCommand,
  PutKeyPolicyCommand,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import { ConflictError, InputError, NotAllowedError } from '@backstage/errors';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import {
  accessDenied,
  awsError,
  deps,
  mutatingCalls,
  runContext,
} from '../__testUtils__/harness';
import { createCodepipelineCreatePipelineAction } from './codepipeline-create-pipeline';

const codepipeline = mockClient(CodePipelineClient);
const kms = mockClient(KMSClient);
const action = createCodepipelineCreatePipelineAction(deps);

const pipelineRoleArn =
  'arn:aws:iam::123456789012:role/slipway/orders-codepipeline';
const ordersInput = {
  component: 'orders',
  owner: 'group:default/payments',
  environment: 'dev',
  roleArn: pipelineRoleArn,
  repositoryId: 'acme/orders',
};
const pipelineArn = 'arn:aws:codepipeline:eu-west-1:123456789012:orders';
const noPipeline = awsError(
  'PipelineNotFoundException',
  'Account does not have a pipeline with name orders',
);

const ordersTags = [
  { key: 'slipway:component', value: 'orders' },
  { key: 'slipway:owner', value: 'group:default/payments' },
  { key: 'slipway:managed-by', value: 'backstage' },
];

const created = () =>
  codepipeline.commandCalls(CreatePipelineCommand)[0].args[0].input;

/** The artifact key of default/orders in eu-west-1, as KMS describes it. */
const ordersKeyArn =
  'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const partnerDeployRole =
  'arn:aws:iam::210987654321:role/slipway/orders-deploy-partner';
const noKey = awsError(
  'NotFoundException',
  'Alias arn:aws:kms:eu-west-1:123456789012:alias/slipway/orders-artifacts is not found.',
);
const keyOf = (arn: string, state: KeyState = 'Enabled') => ({
  KeyMetadata: { KeyId: arn.split('/')[1], Arn: arn, KeyState: state },
});
/** The order a mocked call reached AWS in, across clients. */
const callOrder = (call: unknown) => (call as { callId: number }).callId;

/** No artifact key yet: CreateKey answers with a key in the region asked. */
async function noArtifactKeyYet() {
  kms.on(DescribeKeyCommand).rejects(noKey);
  const usEast = await deps.clients.get(KMSClient, {
    accountId: '123456789012',
    region: 'us-east-1',
  });
  kms
    .on(CreateKeyCommand)
    .callsFake((_input, getClient) =>
      keyOf(
        getClient() === usEast
          ? ordersKeyArn.replace('eu-west-1', 'us-east-1')
          : ordersKeyArn,
      ),
    );
  kms.on(CreateAliasCommand).resolves({});
}

beforeEach(() => {
  codepipeline.reset();
  kms.reset();
});

describe('slipway:codepipeline:create-pipeline', () => {
  it('creates a V2 pipeline: connection source with push trigger, build, ECS deploy', async () => {
    codepipeline.on(GetPipelineCommand).rejects(noPipeline);
    codepipeline.on(CreatePipelineCommand).resolves({});
    const { ctx, outputs } = runContext(ordersInput);

    await action.handler(ctx);

    const { pipeline, tags } = created();
    expect(pipeline).toMatchObject({
      name: 'orders',
      roleArn: pipelineRoleArn,
      pipelineType: 'V2',
      executionMode: 'QUEUED',
      artifactStore: { type: 'S3', location: 'slipway-artifacts-dev' },
      triggers: [
        {
          providerType: 'CodeStarSourceConnection',
          gitConfiguration: {
            sourceActionName: 'Source',
            push: [{ branches: { includes: ['main'] } }],
          },
        },
      ],
    });
    expect(pipeline!.stages!.map(s => s.name)).toEqual([
      'Source',
      'Build',
      'Deploy-dev',
    ]);
    expect(pipeline!.stages![0].actions![0]).toMatchObject({
      actionTypeId: {
        category: 'Source',
        provider: 'CodeStarSourceConnection',
      },
      configuration: {
        ConnectionArn:
          'arn:aws:codestar-connections:eu-west-1:123456789012:connection/abc',
        FullRepositoryId: 'acme/orders',
        BranchName: 'main',
        OutputArtifactFormat: 'CODE_ZIP',
      },
    });
    expect(pipeline!.stages![1].actions![0].configuration).toEqual({
      ProjectName: 'orders-build',
    });
    expect(pipeline!.stages![2].actions![0]).toMatchObject({
      actionTypeId: { category: 'Deploy', provider: 'ECS' },
      configuration: {
        ClusterName: 'dev-cluster',
        ServiceName: 'orders',
        FileName: 'imagedefinitions.json',
      },
      runOrder: 1,
    });
    expect(pipeline!.stages![2].actions![1]).toMatchObject({
      name: 'Start-tasks',
      actionTypeId: {
        category: 'Compute',
        owner: 'AWS',
        provider: 'Commands',
        version: '1',
      },
      inputArtifacts: [{ name: 'BuildOutput' }],
      environmentVariables: expect.arrayContaining([
        { name: 'ECS_SERVICE', value: 'orders', type: 'PLAINTEXT' },
        { name: 'DESIRED_COUNT', value: '1', type: 'PLAINTEXT' },
      ]),
      runOrder: 2,
    });
    expect(tags).toEqual(
      expect.arrayContaining([
        { key: 'slipway:component', value: 'default/orders' },
        { key: 'slipway:created-by-task', value: 'mock-task-id' },
      ]),
    );
    expect(outputs()).toMatchObject({
      pipelineName: 'orders',
      pipelineArn,
      consoleUrl:
        'https://eu-west-1.console.aws.amazon.com/codesuite/codepipeline/pipelines/orders/view?region=eu-west-1',
      created: true,
    });
  });

  it('deploys blue/green across regions with an approval before prod and one artifact bucket per region', async () => {
    codepipeline.on(GetPipelineCommand).rejects(noPipeline);
    codepipeline.on(CreatePipelineCommand).resolves({});
    const { ctx, outputs } = runContext({
      ...ordersInput,
      deployEnvironments: ['dev', 'prod'],
      approvalBefore: ['prod'],
      deploymentStrategy: 'blue-green',
      executionMode: 'SUPERSEDED',
    });

    await action.handler(ctx);

    const { pipeline } = created();
    expect(pipeline!.artifactStore).toBeUndefined();
    expect(pipeline!.artifactStores).toEqual({
      'eu-west-1': { type: 'S3', location: 'slipway-artifacts-dev' },
      'us-east-1': { type: 'S3', location: 'slipway-artifacts-prod' },
    });
    expect(outputs().stages).toEqual([
      'Source',
      'Build',
      'Deploy-dev',
      'Approve-prod',
      'Deploy-prod',
    ]);
    expect(pipeline!.stages![3].actions![0].actionTypeId).toMatchObject({
      category: 'Approval',
      provider: 'Manual',
    });
    expect(pipeline!.stages![4].actions![0]).toMatchObject({
      region: 'us-east-1',
      actionTypeId: { provider: 'CodeDeployToECS' },
      configuration: {
        ApplicationName: 'orders-prod',
        DeploymentGroupName: 'orders-prod',
        TaskDefinitionTemplateArtifact: 'BuildOutput',
        TaskDefinitionTemplatePath: 'taskdef-prod.json',
        AppSpecTemplateArtifact: 'BuildOutput',
        AppSpecTemplatePath: 'appspec.yaml',
        Image1ArtifactName: 'BuildOutput',
        Image1ContainerName: 'IMAGE1_NAME',
      },
    });
    expect(pipeline!.executionMode).toBe('SUPERSEDED');
  });

  it('reuses an existing matching pipeline', async () => {
    codepipeline.on(GetPipelineCommand).rejects(noPipeline);
    codepipeline.on(CreatePipelineCommand).resolves({});
    await action.handler(runContext(ordersInput).ctx);
    const { pipeline } = created();
    codepipeline.reset();
    codepipeline.on(GetPipelineCommand).resolves({ pipeline });
    codepipeline.on(ListTagsForResourceCommand).resolves({ tags: ordersTags });
    const { ctx, logger, outputs } = runContext(ordersInput);

    await action.handler(ctx);

    expect(mutatingCalls(codepipeline)).toEqual([]);
    expect(logger.warn).not.toHaveBeenCalled();
    expect(outputs()).toMatchObject({ pipelineArn, created: false });
  });

  it('reports a pipeline that differs and leaves it alone', async () => {
    codepipeline.on(GetPipelineCommand).resolves({
      pipeline: {
        name: 'orders',
        roleArn: pipelineRoleArn,
        pipelineType: 'V1',
        stages: [{ name: 'Source', actions: [] }],
      },
    });
    codepipeline.on(ListTagsForResourceCommand).resolves({ tags: ordersTags });
    const { ctx, logger } = runContext(ordersInput);

    await action.handler(ctx);

    expect(mutatingCalls(codepipeline)).toEqual([]);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        "The pipeline 'orders' already exists in account 123456789012 (eu-west-1) and differs from what was requested: its type is V1 (requested V2); its stages are Source (requested Source, Build, Deploy-dev)",
      ),
    );
  });

  it("refuses a pipeline of the same name that is not this component's, and changes nothing", async () => {
    codepipeline.on(GetPipelineCommand).resolves({
      pipeline: { name: 'orders', roleArn: pipelineRoleArn, stages: [] },
    });
    codepipeline.on(ListTagsForResourceCommand).resolves({ tags: [] });
    const { ctx } = runContext(ordersInput);

    await expect(action.handler(ctx)).rejects.toThrow(
      "The pipeline 'orders' already exists in account 123456789012 (eu-west-1) and does not belong to 'default/orders' (owner group:default/payments): it is not tagged slipway:component",
    );
    expect(mutatingCalls(codepipeline)).toEqual([]);
  });

  it('promotes to another account through its deploy role, with KMS-encrypted artifacts', async () => {
    await noArtifactKeyYet();
    codepipeline.on(GetPipelineCommand).rejects(noPipeline);
    codepipeline.on(CreatePipelineCommand).resolves({});
    const { ctx, outputs } = runContext({
      ...ordersInput,
      deployEnvironments: ['dev', 'partner'],
      approvalBefore: ['partner'],
    });

    await action.handler(ctx);

    const { pipeline } = created();
    const stage = (name: string) =>
      pipeline!.stages!.find(s => s.name === name)!;
    expect(
      stage('Deploy-partner').actions!.map(a => [a.name, a.roleArn, a.region]),
    ).toEqual([
      ['Deploy', partnerDeployRole, undefined],
      ['Start-tasks', partnerDeployRole, undefined],
    ]);
    expect(stage('Deploy-dev').actions!.map(a => a.roleArn)).toEqual([
      undefined,
      undefined,
    ]);
    expect(pipeline!.artifactStore).toEqual({
      type: 'S3',
      location: 'slipway-artifacts-dev',
      encryptionKey: { id: ordersKeyArn, type: 'KMS' },
    });
    // The pipeline itself stays in the home account.
    const homeClient = await deps.clients.get(CodePipelineClient, {
      accountId: '123456789012',
      region: 'eu-west-1',
    });
    expect(codepipeline.commandCalls(CreatePipelineCommand)[0].thisValue).toBe(
      homeClient,
    );
    expect(outputs().pipelineArn).toBe(pipelineArn);
  });

  it('keeps a same-account pipeline free of deploy roles and KMS keys', async () => {
    codepipeline.on(GetPipelineCommand).rejects(noPipeline);
    codepipeline.on(CreatePipelineCommand).resolves({});
    const { ctx } = runContext({
      ...ordersInput,
      deployEnvironments: ['dev', 'prod'],
    });

    await action.handler(ctx);

    const { pipeline } = created();
    expect(JSON.stringify(pipeline)).not.toMatch(
      /roleArn":"arn:aws:iam::\d+:role\/slipway\/orders-deploy|encryptionKey/,
    );
    expect(kms.calls()).toHaveLength(0);
  });

  it('plans the cross-account stages on a dry run', async () => {
    const { ctx, outputs } = runContext(
      { ...ordersInput, deployEnvironments: ['dev', 'partner'] },
      { isDryRun: true },
    );

    await action.handler(ctx);

    expect(outputs().plan).toEqual(
      expect.arrayContaining([
        'Deploy-partner runs in account 210987654321 through its deploy role arn:aws:iam::210987654321:role/slipway/orders-deploy-partner',
        expect.stringContaining(
          "Create the KMS key 'alias/slipway/orders-artifacts' in account 123456789012 (eu-west-1) with the home account's credentials, or reuse it",
        ),
      ]),
    );
    expect(codepipeline.calls()).toHaveLength(0);
    expect(kms.calls()).toHaveLength(0);
  });

  it('refuses an approval for an environment it does not deploy to', async () => {
    const { ctx } = runContext({ ...ordersInput, approvalBefore: ['prod'] });

    await expect(action.handler(ctx)).rejects.toThrow(
      'approvalBefore names prod, which the pipeline does not deploy to (dev)',
    );
  });

  it('plans on a dry run without calling AWS', async () => {
    const { ctx, outputs } = runContext(
      {
        ...ordersInput,
        deployEnvironments: ['dev', 'prod'],
        approvalBefore: ['prod'],
      },
      { isDryRun: true },
    );

    await action.handler(ctx);

    expect(codepipeline.calls()).toHaveLength(0);
    expect(outputs().plan).toEqual(
      expect.arrayContaining([
        'Stages: Source → Build → Deploy-dev → Approve-prod → Deploy-prod (ECS rolling deploys)',
        "Each Deploy stage deploys, then its Start-tasks action scales the service 'orders' to 1 task(s) if it runs none yet (the first deploy of its first image)",
      ]),
    );
    expect(outputs().created).toBe(false);
  });

  it('reports an older pipeline of this component that has no Start-tasks action', async () => {
    codepipeline.on(GetPipelineCommand).resolves({
      pipeline: {
        name: 'orders',
        roleArn: pipelineRoleArn,
        pipelineType: 'V2',
        stages: [
          { name: 'Source', actions: [{ name: 'Source' } as any] },
          { name: 'Build', actions: [{ name: 'Build' } as any] },
          { name: 'Deploy-dev', actions: [{ name: 'Deploy' } as any] },
        ],
      },
    });
    codepipeline.on(ListTagsForResourceCommand).resolves({ tags: ordersTags });
    const { ctx, logger } = runContext(ordersInput);

    await action.handler(ctx);

    expect(mutatingCalls(codepipeline)).toEqual([]);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        'its actions are Source/Source, Build/Build, Deploy-dev/Deploy (requested Source/Source, Build/Build, Deploy-dev/Deploy, Deploy-dev/Start-tasks)',
      ),
    );
  });

  it('scales to the requested desired count', async () => {
    codepipeline.on(GetPipelineCommand).rejects(noPipeline);
    codepipeline.on(CreatePipelineCommand).resolves({});
    const { ctx } = runContext({ ...ordersInput, desiredCount: 3 });

    await action.handler(ctx);

    expect(
      created().pipeline!.stages![2].actions![1].environmentVariables,
    ).toContainEqual({ name: 'DESIRED_COUNT', value: '3', type: 'PLAINTEXT' });
  });

  it.each([
    ['a hostile component', { component: 'x;rm -rf /' }],
    ['a path in the component', { component: '../etc' }],
    ['a hostile service name', { serviceName: 'orders"; curl evil' }],
    ['a hostile branch', { branch: '-x; rm -rf /' }],
    ['a repository that is not owner/name', { repositoryId: 'acme/../x/y' }],
    ['a role that is not an IAM role ARN', { roleArn: 'orders' }],
    ['a desired count of 0', { desiredCount: 0 }],
    ['an unknown deploy environment', { deployEnvironments: ['nowhere'] }],
  ])(
    'refuses %s with an InputError before any AWS call',
    async (_case, change) => {
      const { ctx } = runContext({ ...ordersInput, ...change });

      await expect(action.handler(ctx)).rejects.toThrow(InputError);
      expect(codepipeline.calls()).toHaveLength(0);
    },
  );

  it('names the denied permission', async () => {
    codepipeline.on(GetPipelineCommand).rejects(noPipeline);
    codepipeline
      .on(CreatePipelineCommand)
      .rejects(accessDenied('iam:PassRole'));
    const { ctx } = runContext(ordersInput);

    const run = action.handler(ctx);

    await expect(run).rejects.toThrow(NotAllowedError);
    await expect(run).rejects.toThrow(
      "Could not create the pipeline 'orders' in account 123456789012 (eu-west-1): the credentials Backstage uses lack permission for iam:PassRole",
    );
  });
});

describe('slipway:codepipeline:create-pipeline, the artifact key of a cross-account pipeline', () => {
  const toPartner = { ...ordersInput, deployEnvironments: ['dev', 'partner'] };
  const ordersKeyTags = [
    { TagKey: 'slipway:component', TagValue: 'default/orders' },
    { TagKey: 'slipway:owner', TagValue: 'group:default/payments' },
    { TagKey: 'slipway:managed-by', TagValue: 'backstage' },
  ];
  const keyPolicy = () =>
    JSON.parse(kms.commandCalls(CreateKeyCommand)[0].args[0].input.Policy!);

  beforeEach(() => {
    codepipeline.on(GetPipelineCommand).rejects(noPipeline);
    codepipeline.on(CreatePipelineCommand).resolves({});
  });

  it('creates the key with its policy and tags in the home account, aliases it, and names it by key ARN before creating the pipeline', async () => {
    await noArtifactKeyYet();

    await action.handler(runContext(toPartner).ctx);

    expect(kms).toHaveReceivedCommandWith(DescribeKeyCommand, {
      KeyId: 'alias/slipway/orders-artifacts',
    });
    expect(kms).toHaveReceivedCommandWith(CreateKeyCommand, {
      KeySpec: 'SYMMETRIC_DEFAULT',
      KeyUsage: 'ENCRYPT_DECRYPT',
      Tags: expect.arrayContaining([
        { TagKey: 'slipway:component', TagValue: 'default/orders' },
        { TagKey: 'slipway:owner', TagValue: 'group:default/payments' },
        { TagKey: 'slipway:managed-by', TagValue: 'backstage' },
        { TagKey: 'slipway:created-by-task', TagValue: 'mock-task-id' },
      ]),
    });
    expect(kms).toHaveReceivedCommandWith(CreateAliasCommand, {
      AliasName: 'alias/slipway/orders-artifacts',
      TargetKeyId: '1234abcd-12ab-34cd-56ef-1234567890ab',
    });
    const sid = (name: string) =>
      keyPolicy().Statement.find((s: { Sid: string }) => s.Sid === name);
    expect(sid('DeployRolesDecryptArtifacts').Principal).toEqual({
      AWS: [partnerDeployRole],
    });
    expect(sid('PipelineEncryptsArtifacts').Principal).toEqual({
      AWS: [
        pipelineRoleArn,
        'arn:aws:iam::123456789012:role/slipway/orders-codebuild',
      ],
    });
    expect(sid('KeyAdministration').Principal).toEqual({
      AWS: 'arn:aws:iam::123456789012:root',
    });
    const homeKms = await deps.clients.get(KMSClient, {
      accountId: '123456789012',
      region: 'eu-west-1',
    });
    expect(kms.calls().every(call => call.thisValue === homeKms)).toBe(true);
    expect(created().pipeline!.artifactStore!.encryptionKey).toEqual({
      id: ordersKeyArn,
      type: 'KMS',
    });
    expect(callOrder(kms.commandCalls(CreateAliasCommand)[0])).toBeLessThan(
      callOrder(codepipeline.commandCalls(CreatePipelineCommand)[0]),
    );
  });

  it('creates one key per artifact-store region, each store naming its own', async () => {
    await noArtifactKeyYet();

    await action.handler(
      runContext({
        ...ordersInput,
        deployEnvironments: ['dev', 'prod', 'partner'],
      }).ctx,
    );

    expect(kms).toHaveReceivedCommandTimes(CreateKeyCommand, 2);
    expect(kms).toHaveReceivedCommandTimes(CreateAliasCommand, 2);
    expect(created().pipeline!.artifactStores).toEqual({
      'eu-west-1': {
        type: 'S3',
        location: 'slipway-artifacts-dev',
        encryptionKey: { id: ordersKeyArn, type: 'KMS' },
      },
      'us-east-1': {
        type: 'S3',
        location: 'slipway-artifacts-prod',
        encryptionKey: {
          id: ordersKeyArn.replace('eu-west-1', 'us-east-1'),
          type: 'KMS',
        },
      },
    });
    // Each key's policy lets S3 of its own region use it, and no other.
    const viaS3 = kms
      .commandCalls(CreateKeyCommand)
      .map(
        c =>
          JSON.parse(c.args[0].input.Policy!).Statement[2].Condition
            .StringEquals['kms:ViaService'],
      );
    expect(viaS3.sort()).toEqual([
      ['s3.eu-west-1.amazonaws.com'],
      ['s3.us-east-1.amazonaws.com'],
    ]);
  });

  it('reuses its own key and converges the key policy', async () => {
    kms.on(DescribeKeyCommand).resolves(keyOf(ordersKeyArn));
    kms.on(ListResourceTagsCommand).resolves({ Tags: ordersKeyTags });
    kms.on(GetKeyPolicyCommand).resolves({
      Policy: JSON.stringify({ Version: '2012-10-17', Statement: [] }),
    });
    const { ctx, logger } = runContext(toPartner);

    await action.handler(ctx);

    expect(kms).not.toHaveReceivedCommand(CreateKeyCommand);
    expect(kms).not.toHaveReceivedCommand(CreateAliasCommand);
    const put = kms.commandCalls(PutKeyPolicyCommand)[0].args[0].input;
    expect(put.KeyId).toBe('1234abcd-12ab-34cd-56ef-1234567890ab');
    expect(JSON.parse(put.Policy!).Statement.map((s: any) => s.Sid)).toEqual([
      'KeyAdministration',
      'PipelineEncryptsArtifacts',
      'DeployRolesDecryptArtifacts',
    ]);
    expect(created().pipeline!.artifactStore!.encryptionKey!.id).toBe(
      ordersKeyArn,
    );
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it('leaves the policy of its own key alone when it is already as requested', async () => {
    await noArtifactKeyYet();
    await action.handler(runContext(toPartner).ctx);
    const policy = kms.commandCalls(CreateKeyCommand)[0].args[0].input.Policy;
    kms.reset();
    kms.on(DescribeKeyCommand).resolves(keyOf(ordersKeyArn));
    kms.on(ListResourceTagsCommand).resolves({ Tags: ordersKeyTags });
    kms.on(GetKeyPolicyCommand).resolves({ Policy: policy });

    await action.handler(runContext(toPartner).ctx);

    expect(mutatingCalls(kms)).toEqual([]);
  });

  it("refuses a key under the alias that is not this component's, before changing anything", async () => {
    kms.on(DescribeKeyCommand).resolves(keyOf(ordersKeyArn));
    kms.on(ListResourceTagsCommand).resolves({
      Tags: [{ TagKey: 'team', TagValue: 'security' }],
    });

    const run = action.handler(runContext(toPartner).ctx);

    await expect(run).rejects.toThrow(ConflictError);
    await expect(run).rejects.toThrow(
      "The KMS key 'alias/slipway/orders-artifacts' already exists in account 123456789012 (eu-west-1) and does not belong to 'default/orders'",
    );
    expect(mutatingCalls(kms, codepipeline)).toEqual([]);
  });

  it('moves the alias of a key whose deletion a teardown scheduled to a new key', async () => {
    kms
      .on(DescribeKeyCommand)
      .resolves(
        keyOf(ordersKeyArn.replace('1234abcd', 'deadbeef'), 'PendingDeletion'),
      );
    kms.on(ListResourceTagsCommand).resolves({ Tags: ordersKeyTags });
    kms.on(CreateKeyCommand).resolves(keyOf(ordersKeyArn));

    await action.handler(runContext(toPartner).ctx);

    expect(mutatingCalls(kms)).toEqual([
      'DeleteAliasCommand',
      'CreateKeyCommand',
      'CreateAliasCommand',
    ]);
    expect(created().pipeline!.artifactStore!.encryptionKey!.id).toBe(
      ordersKeyArn,
    );
  });

  it('schedules the deletion of the key it created (7 days) and deletes the alias when the pipeline cannot be created', async () => {
    await noArtifactKeyYet();
    codepipeline
      .on(CreatePipelineCommand)
      .rejects(accessDenied('codepipeline:CreatePipeline'));

    await expect(action.handler(runContext(toPartner).ctx)).rejects.toThrow(
      NotAllowedError,
    );

    expect(mutatingCalls(kms)).toEqual([
      'CreateKeyCommand',
      'CreateAliasCommand',
      'DeleteAliasCommand',
      'ScheduleKeyDeletionCommand',
    ]);
    expect(kms).toHaveReceivedCommandWith(DeleteAliasCommand, {
      AliasName: 'alias/slipway/orders-artifacts',
    });
    expect(kms).toHaveReceivedCommandWith(ScheduleKeyDeletionCommand, {
      KeyId: '1234abcd-12ab-34cd-56ef-1234567890ab',
      PendingWindowInDays: 7,
    });
  });

  it('restores the previous policy of a reused key when the pipeline cannot be created', async () => {
    const previous = JSON.stringify({ Version: '2012-10-17', Statement: [] });
    kms.on(DescribeKeyCommand).resolves(keyOf(ordersKeyArn));
    kms.on(ListResourceTagsCommand).resolves({ Tags: ordersKeyTags });
    kms.on(GetKeyPolicyCommand).resolves({ Policy: previous });
    codepipeline
      .on(CreatePipelineCommand)
      .rejects(accessDenied('codepipeline:CreatePipeline'));

    await expect(action.handler(runContext(toPartner).ctx)).rejects.toThrow(
      NotAllowedError,
    );

    const puts = kms.commandCalls(PutKeyPolicyCommand);
    expect(puts.map(c => c.args[0].input.Policy === previous)).toEqual([
      false,
      true,
    ]);
    expect(kms).not.toHaveReceivedCommand(ScheduleKeyDeletionCommand);
  });

  it('lists the key of each region on a dry run without calling AWS', async () => {
    const { ctx, outputs } = runContext(
      { ...ordersInput, deployEnvironments: ['dev', 'prod', 'partner'] },
      { isDryRun: true },
    );

    await action.handler(ctx);

    const keyLines = (outputs().plan as string[]).filter(line =>
      line.startsWith("Create the KMS key 'alias/slipway/orders-artifacts'"),
    );
    expect(keyLines).toEqual([
      expect.stringContaining('in account 123456789012 (eu-west-1)'),
      expect.stringContaining('in account 123456789012 (us-east-1)'),
    ]);
    expect(keyLines[0]).toContain(
      `decrypted only by ${partnerDeployRole}, through S3 only`,
    );
    expect(kms.calls()).toHaveLength(0);
    expect(codepipeline.calls()).toHaveLength(0);
  });

  it('deploys blue/green to another account: CodeDeployToECS through the deploy role there, with that environment’s application, group and task definition', async () => {
    await noArtifactKeyYet();

    await action.handler(
      runContext({ ...toPartner, deploymentStrategy: 'blue-green' }).ctx,
    );

    const stages = created().pipeline!.stages!;
    const actionsOf = (name: string) =>
      stages.find(stage => stage.name === name)!.actions!;
    expect(actionsOf('Deploy-partner')).toEqual([
      expect.objectContaining({
        name: 'Deploy',
        actionTypeId: expect.objectContaining({ provider: 'CodeDeployToECS' }),
        configuration: expect.objectContaining({
          ApplicationName: 'orders-partner',
          DeploymentGroupName: 'orders-partner',
          TaskDefinitionTemplatePath: 'taskdef-partner.json',
        }),
        roleArn: partnerDeployRole,
      }),
      expect.objectContaining({
        name: 'Start-tasks',
        roleArn: partnerDeployRole,
      }),
    ]);
    // Same region: no region on the actions; dev deploys with the pipeline's own role.
    expect(actionsOf('Deploy-partner').map(a => a.region)).toEqual([
      undefined,
      undefined,
    ]);
    expect(actionsOf('Deploy-dev').map(a => a.roleArn)).toEqual([
      undefined,
      undefined,
    ]);
    expect(created().pipeline!.artifactStore!.encryptionKey).toEqual({
      id: ordersKeyArn,
      type: 'KMS',
    });
  });
});
