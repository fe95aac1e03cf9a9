import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  GetPipelineStateCommand,
  type ActionCategory,
  type CodePipelineClient,
  type PipelineDeclaration,
} from '@aws-sdk/client-codepipeline';
import type { FakeClock } from '../pipelines/clock';
import { codeStarSourceRunner, type ActionRunner } from '../pipelines/runners';
import { placeOf, type Where } from '../server/accounts';
import {
  startLocalWorldServer,
  type LocalWorldServer,
} from '../server/handler';
import { codeDeployBlueGreen } from './codeDeploy';
import { codeDeployCall, ecrCall, ecsCall } from './ecsApi';
import { registerEcrImage } from './ecsImages';
import { buildStage, sourceStage } from '../testing/fixtures';

export const REGION = 'eu-west-1';
export const ACCOUNT = '123456789012';
export const REPOSITORY_URI = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/checkout`;

/**
 * A local world in front of moto (`upstream`) that runs CodeDeploy ECS
 * blue/green deployments (one AWS minute lasting `minuteMs` of `clock`);
 * Source is the CodeStar connection runner, Build a stub that hands on the
 * folder `buildOutput()` names as BuildOutput.
 */
export async function startBlueGreenWorld(options: {
  upstream: string;
  clock: FakeClock;
  minuteMs: number;
  buildOutput: () => string;
}): Promise<LocalWorldServer> {
  const { upstream, clock } = options;
  const stubBuild: ActionRunner = {
    async run() {
      return {
        status: 'Succeeded',
        artifacts: { BuildOutput: options.buildOutput() },
      };
    },
  };
  const blueGreen = codeDeployBlueGreen({
    upstream,
    clock,
    minuteMs: options.minuteMs,
  });
  return startLocalWorldServer({
    upstream,
    clock,
    interceptors: blueGreen.interceptors,
    runners: {
      byProvider: {
        'Source/AWS/CodeStarSourceConnection': codeStarSourceRunner(),
        'Build/AWS/CodeBuild': stubBuild,
        ...blueGreen.runners,
      },
    },
  });
}

/**
 * `until(check, stepMs?)`: moves `clock` in small steps, letting calls to
 * moto happen in real time, until `check` passes; what it returns.
 */
export function fakeTimeUntil(clock: FakeClock) {
  return async function until<T>(
    check: () => Promise<T>,
    stepMs = 100,
    limit = 3000,
  ): Promise<T> {
    let lastError: unknown;
    for (let i = 0; i < limit; i++) {
      try {
        return await check();
      } catch (error) {
        lastError = error;
      }
      // Time stands still while nothing waits on it (a call to moto is under way).
      if (clock.pending > 0) await clock.advance(stepMs);
      await new Promise(resolve => setTimeout(resolve, 2));
    }
    throw lastError;
  };
}

/** The latest execution of the Deploy-dev stage's action in `pipeline`. */
export async function deployDevExecution(
  codepipeline: CodePipelineClient,
  pipeline: string,
) {
  const state = await codepipeline.send(
    new GetPipelineStateCommand({ name: pipeline }),
  );
  return state.stageStates?.find(s => s.stageName === 'Deploy-dev')
    ?.actionStates?.[0]?.latestExecution;
}

/** A JSON 1.1 call through the local world (in `where`, else the default account's REGION), failing the test on an error answer. */
export async function aws(
  endpoint: string,
  service: 'ecs' | 'ecr' | 'codedeploy',
  operation: string,
  body: object,
  where: Where = REGION,
): Promise<any> {
  const call = { ecs: ecsCall, ecr: ecrCall, codedeploy: codeDeployCall }[
    service
  ];
  return call(endpoint, where, operation, body);
}

/** An image pushed to the emulated ECR, as the CodeBuild runner's `docker push` does. */
export async function pushImage(endpoint: string, tag: string) {
  await registerEcrImage(endpoint, REGION, 'checkout', tag);
}

/**
 * What slipway:ecs:create-service and slipway:codedeploy:create-blue-green
 * leave for one environment: a CODE_DEPLOY service running `initialImage`,
 * the application and its ECS blue/green deployment group (in `where`, else
 * the default account's REGION).
 */
export async function blueGreenService(
  endpoint: string,
  name: string,
  options: {
    deploymentConfigName: string;
    terminationWaitMinutes?: number;
    where?: Where;
  },
) {
  const where = options.where ?? REGION;
  const account = placeOf(where).accountId;
  const call = (
    service: 'ecs' | 'codedeploy',
    operation: string,
    body: object,
  ) => aws(endpoint, service, operation, body, where);
  await call('ecs', 'CreateCluster', { clusterName: 'dev' });
  const { taskDefinition } = await call('ecs', 'RegisterTaskDefinition', {
    family: `${name}-dev`,
    containerDefinitions: [
      { name, image: `${REPOSITORY_URI}:initial`, essential: true },
    ],
    requiresCompatibilities: ['FARGATE'],
    cpu: '256',
    memory: '512',
  });
  const { service } = await call('ecs', 'CreateService', {
    cluster: 'dev',
    serviceName: name,
    taskDefinition: taskDefinition.taskDefinitionArn,
    desiredCount: 2,
    launchType: 'FARGATE',
    deploymentController: { type: 'CODE_DEPLOY' },
  });
  const application = `AppECS-dev-${name}`;
  const deploymentGroup = `DgpECS-dev-${name}`;
  await call('codedeploy', 'CreateApplication', {
    applicationName: application,
    computePlatform: 'ECS',
  });
  await call('codedeploy', 'CreateDeploymentGroup', {
    applicationName: application,
    deploymentGroupName: deploymentGroup,
    serviceRoleArn: `arn:aws:iam::${account}:role/codedeploy`,
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
              `arn:aws:elasticloadbalancing:${REGION}:${account}:listener/app/lb/1/2`,
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

/**
 * Source → Build (a stub giving the artifact folder) → Deploy-dev with
 * CodeDeployToECS, as Slipway's pipelineDefinition writes it; with
 * `deployRoleArn`, the deploy acts in that role's account.
 */
export function blueGreenPipeline(
  name: string,
  application: string,
  deploymentGroup: string,
  deployRoleArn?: string,
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
      sourceStage({ repository: `acme/${name}`, region: REGION }),
      buildStage(`${name}-build`),
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
            ...(deployRoleArn && { roleArn: deployRoleArn }),
            runOrder: 1,
          },
        ],
      },
    ],
  };
}
