import type { AwsTarget } from '../aws/clients';
import { awsPartition, regionalArn } from '../aws/resourceLocations';
import { artifactKeyAlias } from '../names';
import { deployBlueGreenStatement } from './codeDeployStatements';
import type { DeploymentScope } from './deliveryRolePolicies';

/**
 * The policies of a pipeline that promotes across accounts. The pipeline and
 * its role live in the home account; each environment in another account has
 * a deploy role there, which only the pipeline role may assume, and which may
 * touch only that environment's service and task family. The home account's
 * artifact key and image repository name exactly those roles.
 */

type Principal = { AWS: string | string[] };

interface Statement {
  Sid: string;
  Effect: 'Allow';
  Principal?: Principal;
  Action: string | string[];
  /** Absent in trust policies. */
  Resource?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

const document = (Statement: Statement[]) =>
  JSON.stringify({ Version: '2012-10-17', Statement });

/** One environment in another account, as its deploy role sees it. */
export interface CrossAccountDeployment extends DeploymentScope {
  component: string;
  /** Where the pipeline lives: its account, region and role. */
  home: AwsTarget;
  pipelineName: string;
  pipelineRoleArn: string;
  /** The home account's artifact buckets the deploy actions read from. */
  artifactBuckets: string[];
  /** The task execution role of the component in this environment's account. */
  taskExecutionRoleArn: string;
}

/**
 * Trust policy of a deploy role: only the pipeline's role may assume it.
 * `aws:SourceAccount`/`aws:SourceArn` are set only when a service principal
 * assumes a role; the caller here is the pipeline role itself, so the
 * condition pins the caller's account and ARN (`aws:PrincipalAccount`,
 * `aws:PrincipalArn`) instead.
 */
export function deployRoleTrustPolicy(
  pipelineRoleArn: string,
  homeAccountId: string,
): string {
  return document([
    {
      Sid: 'PipelineRoleOnly',
      Effect: 'Allow',
      Principal: { AWS: pipelineRoleArn },
      Action: 'sts:AssumeRole',
      Condition: {
        StringEquals: {
          'aws:PrincipalAccount': homeAccountId,
          'aws:PrincipalArn': pipelineRoleArn,
        },
      },
    },
  ]);
}

/** ARNs a key-policy condition can name the artifact key by before it exists. */
export function artifactKeyCondition(component: string) {
  return {
    'ForAnyValue:StringEquals': {
      'kms:ResourceAliases': artifactKeyAlias(component),
    },
  };
}

/**
 * Inline policy of a deploy role: deploy the one service (rolling ECS or
 * CodeDeploy blue/green), register the one task family, pass the one
 * execution role, read the pipeline's artifacts and decrypt them with the
 * component's artifact key, and write the Start-tasks action's logs.
 */
export function deployRolePolicy(d: CrossAccountDeployment): string {
  const { partition } = awsPartition(d.target.region);
  const service = regionalArn(
    d.target,
    'ecs',
    `service/${d.cluster}/${d.service}`,
  );
  const logs = `arn:${partition}:logs:*:${d.target.accountId}:log-group:`;
  const statements: Statement[] = [
    {
      // The ECS deploy action, and Start-tasks scaling a new service from 0.
      Sid: 'DeployEcsService',
      Effect: 'Allow',
      Action: ['ecs:DescribeServices', 'ecs:UpdateService'],
      Resource: [service],
    },
    {
      // DescribeTaskDefinition supports no resource-level permissions.
      Sid: 'ReadTaskDefinitions',
      Effect: 'Allow',
      Action: ['ecs:DescribeTaskDefinition'],
      Resource: ['*'],
    },
    {
      Sid: 'RegisterTaskDefinitions',
      Effect: 'Allow',
      Action: ['ecs:RegisterTaskDefinition', 'ecs:TagResource'],
      Resource: [
        regionalArn(d.target, 'ecs', `task-definition/${d.taskFamily}:*`),
      ],
    },
    {
      Sid: 'PassExecutionRole',
      Effect: 'Allow',
      Action: ['iam:PassRole'],
      Resource: [d.taskExecutionRoleArn],
      Condition: {
        StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' },
      },
    },
    {
      Sid: 'ReadPipelineArtifacts',
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:GetObjectVersion'],
      Resource: d.artifactBuckets.map(b => `arn:${partition}:s3:::${b}/*`),
    },
    {
      Sid: 'DecryptPipelineArtifacts',
      Effect: 'Allow',
      Action: ['kms:Decrypt'],
      Resource: [`arn:${partition}:kms:*:${d.home.accountId}:key/*`],
      Condition: artifactKeyCondition(d.component),
    },
    {
      Sid: 'StartTasksLogs',
      Effect: 'Allow',
      Action: [
        'logs:CreateLogGroup',
        'logs:CreateLogStream',
        'logs:PutLogEvents',
      ],
      Resource: [
        `${logs}/aws/codepipeline/${d.pipelineName}`,
        `${logs}/aws/codepipeline/${d.pipelineName}:log-stream:*`,
      ],
    },
  ];
  if (d.codeDeploy) {
    statements.push(
      deployBlueGreenStatement([{ target: d.target, ...d.codeDeploy }]),
    );
  }
  return document(statements);
}

/** What the pipeline role adds to reach environments in other accounts. */
export function assumeDeployRolesStatement(deployRoleArns: string[]) {
  return {
    Sid: 'AssumeDeployRoles',
    Effect: 'Allow' as const,
    Action: ['sts:AssumeRole'],
    Resource: deployRoleArns,
  };
}

/**
 * Key policy of the artifact key (home account): the home account administers
 * it through IAM but may not use it (no Encrypt/Decrypt for the account), the
 * pipeline role (and the build project's role) encrypts and decrypts, and exactly the deploy roles decrypt —
 * each only through S3 in the artifact stores' regions.
 */
export function artifactKeyPolicy(key: {
  home: AwsTarget;
  pipelineRoleArn: string;
  /**
   * The build project's role: CodeBuild reads the source artifact and writes
   * the build artifact with it, so it needs the key like the pipeline role.
   */
  buildRoleArn?: string;
  deployRoleArns: string[];
  regions: string[];
}): string {
  const { partition } = awsPartition(key.home.region);
  const viaS3 = {
    StringEquals: {
      'kms:ViaService': key.regions.map(r => `s3.${r}.amazonaws.com`),
    },
  };
  return document([
    {
      Sid: 'KeyAdministration',
      Effect: 'Allow',
      Principal: { AWS: `arn:${partition}:iam::${key.home.accountId}:root` },
      Action: [
        'kms:Describe*',
        'kms:Get*',
        'kms:List*',
        'kms:PutKeyPolicy',
        'kms:TagResource',
        'kms:UntagResource',
        'kms:CreateAlias',
        'kms:UpdateAlias',
        'kms:DeleteAlias',
        'kms:EnableKeyRotation',
        'kms:ScheduleKeyDeletion',
        'kms:CancelKeyDeletion',
      ],
      Resource: '*',
    },
    {
      Sid: 'PipelineEncryptsArtifacts',
      Effect: 'Allow',
      Principal: {
        AWS:
          key.buildRoleArn && key.buildRoleArn !== key.pipelineRoleArn
            ? [key.pipelineRoleArn, key.buildRoleArn]
            : key.pipelineRoleArn,
      },
      Action: [
        'kms:Encrypt',
        'kms:Decrypt',
        'kms:ReEncrypt*',
        'kms:GenerateDataKey*',
        'kms:DescribeKey',
      ],
      Resource: '*',
      Condition: viaS3,
    },
    {
      Sid: 'DeployRolesDecryptArtifacts',
      Effect: 'Allow',
      Principal: { AWS: key.deployRoleArns },
      Action: ['kms:Decrypt', 'kms:DescribeKey'],
      Resource: '*',
      Condition: viaS3,
    },
  ]);
}

/** Sid of the statement Slipway owns in an image repository's policy. */
export const REPOSITORY_PULL_SID = 'SlipwayCrossAccountPull';

/**
 * The image repository's policy statement that lets exactly the target
 * accounts' task execution roles pull (`Resource` is implied: the repository).
 */
export function repositoryPullStatement(executionRoleArns: string[]) {
  return {
    Sid: REPOSITORY_PULL_SID,
    Effect: 'Allow' as const,
    Principal: { AWS: [...executionRoleArns].sort() },
    Action: [
      'ecr:BatchCheckLayerAvailability',
      'ecr:BatchGetImage',
      'ecr:GetDownloadUrlForLayer',
    ],
  };
}
