import type { AwsTarget } from '../aws/clients';
import {
  awsPartition,
  logGroupArn,
  regionalArn,
} from '../aws/resourceLocations';
import { codeBuildLogGroup, DeliveryRole, logGroupPrefix } from '../names';
import { deployBlueGreenStatement } from './codeDeployStatements';
import { assumeDeployRolesStatement } from './crossAccountPolicies';

/** One environment the pipeline deploys to. */
export interface DeploymentScope {
  target: AwsTarget;
  cluster: string;
  service: string;
  /** The environment's task definition family, `<component>-<env>`. */
  taskFamily: string;
  /** Set for CodeDeploy blue/green deployments. */
  codeDeploy?: { application: string; deploymentGroup: string };
  /** ALB listeners CodeDeploy re-points during blue/green deployments. */
  listenerArns: string[];
  /** Alarms whose ALARM state stops a blue/green deployment and rolls it back. */
  rollbackAlarmNames?: string[];
}

/** The resources of one component that its delivery roles may touch, and nothing else. */
export interface DeliveryScope {
  target: AwsTarget;
  component: string;
  repositoryArn: string;
  codeBuildProjectName: string;
  /** The pipeline, whose Start-tasks (Commands) actions log to /aws/codepipeline/<name>. */
  pipelineName: string;
  artifactBuckets: string[];
  connectionArn: string;
  /** The environments in the role's own account (those in other accounts deploy through their deploy roles). */
  deployments: DeploymentScope[];
  roleArns: Record<DeliveryRole, string>;
  /** Deploy roles in other accounts the pipeline role assumes for their environments' stages. */
  deployRoleArns?: string[];
}

type Statement = {
  Sid: string;
  Effect: 'Allow';
  Action: string[];
  Resource: string[];
  Condition?: Record<string, Record<string, string | string[]>>;
};

const SERVICE_PRINCIPALS: Record<DeliveryRole, string> = {
  codeBuild: 'codebuild.amazonaws.com',
  codePipeline: 'codepipeline.amazonaws.com',
  taskExecution: 'ecs-tasks.amazonaws.com',
  codeDeploy: 'codedeploy.amazonaws.com',
};

const document = (Statement: unknown[]) =>
  JSON.stringify({ Version: '2012-10-17', Statement });

/**
 * Trust policy: only the role's service may assume it. CodeBuild, CodePipeline
 * and ECS also send `aws:SourceAccount`, which stops a confused deputy in
 * another account from using the role.
 */
export function trustPolicy(role: DeliveryRole, accountId: string): string {
  return document([
    {
      Effect: 'Allow',
      Principal: { Service: SERVICE_PRINCIPALS[role] },
      Action: 'sts:AssumeRole',
      ...(role !== 'codeDeploy' && {
        Condition: { StringEquals: { 'aws:SourceAccount': accountId } },
      }),
    },
  ]);
}

function s3Artifacts(scope: DeliveryScope): Statement[] {
  const { partition } = awsPartition(scope.target.region);
  return [
    {
      Sid: 'PipelineArtifacts',
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject'],
      Resource: scope.artifactBuckets.map(b => `arn:${partition}:s3:::${b}/*`),
    },
    {
      Sid: 'PipelineArtifactBuckets',
      Effect: 'Allow',
      Action: [
        's3:GetBucketLocation',
        's3:GetBucketVersioning',
        's3:GetBucketAcl',
      ],
      Resource: scope.artifactBuckets.map(b => `arn:${partition}:s3:::${b}`),
    },
  ];
}

const ECR_LOGIN: Statement = {
  Sid: 'EcrLogin',
  Effect: 'Allow',
  Action: ['ecr:GetAuthorizationToken'],
  Resource: ['*'],
};

function codeBuildPolicy(scope: DeliveryScope): Statement[] {
  const logGroup = logGroupArn(
    scope.target,
    codeBuildLogGroup(scope.component),
  );
  return [
    {
      Sid: 'BuildLogs',
      Effect: 'Allow',
      Action: [
        'logs:CreateLogGroup',
        'logs:CreateLogStream',
        'logs:PutLogEvents',
      ],
      Resource: [logGroup, `${logGroup}:log-stream:*`],
    },
    ...s3Artifacts(scope),
    ECR_LOGIN,
    {
      Sid: 'PushImages',
      Effect: 'Allow',
      Action: [
        'ecr:BatchCheckLayerAvailability',
        'ecr:BatchGetImage',
        'ecr:GetDownloadUrlForLayer',
        'ecr:InitiateLayerUpload',
        'ecr:UploadLayerPart',
        'ecr:CompleteLayerUpload',
        'ecr:PutImage',
      ],
      Resource: [scope.repositoryArn],
    },
    {
      Sid: 'TestReports',
      Effect: 'Allow',
      Action: [
        'codebuild:CreateReportGroup',
        'codebuild:CreateReport',
        'codebuild:UpdateReport',
        'codebuild:BatchPutTestCases',
        'codebuild:BatchPutCodeCoverages',
      ],
      Resource: [
        regionalArn(
          scope.target,
          'codebuild',
          `report-group/${scope.codeBuildProjectName}-*`,
        ),
      ],
    },
  ];
}

function passRole(roleArns: string[], service: string): Statement {
  return {
    Sid: 'PassDeliveryRoles',
    Effect: 'Allow',
    Action: ['iam:PassRole'],
    Resource: roleArns,
    Condition: { StringEquals: { 'iam:PassedToService': service } },
  };
}

function serviceArns(scope: DeliveryScope): string[] {
  return scope.deployments.map(d =>
    regionalArn(d.target, 'ecs', `service/${d.cluster}/${d.service}`),
  );
}

/**
 * CodePipeline creates `/aws/codepipeline/<pipeline>` in each region where a
 * Commands action (Start-tasks) runs and writes its output there.
 */
function commandsActionLogs(scope: DeliveryScope): Statement {
  const regions = [...new Set(scope.deployments.map(d => d.target.region))];
  const groups = regions.map(region =>
    logGroupArn(
      { accountId: scope.target.accountId, region },
      `/aws/codepipeline/${scope.pipelineName}`,
    ),
  );
  return {
    Sid: 'StartTasksLogs',
    Effect: 'Allow',
    Action: [
      'logs:CreateLogGroup',
      'logs:CreateLogStream',
      'logs:PutLogEvents',
    ],
    Resource: [...groups, ...groups.map(group => `${group}:*`)],
  };
}

function codePipelinePolicy(scope: DeliveryScope): Statement[] {
  const blueGreen = scope.deployments.filter(d => d.codeDeploy);
  const statements: Statement[] = [
    ...s3Artifacts(scope),
    {
      Sid: 'SourceConnection',
      Effect: 'Allow',
      Action: [
        'codestar-connections:UseConnection',
        'codeconnections:UseConnection',
      ],
      Resource: [scope.connectionArn],
    },
    {
      Sid: 'Build',
      Effect: 'Allow',
      Action: ['codebuild:StartBuild', 'codebuild:BatchGetBuilds'],
      Resource: [
        regionalArn(
          scope.target,
          'codebuild',
          `project/${scope.codeBuildProjectName}`,
        ),
      ],
    },
    {
      // The ECS deploy action, and Start-tasks scaling a new service from 0.
      Sid: 'DeployEcsService',
      Effect: 'Allow',
      Action: ['ecs:DescribeServices', 'ecs:UpdateService'],
      Resource: serviceArns(scope),
    },
    commandsActionLogs(scope),
    {
      // DescribeTaskDefinition supports no resource-level permissions.
      Sid: 'ReadTaskDefinitions',
      Effect: 'Allow',
      Action: ['ecs:DescribeTaskDefinition'],
      Resource: ['*'],
    },
    {
      // New revisions of each environment's own family only.
      Sid: 'RegisterTaskDefinitions',
      Effect: 'Allow',
      Action: ['ecs:RegisterTaskDefinition', 'ecs:TagResource'],
      Resource: scope.deployments.map(d =>
        regionalArn(d.target, 'ecs', `task-definition/${d.taskFamily}:*`),
      ),
    },
    passRole([scope.roleArns.taskExecution], 'ecs-tasks.amazonaws.com'),
  ];
  if (scope.deployRoleArns?.length) {
    statements.push(assumeDeployRolesStatement(scope.deployRoleArns));
  }
  if (blueGreen.length) {
    statements.push(
      deployBlueGreenStatement(
        blueGreen.map(({ target, codeDeploy }) => ({
          target,
          ...codeDeploy!,
        })),
      ),
    );
  }
  // Deploying only to other accounts: nothing to read or pass in its own.
  const deploysHere = scope.deployments.length > 0;
  return statements.filter(
    s =>
      deploysHere ||
      !['ReadTaskDefinitions', 'PassDeliveryRoles'].includes(s.Sid),
  );
}

function taskExecutionPolicy(scope: DeliveryScope): Statement[] {
  const { partition } = awsPartition(scope.target.region);
  const logs = `arn:${partition}:logs:*:${
    scope.target.accountId
  }:log-group:${logGroupPrefix(scope.component)}*`;
  return [
    ECR_LOGIN,
    {
      Sid: 'PullImages',
      Effect: 'Allow',
      Action: [
        'ecr:BatchCheckLayerAvailability',
        'ecr:GetDownloadUrlForLayer',
        'ecr:BatchGetImage',
      ],
      Resource: [scope.repositoryArn],
    },
    {
      Sid: 'ContainerLogs',
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: [`${logs}:log-stream:*`],
    },
  ];
}

function codeDeployPolicy(scope: DeliveryScope): Statement[] {
  const blueGreen = scope.deployments.filter(d => d.codeDeploy);
  const listeners = blueGreen.flatMap(d => d.listenerArns);
  const alarms = blueGreen.flatMap(d =>
    (d.rollbackAlarmNames ?? []).map(name =>
      regionalArn(d.target, 'cloudwatch', `alarm:${name}`),
    ),
  );
  return [
    {
      Sid: 'ShiftEcsTaskSets',
      Effect: 'Allow',
      Action: [
        'ecs:DescribeServices',
        'ecs:CreateTaskSet',
        'ecs:UpdateServicePrimaryTaskSet',
        'ecs:DeleteTaskSet',
      ],
      Resource: [
        ...serviceArns({ ...scope, deployments: blueGreen }),
        ...blueGreen.map(d =>
          regionalArn(d.target, 'ecs', `task-set/${d.cluster}/${d.service}/*`),
        ),
      ],
    },
    {
      // The Describe calls of Elastic Load Balancing support no resource-level permissions.
      Sid: 'ReadLoadBalancing',
      Effect: 'Allow',
      Action: [
        'elasticloadbalancing:DescribeTargetGroups',
        'elasticloadbalancing:DescribeListeners',
        'elasticloadbalancing:DescribeRules',
      ],
      Resource: ['*'],
    },
    ...(alarms.length
      ? [
          {
            // Roll back on alarm: CodeDeploy polls the deployment group's alarms.
            Sid: 'ReadRollbackAlarms',
            Effect: 'Allow' as const,
            Action: ['cloudwatch:DescribeAlarms'],
            Resource: alarms,
          },
        ]
      : []),
    {
      Sid: 'ShiftTraffic',
      Effect: 'Allow',
      Action: [
        'elasticloadbalancing:ModifyListener',
        'elasticloadbalancing:ModifyRule',
      ],
      Resource: [
        ...listeners,
        ...listeners.map(
          arn => `${arn.replace(':listener/', ':listener-rule/')}/*`,
        ),
      ],
    },
    passRole([scope.roleArns.taskExecution], 'ecs-tasks.amazonaws.com'),
  ];
}

const POLICIES: Record<DeliveryRole, (scope: DeliveryScope) => Statement[]> = {
  codeBuild: codeBuildPolicy,
  codePipeline: codePipelinePolicy,
  taskExecution: taskExecutionPolicy,
  codeDeploy: codeDeployPolicy,
};

/** The least-privilege inline policy of one delivery role, as JSON text. */
export function inlinePolicy(role: DeliveryRole, scope: DeliveryScope): string {
  // A pipeline whose environments are all in other accounts touches no service in its own.
  return document(
    POLICIES[role](scope).filter(statement => statement.Resource.length),
  );
}
