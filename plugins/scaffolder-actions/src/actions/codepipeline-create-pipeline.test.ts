import {
  CodePipelineClient,
  CreatePipelineCommand,
  GetPipelineCommand,
  ListTagsForResourceCommand,
} from '@aws-sdk/client-codepipeline';
import { InputError, NotAllowedError } from '@backstage/errors';
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

beforeEach(() => codepipeline.reset());

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

  it('refuses a pipeline across accounts', async () => {
    const { ctx } = runContext({
      ...ordersInput,
      deployEnvironments: ['dev', 'partner'],
    });

    const run = action.handler(ctx);

    await expect(run).rejects.toThrow(InputError);
    await expect(run).rejects.toThrow(
      "'partner' is in 210987654321. Cross-account pipelines are not supported",
    );
    expect(codepipeline.calls()).toHaveLength(0);
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
