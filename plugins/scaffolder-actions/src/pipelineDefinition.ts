import type { PipelineDefinition } from './aws/codepipeline';
import type { SlipwayEnvironment } from './config/environments';
import { codeDeployNames } from './names';

export interface PipelineRequest {
  name: string;
  component: string;
  roleArn: string;
  executionMode: 'QUEUED' | 'SUPERSEDED';
  home: SlipwayEnvironment;
  repositoryId: string;
  branch: string;
  buildProjectName: string;
  strategy: 'rolling' | 'blue-green';
  serviceName: string;
  deployTo: SlipwayEnvironment[];
  approvalBefore: string[];
}

type Stage = NonNullable<PipelineDefinition['stages']>[number];
type Action = NonNullable<Stage['actions']>[number];

const SOURCE = 'SourceOutput';
const BUILD = 'BuildOutput';

function deployAction(
  request: PipelineRequest,
  env: SlipwayEnvironment,
): Action {
  const region =
    env.region === request.home.region ? {} : { region: env.region };
  if (request.strategy === 'rolling') {
    return {
      name: 'Deploy',
      actionTypeId: {
        category: 'Deploy',
        owner: 'AWS',
        provider: 'ECS',
        version: '1',
      },
      configuration: {
        ClusterName: env.cluster,
        ServiceName: request.serviceName,
        FileName: 'imagedefinitions.json',
      },
      inputArtifacts: [{ name: BUILD }],
      runOrder: 1,
      ...region,
    };
  }
  const names = codeDeployNames(request.component, env.name);
  return {
    name: 'Deploy',
    actionTypeId: {
      category: 'Deploy',
      owner: 'AWS',
      provider: 'CodeDeployToECS',
      version: '1',
    },
    configuration: {
      ApplicationName: names.application,
      DeploymentGroupName: names.deploymentGroup,
      TaskDefinitionTemplateArtifact: BUILD,
      TaskDefinitionTemplatePath: 'taskdef.json',
      AppSpecTemplateArtifact: BUILD,
      AppSpecTemplatePath: 'appspec.yaml',
      Image1ArtifactName: BUILD,
      Image1ContainerName: 'IMAGE1_NAME',
    },
    inputArtifacts: [{ name: BUILD }],
    runOrder: 1,
    ...region,
  };
}

/**
 * One artifact bucket per region the pipeline acts in. A single-region
 * pipeline uses `artifactStore`; a cross-region one `artifactStores`, keyed by
 * region, with the bucket of the first environment in each region.
 */
function artifactStores(request: PipelineRequest) {
  const byRegion = new Map<string, string>([
    [request.home.region, request.home.artifactBucket],
  ]);
  for (const env of request.deployTo) {
    if (!byRegion.has(env.region)) byRegion.set(env.region, env.artifactBucket);
  }
  if (byRegion.size === 1) {
    return {
      artifactStore: { type: 'S3', location: request.home.artifactBucket },
    } as const;
  }
  return {
    artifactStores: Object.fromEntries(
      [...byRegion].map(([region, location]) => [
        region,
        { type: 'S3' as const, location },
      ]),
    ),
  };
}

function approvalStage(
  request: PipelineRequest,
  env: SlipwayEnvironment,
): Stage {
  return {
    name: `Approve-${env.name}`,
    actions: [
      {
        name: 'Approve',
        actionTypeId: {
          category: 'Approval',
          owner: 'AWS',
          provider: 'Manual',
          version: '1',
        },
        configuration: {
          CustomData: `Approve the deployment of ${request.component} to ${env.name}`,
        },
        runOrder: 1,
      },
    ],
  };
}

/** The V2 pipeline: source, build, then per environment an optional approval and a deploy. */
export function pipelineDefinition(
  request: PipelineRequest,
): PipelineDefinition {
  const environmentStages = request.deployTo.flatMap((env): Stage[] => [
    ...(request.approvalBefore.includes(env.name)
      ? [approvalStage(request, env)]
      : []),
    { name: `Deploy-${env.name}`, actions: [deployAction(request, env)] },
  ]);
  return {
    name: request.name,
    roleArn: request.roleArn,
    pipelineType: 'V2',
    executionMode: request.executionMode,
    ...artifactStores(request),
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
            configuration: {
              ConnectionArn: request.home.connectionArn,
              FullRepositoryId: request.repositoryId,
              BranchName: request.branch,
              OutputArtifactFormat: 'CODE_ZIP',
            },
            outputArtifacts: [{ name: SOURCE }],
            runOrder: 1,
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
            configuration: { ProjectName: request.buildProjectName },
            inputArtifacts: [{ name: SOURCE }],
            outputArtifacts: [{ name: BUILD }],
            runOrder: 1,
          },
        ],
      },
      ...environmentStages,
    ],
    triggers: [
      {
        providerType: 'CodeStarSourceConnection',
        gitConfiguration: {
          sourceActionName: 'Source',
          push: [{ branches: { includes: [request.branch] } }],
        },
      },
    ],
  };
}
