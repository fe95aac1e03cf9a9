import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type {
  ActionCategory,
  PipelineDeclaration,
} from '@aws-sdk/client-codepipeline';
import { upstreamCall } from '../server/upstream';

export const REGION = 'eu-west-1';
export const ACCOUNT = '123456789012';
export const REPOSITORY_URI = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/checkout`;

/** A JSON 1.1 call through the local world, failing the test on an error answer. */
export async function aws(
  endpoint: string,
  service: 'ecs' | 'ecr' | 'codedeploy',
  operation: string,
  body: object,
): Promise<any> {
  const prefix = {
    ecs: 'AmazonEC2ContainerServiceV20141113',
    ecr: 'AmazonEC2ContainerRegistry_V20150921',
    codedeploy: 'CodeDeploy_20141006',
  }[service];
  const { status, json } = await upstreamCall(
    endpoint,
    REGION,
    `${prefix}.${operation}`,
    body,
    service,
  );
  if (status !== 200)
    throw new Error(`${operation}: HTTP ${status} ${JSON.stringify(json)}`);
  return json;
}

/** The role moto's CreatePipeline wants to exist (IAM is a query-protocol API). */
export async function createPipelineRole(endpoint: string) {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `AWS4-HMAC-SHA256 Credential=testing/20250101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: new URLSearchParams({
      Action: 'CreateRole',
      Version: '2010-05-08',
      RoleName: 'pipeline',
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'codepipeline.amazonaws.com' },
            Action: 'sts:AssumeRole',
          },
        ],
      }),
    }).toString(),
  });
  await response.text();
}

/** An image pushed to the emulated ECR, as the CodeBuild runner's `docker push` does. */
export async function pushImage(endpoint: string, tag: string) {
  await aws(endpoint, 'ecr', 'CreateRepository', {
    repositoryName: 'checkout',
  }).catch(() => undefined);
  await aws(endpoint, 'ecr', 'PutImage', {
    repositoryName: 'checkout',
    imageTag: tag,
    imageManifest: JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
      config: {
        mediaType: 'application/vnd.docker.container.image.v1+json',
        size: 2,
        digest: `sha256:${'1'.repeat(64)}`,
      },
      layers: [],
    }),
  });
}

/**
 * What slipway:ecs:create-service and slipway:codedeploy:create-blue-green
 * leave for one environment: a CODE_DEPLOY service running `initialImage`,
 * the application and its ECS blue/green deployment group.
 */
export async function blueGreenService(
  endpoint: string,
  name: string,
  options: { deploymentConfigName: string; terminationWaitMinutes?: number },
) {
  await aws(endpoint, 'ecs', 'CreateCluster', { clusterName: 'dev' });
  const { taskDefinition } = await aws(
    endpoint,
    'ecs',
    'RegisterTaskDefinition',
    {
      family: `${name}-dev`,
      containerDefinitions: [
        { name, image: `${REPOSITORY_URI}:initial`, essential: true },
      ],
      requiresCompatibilities: ['FARGATE'],
      cpu: '256',
      memory: '512',
    },
  );
  const { service } = await aws(endpoint, 'ecs', 'CreateService', {
    cluster: 'dev',
    serviceName: name,
    taskDefinition: taskDefinition.taskDefinitionArn,
    desiredCount: 2,
    launchType: 'FARGATE',
    deploymentController: { type: 'CODE_DEPLOY' },
  });
  const application = `AppECS-dev-${name}`;
  const deploymentGroup = `DgpECS-dev-${name}`;
  await aws(endpoint, 'codedeploy', 'CreateApplication', {
    applicationName: application,
    computePlatform: 'ECS',
  });
  await aws(endpoint, 'codedeploy', 'CreateDeploymentGroup', {
    applicationName: application,
    deploymentGroupName: deploymentGroup,
    serviceRoleArn: `arn:aws:iam::${ACCOUNT}:role/codedeploy`,
    deploymentConfigName: options.deploymentConfigName,
    deploymentStyle: {
      deploymentType: 'BLUE_GREEN',
      deploymentOption: 'WITH_TRAFFIC_CONTROL',
    },
    blueGreenDeploymentConfiguration: {
      terminateBlueInstancesOnDeploymentSuccess: {
        action: 'TERMINATE',
        terminationWaitTimeInMinutes: options.terminationWaitMinutes ?? 5,
      },
      deploymentReadyOption: { actionOnTimeout: 'CONTINUE_DEPLOYMENT' },
    },
    autoRollbackConfiguration: {
      enabled: true,
      events: ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_REQUEST'],
    },
    ecsServices: [{ clusterName: 'dev', serviceName: name }],
    loadBalancerInfo: {
      targetGroupPairInfoList: [
        {
          targetGroups: [{ name: `${name}-blue` }, { name: `${name}-green` }],
          prodTrafficRoute: {
            listenerArns: [
              `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:listener/app/lb/1/2`,
            ],
          },
        },
      ],
    },
  });
  return {
    application,
    deploymentGroup,
    serviceArn: service.serviceArn as string,
    initialTaskDefinition: taskDefinition.taskDefinitionArn as string,
  };
}

/** The Build stage's output for blue/green: imageDetail.json, taskdef-dev.json, appspec.yaml (as the template's buildspec writes them). */
export function blueGreenBuildOutput(name: string, imageUri: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'codedeploy-build-'));
  writeFileSync(
    path.join(dir, 'imageDetail.json'),
    JSON.stringify({ ImageURI: imageUri }),
  );
  writeFileSync(
    path.join(dir, 'taskdef-dev.json'),
    JSON.stringify({
      family: `${name}-dev`,
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: '256',
      memory: '512',
      containerDefinitions: [
        {
          name,
          image: '<IMAGE1_NAME>',
          essential: true,
          portMappings: [{ containerPort: 8080, protocol: 'tcp' }],
        },
      ],
    }),
  );
  writeFileSync(
    path.join(dir, 'appspec.yaml'),
    [
      'version: 0.0',
      'Resources:',
      '  - TargetService:',
      '      Type: AWS::ECS::Service',
      '      Properties:',
      '        TaskDefinition: <TASK_DEFINITION>',
      '        LoadBalancerInfo:',
      `          ContainerName: ${JSON.stringify(name)}`,
      '          ContainerPort: 8080',
      '',
    ].join('\n'),
  );
  return dir;
}

/** Source → Build (a stub giving the artifact folder) → Deploy-dev with CodeDeployToECS, as Slipway's pipelineDefinition writes it. */
export function blueGreenPipeline(
  name: string,
  application: string,
  deploymentGroup: string,
): PipelineDeclaration {
  const action = (category: ActionCategory, provider: string) => ({
    owner: 'AWS' as const,
    category,
    provider,
    version: '1',
  });
  return {
    name,
    roleArn: `arn:aws:iam::${ACCOUNT}:role/pipeline`,
    artifactStore: { type: 'S3', location: `${name}-artifacts` },
    pipelineType: 'V2',
    executionMode: 'QUEUED',
    stages: [
      {
        name: 'Source',
        actions: [
          {
            name: 'Source',
            actionTypeId: action('Source', 'CodeStarSourceConnection'),
            configuration: {
              ConnectionArn: `arn:aws:codeconnections:${REGION}:${ACCOUNT}:connection/local`,
              FullRepositoryId: `acme/${name}`,
              BranchName: 'main',
            },
            outputArtifacts: [{ name: 'SourceOutput' }],
          },
        ],
      },
      {
        name: 'Build',
        actions: [
          {
            name: 'Build',
            actionTypeId: action('Build', 'CodeBuild'),
            configuration: { ProjectName: `${name}-build` },
            inputArtifacts: [{ name: 'SourceOutput' }],
            outputArtifacts: [{ name: 'BuildOutput' }],
          },
        ],
      },
      {
        name: 'Deploy-dev',
        actions: [
          {
            name: 'Deploy',
            actionTypeId: action('Deploy', 'CodeDeployToECS'),
            configuration: {
              ApplicationName: application,
              DeploymentGroupName: deploymentGroup,
              TaskDefinitionTemplateArtifact: 'BuildOutput',
              TaskDefinitionTemplatePath: 'taskdef-dev.json',
              AppSpecTemplateArtifact: 'BuildOutput',
              AppSpecTemplatePath: 'appspec.yaml',
              Image1ArtifactName: 'BuildOutput',
              Image1ContainerName: 'IMAGE1_NAME',
            },
            inputArtifacts: [{ name: 'BuildOutput' }],
            runOrder: 1,
          },
        ],
      },
    ],
  };
}
