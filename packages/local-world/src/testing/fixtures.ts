import type {
  ActionDeclaration,
  PipelineDeclaration,
  StageDeclaration,
} from '@aws-sdk/client-codepipeline';
import { FakeClock } from '../pipelines/clock';
import { PipelineEngine } from '../pipelines/engine';
import type { PipelineDefinition } from '../pipelines/model';
import {
  codeStarSourceRunner,
  delayRunner,
  manualApprovalRunner,
  type ActionRunner,
} from '../pipelines/runners';

export const BUILD_MS = 60_000;
export const DEPLOY_MS = 30_000;

/** The Source stage of Slipway's pipelines: a CodeStar connection watching `repository` at `branch`. */
export function sourceStage(options: {
  repository: string;
  branch?: string;
  region?: string;
  extra?: Partial<ActionDeclaration>;
}): StageDeclaration {
  return {
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
          ConnectionArn: `arn:aws:codeconnections:${
            options.region ?? 'us-east-1'
          }:123456789012:connection/local`,
          FullRepositoryId: options.repository,
          BranchName: options.branch ?? 'main',
        },
        outputArtifacts: [{ name: 'SourceOutput' }],
        runOrder: 1,
        ...options.extra,
      },
    ],
  };
}

/** The Build stage: CodeBuild project `projectName`, SourceOutput in, BuildOutput out. */
export function buildStage(
  projectName: string,
  configuration: Record<string, string> = {},
): StageDeclaration {
  return {
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
        configuration: { ProjectName: projectName, ...configuration },
        inputArtifacts: [{ name: 'SourceOutput' }],
        outputArtifacts: [{ name: 'BuildOutput' }],
        runOrder: 1,
      },
    ],
  };
}

/** An ECS (rolling update) deploy action named Deploy with `configuration` (ClusterName, ServiceName…), BuildOutput in; `extra` adds or replaces fields. */
export function ecsDeployAction(
  configuration: Record<string, string>,
  extra: Partial<ActionDeclaration> = {},
): ActionDeclaration {
  return {
    name: 'Deploy',
    actionTypeId: {
      category: 'Deploy',
      owner: 'AWS',
      provider: 'ECS',
      version: '1',
    },
    configuration,
    inputArtifacts: [{ name: 'BuildOutput' }],
    runOrder: 1,
    ...extra,
  };
}

/** What the Slipway templates generate: source, build, a gated prod deploy. */
export const flaskServicePipeline: PipelineDeclaration = {
  name: 'flask-service',
  roleArn: 'arn:aws:iam::123456789012:role/pipeline',
  artifactStore: { type: 'S3', location: 'flask-service-artifacts' },
  pipelineType: 'V2',
  executionMode: 'SUPERSEDED',
  version: 3,
  variables: [{ name: 'DeployReason', defaultValue: 'push' }],
  stages: [
    sourceStage({
      repository: 'acme/flask-service',
      extra: { namespace: 'SourceVariables' },
    }),
    buildStage('flask-service-build', {
      EnvironmentVariables:
        '[{"name":"COMMIT","value":"#{SourceVariables.CommitId}"}]',
    }),
    {
      name: 'Prod',
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
        },
        ecsDeployAction(
          {
            ClusterName: 'prod',
            ServiceName: 'flask-service',
            FileName: 'imagedefinitions.json',
          },
          { runOrder: 2 },
        ),
      ],
    },
  ],
};

export const flaskServiceDefinition: PipelineDefinition = {
  pipeline: flaskServicePipeline,
  metadata: {
    pipelineArn: 'arn:aws:codepipeline:us-east-1:123456789012:flask-service',
    created: new Date('2025-12-01T00:00:00Z'),
    updated: new Date('2025-12-01T00:00:00Z'),
  },
};

/** An engine over the Flask pipeline with a fake clock; `build` and `deploy` replace the CodeBuild and ECS runners. */
export function flaskWorld(
  options: { build?: ActionRunner; deploy?: ActionRunner } = {},
) {
  const clock = new FakeClock('2026-01-01T09:00:00Z');
  const definitions = new Map([['flask-service', flaskServiceDefinition]]);
  const engine = new PipelineEngine({
    clock,
    definitions: async name => definitions.get(name),
    runners: {
      byProvider: {
        'Source/AWS/CodeStarSourceConnection': codeStarSourceRunner(),
        'Approval/AWS/Manual': manualApprovalRunner,
        CodeBuild: options.build ?? delayRunner(BUILD_MS, 'Build succeeded'),
        ECS: options.deploy ?? delayRunner(DEPLOY_MS),
      },
      fallback: delayRunner(DEPLOY_MS),
    },
  });
  return { clock, engine, definitions };
}
