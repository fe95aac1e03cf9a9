import {
  type CodePipelineClient,
  GetPipelineCommand,
  type GetPipelineCommandOutput,
  GetPipelineStateCommand,
  type GetPipelineStateCommandOutput,
  ListActionExecutionsCommand,
  ListPipelineExecutionsCommand,
  type ListPipelineExecutionsCommandOutput,
  ListTagsForResourceCommand,
} from '@aws-sdk/client-codepipeline';
import type { AwsClientStub } from 'aws-sdk-client-mock';

/**
 * Fixtures shaped like real CodePipeline answers (API reference: GetPipeline,
 * GetPipelineState, ListPipelineExecutions) for a Source → Build → Approval →
 * Deploy pipeline.
 */
export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';
export const ordersPipelineArn = `arn:aws:codepipeline:${REGION}:${ACCOUNT}:orders-api`;
export const ledgerPipelineArn = `arn:aws:codepipeline:${REGION}:${ACCOUNT}:ledger-worker`;

export const COMMIT = '4f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39';
export const RUNNING_EXECUTION = '8d6b1c2a-3f4e-4a5b-9c8d-7e6f5a4b3c2d';
export const PREVIOUS_EXECUTION = '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';

export function pipelineDefinition(
  name: string,
  deploy: 'ECS' | 'CodeDeployToECS' = 'ECS',
): Partial<GetPipelineCommandOutput> {
  return {
    pipeline: {
      name,
      roleArn: `arn:aws:iam::${ACCOUNT}:role/${name}-pipeline`,
      pipelineType: 'V2',
      executionMode: 'QUEUED',
      version: 3,
      stages: [
        {
          name: 'Source',
          actions: [
            {
              name: 'Source',
              actionTypeId: {
                category: 'Source',
                owner: 'AWS',
                provider: 'CodeStarSourceConnection',
                version: '1',
              },
              runOrder: 1,
              configuration: {
                ConnectionArn: `arn:aws:codestar-connections:${REGION}:${ACCOUNT}:connection/0a1b2c3d`,
                FullRepositoryId: `acme/${name}`,
                BranchName: 'main',
              },
              outputArtifacts: [{ name: 'SourceArtifact' }],
            },
          ],
        },
        {
          name: 'Build',
          actions: [
            {
              name: 'Build',
              actionTypeId: {
                category: 'Build',
                owner: 'AWS',
                provider: 'CodeBuild',
                version: '1',
              },
              runOrder: 1,
              configuration: { ProjectName: name },
              inputArtifacts: [{ name: 'SourceArtifact' }],
              outputArtifacts: [{ name: 'BuildArtifact' }],
            },
          ],
        },
        {
          name: 'Approve-prod',
          actions: [
            {
              name: 'Approve',
              actionTypeId: {
                category: 'Approval',
                owner: 'AWS',
                provider: 'Manual',
                version: '1',
              },
              runOrder: 1,
              configuration: {},
            },
          ],
        },
        {
          name: 'Deploy-prod',
          actions: [
            deploy === 'ECS'
              ? {
                  name: 'Deploy',
                  actionTypeId: {
                    category: 'Deploy',
                    owner: 'AWS',
                    provider: 'ECS',
                    version: '1',
                  },
                  runOrder: 1,
                  configuration: {
                    ClusterName: 'prod',
                    ServiceName: name,
                    FileName: 'imagedefinitions.json',
                  },
                  inputArtifacts: [{ name: 'BuildArtifact' }],
                }
              : {
                  name: 'Deploy',
                  actionTypeId: {
                    category: 'Deploy',
                    owner: 'AWS',
                    provider: 'CodeDeployToECS',
                    version: '1',
                  },
                  runOrder: 1,
                  configuration: {
                    ApplicationName: name,
                    DeploymentGroupName: `${name}-prod`,
                  },
                  inputArtifacts: [{ name: 'BuildArtifact' }],
                },
          ],
        },
      ],
    },
  };
}

/** Build passed; the production approval waits for a reviewer. */
export const pipelineAwaitingApproval: Partial<GetPipelineStateCommandOutput> =
  {
    pipelineName: 'orders-api',
    pipelineVersion: 3,
    stageStates: [
      {
        stageName: 'Source',
        inboundTransitionState: { enabled: true },
        latestExecution: {
          pipelineExecutionId: RUNNING_EXECUTION,
          status: 'Succeeded',
        },
        actionStates: [
          {
            actionName: 'Source',
            currentRevision: {
              revisionId: COMMIT,
              revisionChangeId: COMMIT,
              created: new Date('2026-11-20T09:58:00Z'),
            },
            latestExecution: {
              actionExecutionId: 'a1',
              status: 'Succeeded',
              summary:
                '{"ProviderType":"GitHub","CommitMessage":"Add refunds endpoint"}',
              lastStatusChange: new Date('2026-11-20T10:00:05Z'),
              externalExecutionId: COMMIT,
              externalExecutionUrl: `https://github.com/acme/orders-api/commit/${COMMIT}`,
            },
            revisionUrl: `https://github.com/acme/orders-api/commit/${COMMIT}`,
          },
        ],
      },
      {
        stageName: 'Build',
        inboundTransitionState: { enabled: true },
        latestExecution: {
          pipelineExecutionId: RUNNING_EXECUTION,
          status: 'Succeeded',
        },
        actionStates: [
          {
            actionName: 'Build',
            latestExecution: {
              actionExecutionId: 'a2',
              status: 'Succeeded',
              lastStatusChange: new Date('2026-11-20T10:04:40Z'),
              externalExecutionId:
                'orders-api:0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e',
              externalExecutionUrl:
                'https://console.aws.amazon.com/codebuild/home?region=us-east-1#/builds/orders-api:0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e/view/new',
            },
            entityUrl:
              'https://console.aws.amazon.com/codebuild/home?region=us-east-1#/projects/orders-api/view',
          },
        ],
      },
      {
        stageName: 'Approve-prod',
        inboundTransitionState: { enabled: true },
        latestExecution: {
          pipelineExecutionId: RUNNING_EXECUTION,
          status: 'InProgress',
        },
        actionStates: [
          {
            actionName: 'Approve',
            latestExecution: {
              actionExecutionId: 'a3',
              status: 'InProgress',
              lastStatusChange: new Date('2026-11-20T10:04:45Z'),
              token: '3e2f1a0b-secret-approval-token',
            },
          },
        ],
      },
      {
        stageName: 'Deploy-prod',
        inboundTransitionState: {
          enabled: false,
          disabledReason: 'Change freeze until Monday',
          lastChangedBy: 'arn:aws:sts::123456789012:assumed-role/Admin/jane',
          lastChangedAt: new Date('2026-11-19T17:00:00Z'),
        },
        latestExecution: {
          pipelineExecutionId: PREVIOUS_EXECUTION,
          status: 'Succeeded',
        },
        actionStates: [{ actionName: 'Deploy' }],
      },
    ],
  };

/** The build stage failed on a unit test. */
export const pipelineWithFailedBuild: Partial<GetPipelineStateCommandOutput> = {
  pipelineName: 'ledger-worker',
  stageStates: [
    {
      stageName: 'Source',
      inboundTransitionState: { enabled: true },
      latestExecution: {
        pipelineExecutionId: PREVIOUS_EXECUTION,
        status: 'Succeeded',
      },
      actionStates: [
        { actionName: 'Source', latestExecution: { status: 'Succeeded' } },
      ],
    },
    {
      stageName: 'Build',
      inboundTransitionState: { enabled: true },
      latestExecution: {
        pipelineExecutionId: PREVIOUS_EXECUTION,
        status: 'Failed',
      },
      actionStates: [
        {
          actionName: 'Build',
          latestExecution: {
            status: 'Failed',
            lastStatusChange: new Date('2026-11-20T08:12:00Z'),
            errorDetails: {
              code: 'JobFailed',
              message:
                'Error while executing command: pytest. Reason: exit status 1',
            },
          },
        },
      ],
    },
  ],
};

export function executionsPage(
  summaries: Array<{ id: string; status: string; start: string; end?: string }>,
  nextToken?: string,
): Partial<ListPipelineExecutionsCommandOutput> {
  return {
    pipelineExecutionSummaries: summaries.map(s => ({
      pipelineExecutionId: s.id,
      status: s.status as any,
      startTime: new Date(s.start),
      lastUpdateTime: new Date(s.end ?? s.start),
      trigger: {
        triggerType: 'Webhook',
        triggerDetail: `arn:aws:codestar-connections:${REGION}:${ACCOUNT}:connection/0a1b2c3d`,
      },
      executionMode: 'QUEUED',
      executionType: 'STANDARD',
      sourceRevisions: [
        {
          actionName: 'Source',
          revisionId: COMMIT,
          revisionSummary:
            '{"ProviderType":"GitHub","CommitMessage":"Add refunds endpoint"}',
          revisionUrl: `https://github.com/acme/orders-api/commit/${COMMIT}`,
        },
      ],
    })),
    nextToken,
  };
}

/**
 * CodePipeline of a fleet: ledger-worker's latest execution failed in Build,
 * every other pipeline's (orders-api…) waits for the production approval.
 * `state` may hold back the GetPipelineState answers (default: at once).
 */
export function answerLikeFleetPipelines(
  codepipeline: AwsClientStub<CodePipelineClient>,
  state: (
    answer: Partial<GetPipelineStateCommandOutput>,
  ) =>
    | Partial<GetPipelineStateCommandOutput>
    | Promise<Partial<GetPipelineStateCommandOutput>> = answer => answer,
) {
  codepipeline
    .on(GetPipelineCommand)
    .callsFake(input => pipelineDefinition(input.name));
  codepipeline
    .on(GetPipelineStateCommand)
    .callsFake(input =>
      state(
        input.name === 'ledger-worker'
          ? pipelineWithFailedBuild
          : pipelineAwaitingApproval,
      ),
    );
  codepipeline.on(ListPipelineExecutionsCommand).callsFake(input =>
    input.pipelineName === 'ledger-worker'
      ? executionsPage([
          {
            id: PREVIOUS_EXECUTION,
            status: 'Failed',
            start: '2026-11-20T08:00:00Z',
            end: '2026-11-20T08:12:00Z',
          },
        ])
      : executionsPage([
          {
            id: RUNNING_EXECUTION,
            status: 'InProgress',
            start: '2026-11-20T09:58:00Z',
          },
        ]),
  );
  codepipeline
    .on(ListActionExecutionsCommand)
    .resolves({ actionExecutionDetails: [] });
  codepipeline.on(ListTagsForResourceCommand).resolves({ tags: [] });
}
