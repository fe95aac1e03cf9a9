import { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { z as zod } from 'zod/v3';
import { Pipelines } from '../aws/codepipeline';
import { ensurePipeline } from '../aws/ensurePipeline';
import { describeTags } from '../aws/lookBeforeCreate';
import { consoleUrls, regionalArn } from '../aws/resourceLocations';
import {
  artifactKeyPlan,
  designArtifactKeys,
  ensureArtifactKeys,
} from '../artifactKeys';
import type { SlipwayEnvironment } from '../config/environments';
import { deployRoleArn } from '../crossAccount';
import { codeBuildProjectName } from '../names';
import {
  pipelineDefinition,
  PipelineRequest,
  START_TASKS_ACTION,
} from '../pipelineDefinition';
import {
  ActionScope,
  componentInputs,
  environmentNameSchema,
  foreignEnvironments,
  planOutput,
  provision,
  readDeployEnvironments,
  resolveScope,
  validateInputs,
} from './common';
import { examples } from './codepipeline-create-pipeline.examples';
import type { SlipwayActionDeps } from './deps';

export const CODEPIPELINE_CREATE_PIPELINE_ACTION_ID =
  'slipway:codepipeline:create-pipeline';

export const codepipelineCreatePipelineInputSchema = (z: typeof zod) =>
  z.object({
    ...componentInputs(z),
    roleArn: z
      .string()
      .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/, {
        message: 'must be an IAM role ARN',
      })
      .describe(
        'ARN of the CodePipeline service role, e.g. ${{ steps.roles.output.codePipelineRoleArn }}.',
      ),
    repositoryId: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,100}\/[A-Za-z0-9_.-]{1,100}$/, {
        message: 'must be owner/repository',
      })
      .describe(
        'Source repository as owner/name (FullRepositoryId), reached through the environment’s connection.',
      ),
    branch: z
      .string()
      .regex(/^(?!-)[A-Za-z0-9._/-]{1,255}$/, {
        message: 'must be a branch name',
      })
      .optional()
      .describe('Branch whose pushes start the pipeline. Default main.'),
    deployEnvironments: z
      .array(environmentNameSchema(z))
      .optional()
      .describe(
        'Environments to deploy to, in order, each in its own stage. Default: the environment itself. A stage for an environment in another account assumes that account’s deploy role (slipway:iam:create-delivery-roles), and the artifacts are then encrypted with the component’s KMS key, which this action creates in the home account (one per artifact-store region). Rolling and blue/green alike: a CodeDeployToECS action deploys through the deploy role to the application and deployment group that slipway:codedeploy:create-blue-green created in that account.',
      ),
    approvalBefore: z
      .array(environmentNameSchema(z))
      .optional()
      .describe(
        'Environments whose deploy stage waits for a manual approval, e.g. [prod].',
      ),
    deploymentStrategy: z
      .enum(['rolling', 'blue-green'])
      .optional()
      .describe(
        'rolling: ECS deploy with imagedefinitions.json; blue-green: CodeDeployToECS with taskdef-<env>.json, appspec.yaml and imageDetail.json. Default rolling.',
      ),
    serviceName: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,254}$/, {
        message: 'must be an ECS service name',
      })
      .optional()
      .describe(
        'ECS service name in every environment. Defaults to the component name.',
      ),
    buildProjectName: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{1,254}$/, {
        message: 'must be a CodeBuild project name',
      })
      .optional()
      .describe(
        'CodeBuild project of the Build stage. Defaults to <component>-build.',
      ),
    executionMode: z
      .enum(['QUEUED', 'SUPERSEDED'])
      .optional()
      .describe(
        'QUEUED runs every push in order; SUPERSEDED lets a newer run overtake a waiting one. Default QUEUED.',
      ),
    pipelineName: z
      .string()
      .regex(/^[A-Za-z0-9.@_-]{1,100}$/, {
        message: 'must be a CodePipeline pipeline name',
      })
      .optional()
      .describe('Pipeline name. Defaults to the component name.'),
    desiredCount: z
      .number()
      .int()
      .min(1)
      .max(100)
      .optional()
      .describe(
        'Tasks each environment’s service runs once the pipeline first deploys there (its Start-tasks action scales a service at 0 to this). Default 1.',
      ),
  });

type Input = zod.infer<
  ReturnType<typeof codepipelineCreatePipelineInputSchema>
>;

const outputSchema = (z: typeof zod) =>
  z.object({
    pipelineName: z.string().describe('Name of the pipeline.'),
    pipelineArn: z
      .string()
      .describe(
        'ARN of the pipeline, for the aws.amazon.com/aws-codepipeline-arn annotation.',
      ),
    consoleUrl: z
      .string()
      .describe('Link to the pipeline in the CodePipeline console.'),
    stages: z
      .array(z.string())
      .describe(
        'Stage names in order, e.g. Source, Build, Deploy-dev, Approve-prod, Deploy-prod.',
      ),
    created: z
      .boolean()
      .describe(
        'True when this task created the pipeline; false when it existed (or on a dry run).',
      ),
    plan: planOutput(z),
  });

/** The pipeline this task asks for, with every default applied and cross-checked. */
function pipelineRequest(
  deps: SlipwayActionDeps,
  input: Input,
  scope: ActionScope,
): PipelineRequest {
  const deployTo = readDeployEnvironments(
    deps,
    scope.environment,
    input.deployEnvironments,
  );
  const unknownApprovals = (input.approvalBefore ?? []).filter(
    e => !deployTo.some(d => d.name === e),
  );
  if (unknownApprovals.length) {
    throw new InputError(
      `approvalBefore names ${unknownApprovals.join(
        ', ',
      )}, which the pipeline does not deploy to (${deployTo
        .map(d => d.name)
        .join(', ')})`,
    );
  }
  const strategy = input.deploymentStrategy ?? 'rolling';
  return {
    name: input.pipelineName ?? input.component,
    component: input.component,
    roleArn: input.roleArn,
    executionMode: input.executionMode ?? 'QUEUED',
    home: scope.environment,
    repositoryId: input.repositoryId,
    branch: input.branch ?? 'main',
    buildProjectName:
      input.buildProjectName ?? codeBuildProjectName(input.component),
    strategy,
    serviceName: input.serviceName ?? input.component,
    deployTo,
    approvalBefore: input.approvalBefore ?? [],
    desiredCount: input.desiredCount ?? 1,
    ...crossAccountSettings(input.component, scope, deployTo),
  };
}

/**
 * A pipeline that deploys to other accounts: each such stage (ECS or
 * CodeDeployToECS deploy, then Start-tasks) assumes that account's deploy
 * role. (Its artifact stores are encrypted with the keys of
 * artifactKeys.ts, known by ARN only once they exist.)
 */
function crossAccountSettings(
  component: string,
  scope: ActionScope,
  deployTo: SlipwayEnvironment[],
): Pick<PipelineRequest, 'deployRoleArns'> {
  const foreign = foreignEnvironments(scope.environment, deployTo);
  if (!foreign.length) return {};
  return {
    deployRoleArns: Object.fromEntries(
      foreign.map(e => [e.name, deployRoleArn(component, e)]),
    ),
  };
}

function planOf(
  request: PipelineRequest,
  stages: string[],
  scope: ActionScope,
  keyPlan: string[],
): string[] {
  const { environment, where } = scope;
  return [
    `Create the V2 pipeline '${request.name}' ${where} (${request.executionMode}), or reuse it; role ${request.roleArn}`,
    `Source: ${request.repositoryId}@${request.branch} through ${environment.connectionArn}, started by pushes to ${request.branch}`,
    `Stages: ${stages.join(' → ')} (${
      request.strategy === 'rolling'
        ? 'ECS rolling deploys'
        : 'CodeDeploy blue/green deploys of taskdef-<env>.json'
    })`,
    `Each Deploy stage deploys, then its ${START_TASKS_ACTION} action scales the service '${request.serviceName}' to ${request.desiredCount} task(s) if it runs none yet (the first deploy of its first image)`,
    `Artifacts: ${[
      ...new Set(
        [environment, ...request.deployTo].map(
          e => `s3://${e.artifactBucket} (${e.region})`,
        ),
      ),
    ].join(', ')}`,
    ...Object.entries(request.deployRoleArns ?? {}).map(
      ([env, role]) =>
        `Deploy-${env} runs in account ${
          role.split(':')[4]
        } through its deploy role ${role}`,
    ),
    ...keyPlan,
    `Tags: ${describeTags(scope.tags)}`,
  ];
}

/**
 * `slipway:codepipeline:create-pipeline`: V2 pipeline from the connection
 * source through the build to every environment in order.
 */
export function createCodepipelineCreatePipelineAction(
  deps: SlipwayActionDeps,
) {
  return createTemplateAction({
    id: CODEPIPELINE_CREATE_PIPELINE_ACTION_ID,
    description:
      'Creates (or reuses) a V2 CodePipeline: CodeStar-connection source with a push trigger, CodeBuild, then per environment an optional manual approval, an ECS or CodeDeploy blue/green deploy and a Start-tasks step that brings a new service to its desired count.',
    examples,
    supportsDryRun: true,
    schema: {
      input: codepipelineCreatePipelineInputSchema,
      output: outputSchema,
    },
    async handler(ctx) {
      const input = validateInputs(
        codepipelineCreatePipelineInputSchema,
        ctx.input,
      );
      const scope = resolveScope(deps, input, ctx.task.id);
      const { target } = scope;
      const request = pipelineRequest(deps, input, scope);
      const keys = designArtifactKeys(request, scope);
      const stages = (pipelineDefinition(request).stages ?? []).map(
        s => s.name!,
      );
      const arn = regionalArn(target, 'codepipeline', request.name);
      ctx.output('pipelineName', request.name);
      ctx.output('pipelineArn', arn);
      ctx.output('consoleUrl', consoleUrls.pipeline(target, request.name));
      ctx.output('stages', stages);

      const result = await provision(ctx, {
        key: `codepipeline.${target.accountId}.${target.region}.${request.name}`,
        plan: () =>
          planOf(request, stages, scope, artifactKeyPlan(request, keys)),
        apply: async rollback => {
          const run = { ...scope, logger: ctx.logger, rollback };
          // Before the pipeline: its artifact stores name the keys by ARN.
          const artifactKeyArns = keys.length
            ? await ensureArtifactKeys(deps.clients, run, keys)
            : undefined;
          const pipelines = new Pipelines(
            await deps.clients.get(CodePipelineClient, target),
            target,
          );
          const definition = pipelineDefinition({
            ...request,
            artifactKeyArns,
          });
          return ensurePipeline(run, pipelines, definition, arn);
        },
      });
      ctx.output('created', result?.created ?? false);
    },
  });
}
