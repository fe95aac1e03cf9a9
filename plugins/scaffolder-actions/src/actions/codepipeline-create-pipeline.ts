import { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { z as zod } from 'zod/v3';
import { Pipelines } from '../aws/codepipeline';
import {
  componentTagDifference,
  describeTags,
  reportExisting,
  settingDifference,
} from '../aws/lookBeforeCreate';
import { consoleUrls, regionalArn } from '../aws/resourceLocations';
import { codeBuildProjectName } from '../names';
import { pipelineDefinition, PipelineRequest } from '../pipelineDefinition';
import {
  componentInputs,
  logPlan,
  planOutput,
  readDeployEnvironments,
  resolveScope,
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
      .min(1)
      .describe(
        'ARN of the CodePipeline service role, e.g. ${{ steps.roles.output.codePipelineRoleArn }}.',
      ),
    repositoryId: z
      .string()
      .min(3)
      .describe(
        'Source repository as owner/name (FullRepositoryId), reached through the environment’s connection.',
      ),
    branch: z
      .string()
      .min(1)
      .optional()
      .describe('Branch whose pushes start the pipeline. Default main.'),
    deployEnvironments: z
      .array(z.string().min(1))
      .optional()
      .describe(
        'Environments to deploy to, in order, each in its own stage. Default: the environment itself. All must be in its account.',
      ),
    approvalBefore: z
      .array(z.string().min(1))
      .optional()
      .describe(
        'Environments whose deploy stage waits for a manual approval, e.g. [prod].',
      ),
    deploymentStrategy: z
      .enum(['rolling', 'blue-green'])
      .optional()
      .describe(
        'rolling: ECS deploy with imagedefinitions.json; blue-green: CodeDeployToECS with taskdef.json, appspec.yaml and imageDetail.json. Default rolling.',
      ),
    serviceName: z
      .string()
      .optional()
      .describe(
        'ECS service name in every environment. Defaults to the component name.',
      ),
    buildProjectName: z
      .string()
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
      .regex(/^[A-Za-z0-9.@_-]{1,100}$/)
      .optional()
      .describe('Pipeline name. Defaults to the component name.'),
  });

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
      'Creates (or reuses) a V2 CodePipeline: CodeStar-connection source with a push trigger, CodeBuild, then per environment an optional manual approval and an ECS or CodeDeploy blue/green deploy.',
    examples,
    supportsDryRun: true,
    schema: {
      input: codepipelineCreatePipelineInputSchema,
      output: outputSchema,
    },
    async handler(ctx) {
      const input = ctx.input;
      const scope = resolveScope(deps, input);
      const { target, where, environment } = scope;
      const deployTo = readDeployEnvironments(
        deps,
        environment,
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
      if (!/^[^/\s]+\/[^/\s]+$/.test(input.repositoryId)) {
        throw new InputError(
          `repositoryId must be owner/repository, got '${input.repositoryId}'`,
        );
      }
      const request: PipelineRequest = {
        name: input.pipelineName ?? input.component,
        component: input.component,
        roleArn: input.roleArn,
        executionMode: input.executionMode ?? 'QUEUED',
        home: environment,
        repositoryId: input.repositoryId,
        branch: input.branch ?? 'main',
        buildProjectName:
          input.buildProjectName ?? codeBuildProjectName(input.component),
        strategy: input.deploymentStrategy ?? 'rolling',
        serviceName: input.serviceName ?? input.component,
        deployTo,
        approvalBefore: input.approvalBefore ?? [],
      };
      const definition = pipelineDefinition(request);
      const stages = (definition.stages ?? []).map(s => s.name!);
      const arn = regionalArn(target, 'codepipeline', request.name);
      ctx.output('pipelineName', request.name);
      ctx.output('pipelineArn', arn);
      ctx.output('consoleUrl', consoleUrls.pipeline(target, request.name));
      ctx.output('stages', stages);

      if (ctx.isDryRun) {
        ctx.output(
          'plan',
          logPlan(ctx.logger, [
            `Create the V2 pipeline '${request.name}' ${where} (${request.executionMode}), or reuse it; role ${request.roleArn}`,
            `Source: ${request.repositoryId}@${request.branch} through ${environment.connectionArn}, started by pushes to ${request.branch}`,
            `Stages: ${stages.join(' → ')} (${
              request.strategy === 'rolling'
                ? 'ECS rolling deploys'
                : 'CodeDeploy blue/green deploys'
            })`,
            `Artifacts: ${[
              ...new Set(
                [environment, ...deployTo].map(
                  e => `s3://${e.artifactBucket} (${e.region})`,
                ),
              ),
            ].join(', ')}`,
            `Tags: ${describeTags(scope.tags)}`,
          ]),
        );
        ctx.output('created', false);
        return;
      }

      const pipelines = new Pipelines(
        await deps.clients.get(CodePipelineClient, target),
        target,
      );
      const result = await ctx.checkpoint({
        key: `codepipeline.${target.accountId}.${target.region}.${request.name}`,
        fn: async () => {
          const existing = await pipelines.find(request.name);
          if (existing) {
            reportExisting(
              ctx.logger,
              `the pipeline '${request.name}'`,
              where,
              [
                ...settingDifference(
                  'its type is',
                  existing.pipelineType,
                  'V2',
                ),
                ...settingDifference(
                  'its role is',
                  existing.roleArn,
                  request.roleArn,
                ),
                ...settingDifference(
                  'its stages are',
                  existing.stageNames.join(', '),
                  stages.join(', '),
                ),
                ...componentTagDifference(
                  await pipelines.tags(arn),
                  scope.subject,
                ),
              ],
              'edit it in the CodePipeline console or choose another pipelineName',
            );
            return { created: false };
          }
          await pipelines.create(definition, scope.tags);
          ctx.logger.info(
            `Created the pipeline '${request.name}' ${where}: ${stages.join(
              ' → ',
            )}`,
          );
          return { created: true };
        },
      });
      ctx.output('created', result.created);
    },
  });
}
