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
  /** Tasks each environment's service runs once the pipeline first reaches it. */
  desiredCount: number;
  /**
   * Role each deploy stage's actions assume, by environment name: set for
   * environments in another account than the pipeline's (their deploy role).
   */
  deployRoleArns?: Record<string, string>;
  /** KMS key ARN per artifact-store region (not an alias: aliases resolve only in the key's own account): set when the pipeline deploys to another account. */
  artifactKeyArns?: Record<string, string>;
}

type Stage = NonNullable<PipelineDefinition['stages']>[number];
type Action = NonNullable<Stage['actions']>[number];

const SOURCE = 'SourceOutput';
const BUILD = 'BuildOutput';

/** `region` when the environment is in another region, `roleArn` when in another account. */
function actsIn(request: PipelineRequest, env: SlipwayEnvironment) {
  const roleArn = request.deployRoleArns?.[env.name];
  return {
    ...(env.region === request.home.region ? {} : { region: env.region }),
    ...(roleArn && { roleArn }),
  };
}

function deployAction(
  request: PipelineRequest,
  env: SlipwayEnvironment,
): Action {
  const region = actsIn(request, env);
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
      // The build renders one task definition per environment: its family, log group and base path.
      TaskDefinitionTemplatePath: `taskdef-${env.name}.json`,
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

/** The action after each deploy that starts a service still at 0 tasks. */
export const START_TASKS_ACTION = 'Start-tasks';

/**
 * The Start-tasks shell commands (AWS CLI, in CodePipeline's managed
 * CodeBuild compute, with the pipeline role). The service was created with 0
 * tasks because no image existed; the deploy action before this one has just
 * made its task definition name this commit's image. A service at 0 is
 * scaled to DESIRED_COUNT and waited for until stable (the CLI waiter gives
 * up after 10 minutes; it is tried twice); a service that already
 * runs tasks is left alone, so re-runs and later commits change nothing.
 * Values come from the action's environment variables, never from the
 * command text, so no name can inject shell.
 */
export const START_TASKS_COMMANDS: string[] = [
  'echo "Start-tasks: ECS service $ECS_SERVICE in cluster $ECS_CLUSTER ($ECS_REGION) runs $DESIRED_COUNT task(s) if it runs none yet"',
  'desired=$(aws ecs describe-services --region "$ECS_REGION" --cluster "$ECS_CLUSTER" --services "$ECS_SERVICE" --query "services[0].desiredCount" --output text) && ' +
    'if [ "$desired" = "0" ]; then ' +
    'aws ecs update-service --region "$ECS_REGION" --cluster "$ECS_CLUSTER" --service "$ECS_SERVICE" --desired-count "$DESIRED_COUNT" --query "service.desiredCount" --output text && ' +
    '{ aws ecs wait services-stable --region "$ECS_REGION" --cluster "$ECS_CLUSTER" --services "$ECS_SERVICE" || aws ecs wait services-stable --region "$ECS_REGION" --cluster "$ECS_CLUSTER" --services "$ECS_SERVICE"; } && ' +
    'echo "$ECS_SERVICE now runs $DESIRED_COUNT task(s) of this commit\'s image"; ' +
    'elif [ "$desired" = "None" ] || [ -z "$desired" ]; then ' +
    'echo "ECS service $ECS_SERVICE not found in cluster $ECS_CLUSTER" >&2; false; ' +
    'else echo "$ECS_SERVICE already wants $desired task(s); left unchanged"; fi',
];

function startTasksAction(
  request: PipelineRequest,
  env: SlipwayEnvironment,
): Action {
  const variable = (name: string, value: string) => ({
    name,
    value,
    type: 'PLAINTEXT' as const,
  });
  return {
    name: START_TASKS_ACTION,
    actionTypeId: {
      category: 'Compute',
      owner: 'AWS',
      provider: 'Commands',
      version: '1',
    },
    // The Commands action needs an input artifact; it reads nothing from it.
    inputArtifacts: [{ name: BUILD }],
    commands: START_TASKS_COMMANDS,
    environmentVariables: [
      variable('ECS_REGION', env.region),
      variable('ECS_CLUSTER', env.cluster),
      variable('ECS_SERVICE', request.serviceName),
      variable('DESIRED_COUNT', String(request.desiredCount)),
    ],
    runOrder: 2,
    ...actsIn(request, env),
  };
}

/** Deploy, then start the tasks of a service that has none yet. */
function deployStage(request: PipelineRequest, env: SlipwayEnvironment): Stage {
  return {
    name: `Deploy-${env.name}`,
    actions: [deployAction(request, env), startTasksAction(request, env)],
  };
}

/**
 * One artifact bucket per region the pipeline acts in. A single-region
 * pipeline uses `artifactStore`; a cross-region one `artifactStores`, keyed by
 * region, with the bucket of the first environment in each region that is in
 * the pipeline's account (else the first one). A pipeline that deploys to
 * other accounts encrypts each store with its customer-managed key.
 */
function artifactStores(request: PipelineRequest) {
  const byRegion = new Map<string, string>([
    [request.home.region, request.home.artifactBucket],
  ]);
  const homeAccountFirst = [...request.deployTo].sort(
    (a, b) =>
      Number(a.accountId !== request.home.accountId) -
      Number(b.accountId !== request.home.accountId),
  );
  for (const env of homeAccountFirst) {
    if (!byRegion.has(env.region)) byRegion.set(env.region, env.artifactBucket);
  }
  const store = (region: string, location: string) => {
    const key = request.artifactKeyArns?.[region];
    return {
      type: 'S3' as const,
      location,
      ...(key && { encryptionKey: { id: key, type: 'KMS' as const } }),
    };
  };
  if (byRegion.size === 1) {
    return {
      artifactStore: store(request.home.region, request.home.artifactBucket),
    };
  }
  return {
    artifactStores: Object.fromEntries(
      [...byRegion].map(([region, location]) => [
        region,
        store(region, location),
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

/**
 * The V2 pipeline: source, build, then per environment an optional approval
 * stage and a deploy stage (deploy, then Start-tasks). An environment behind
 * an approval is neither deployed nor scaled before the approval.
 */
export function pipelineDefinition(
  request: PipelineRequest,
): PipelineDefinition {
  const environmentStages = request.deployTo.flatMap((env): Stage[] => [
    ...(request.approvalBefore.includes(env.name)
      ? [approvalStage(request, env)]
      : []),
    deployStage(request, env),
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
