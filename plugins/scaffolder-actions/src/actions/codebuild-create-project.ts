import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { CodeBuildClient } from '@aws-sdk/client-codebuild';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { z as zod } from 'zod/v3';
import { BuildProjectSettings, CodeBuildProjects } from '../aws/codebuild';
import {
  ensureBuildProject,
  planBuildProject,
} from '../aws/ensureCodeBuildProject';
import { ensureLogGroup, LogGroups } from '../aws/logs';
import { consoleUrls, regionalArn } from '../aws/resourceLocations';
import { readBaseImage } from '../config/environments';
import { codeBuildLogGroup, codeBuildProjectName } from '../names';
import {
  ActionScope,
  componentInputs,
  planOutput,
  provision,
  resolveScope,
  validateInputs,
} from './common';
import { examples } from './codebuild-create-project.examples';
import type { SlipwayActionDeps } from './deps';

export const CODEBUILD_CREATE_PROJECT_ACTION_ID =
  'slipway:codebuild:create-project';

/** The standard Ubuntu build image: Docker, Python and the AWS CLI. */
export const BUILD_IMAGE = 'aws/codebuild/standard:7.0';

export const codebuildCreateProjectInputSchema = (z: typeof zod) =>
  z.object({
    ...componentInputs(z),
    serviceRoleArn: z
      .string()
      .min(1)
      .max(2048)
      .describe(
        'ARN of the CodeBuild service role, e.g. ${{ steps.roles.output.codeBuildRoleArn }}.',
      ),
    repositoryUri: z
      .string()
      .min(1)
      .max(2048)
      .describe(
        'URI of the ECR repository the build pushes to; set as REPOSITORY_URI.',
      ),
    containerName: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,254}$/, {
        message: 'must be 1–255 letters, digits, - and _',
      })
      .optional()
      .describe(
        'Name of the container in the task definition; set as CONTAINER_NAME. Defaults to the component name.',
      ),
    deployStrategy: z
      .enum(['rolling', 'blue-green'])
      .optional()
      .describe(
        'How the pipeline deploys; set as DEPLOY_STRATEGY so the buildspec writes imagedefinitions.json or imageDetail.json. Default rolling.',
      ),
    projectName: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{1,254}$/, {
        message: 'must be 2–255 letters, digits, - and _',
      })
      .optional()
      .describe('CodeBuild project name. Defaults to <component>-build.'),
    buildspec: z
      .string()
      .min(1)
      .max(1024)
      .optional()
      .describe(
        'Path of the buildspec in the repository. Default buildspec.yml.',
      ),
    computeType: z
      .enum([
        'BUILD_GENERAL1_SMALL',
        'BUILD_GENERAL1_MEDIUM',
        'BUILD_GENERAL1_LARGE',
      ])
      .optional()
      .describe('Build machine size. Default BUILD_GENERAL1_SMALL.'),
    timeoutInMinutes: z
      .number()
      .int()
      .min(5)
      .max(480)
      .optional()
      .describe('Build timeout in minutes. Default 30.'),
    logRetentionDays: z
      .union([
        z.literal(1),
        z.literal(3),
        z.literal(7),
        z.literal(14),
        z.literal(30),
        z.literal(60),
        z.literal(90),
        z.literal(180),
        z.literal(365),
      ])
      .optional()
      .describe(
        'Days the build log group keeps logs (1, 3, 7, 14, 30, 60, 90, 180 or 365). Default 30.',
      ),
  });

const outputSchema = (z: typeof zod) =>
  z.object({
    projectName: z.string().describe('Name of the CodeBuild project.'),
    projectArn: z.string().describe('ARN of the CodeBuild project.'),
    consoleUrl: z
      .string()
      .describe('Link to the project in the CodeBuild console.'),
    logGroupName: z
      .string()
      .describe('CloudWatch log group the builds write to.'),
    logGroupConsoleUrl: z
      .string()
      .describe('Link to the build log group in the CloudWatch console.'),
    created: z
      .boolean()
      .describe(
        'True when this task created the project; false when it existed (or on a dry run).',
      ),
    plan: planOutput(z),
  });

type CodebuildCreateProjectInput = zod.infer<
  ReturnType<typeof codebuildCreateProjectInputSchema>
>;

/** The project this task asks for, with every default applied. */
function requestedProject(
  input: CodebuildCreateProjectInput,
  { target }: ActionScope,
  baseImage: string,
): BuildProjectSettings {
  return {
    name: input.projectName ?? codeBuildProjectName(input.component),
    description: `Slipway: builds and pushes the image of ${input.component}`,
    serviceRoleArn: input.serviceRoleArn,
    image: BUILD_IMAGE,
    computeType: input.computeType ?? 'BUILD_GENERAL1_SMALL',
    privilegedMode: true,
    buildspec: input.buildspec ?? 'buildspec.yml',
    timeoutInMinutes: input.timeoutInMinutes ?? 30,
    logGroupName: codeBuildLogGroup(input.component),
    environmentVariables: {
      AWS_ACCOUNT_ID: target.accountId,
      AWS_REGION: target.region,
      AWS_DEFAULT_REGION: target.region,
      REPOSITORY_URI: input.repositoryUri,
      CONTAINER_NAME: input.containerName ?? input.component,
      DEPLOY_STRATEGY: input.deployStrategy ?? 'rolling',
      // The Dockerfile's FROM: a registry without Docker Hub's anonymous pull limits.
      BASE_IMAGE: baseImage,
    },
  };
}

/**
 * `slipway:codebuild:create-project`: the pipeline's privileged Docker build,
 * with its CloudWatch log group.
 */
export function createCodebuildCreateProjectAction(deps: SlipwayActionDeps) {
  return createTemplateAction({
    id: CODEBUILD_CREATE_PROJECT_ACTION_ID,
    description:
      "Creates (or reuses, when it is the component's own) the CodeBuild project a pipeline builds the image with: privileged Docker on aws/codebuild/standard:7.0, CodePipeline source and artifacts, BASE_IMAGE from slipway.build.baseImage, a log group with retention.",
    examples,
    supportsDryRun: true,
    schema: { input: codebuildCreateProjectInputSchema, output: outputSchema },
    async handler(ctx) {
      // Every input checked before any AWS call, whoever called the action.
      const input = validateInputs(
        codebuildCreateProjectInputSchema,
        ctx.input,
      );
      const scope = resolveScope(deps, input, ctx.task.id);
      const { target, where } = scope;
      const settings = requestedProject(
        input,
        scope,
        readBaseImage(deps.config),
      );
      const retentionInDays = input.logRetentionDays ?? 30;
      const logGroup = settings.logGroupName;
      const projectArn = regionalArn(
        target,
        'codebuild',
        `project/${settings.name}`,
      );
      ctx.output('projectName', settings.name);
      ctx.output(
        'consoleUrl',
        consoleUrls.codeBuildProject(target, settings.name),
      );
      ctx.output('logGroupName', logGroup);
      ctx.output('logGroupConsoleUrl', consoleUrls.logGroup(target, logGroup));

      const result = await provision(ctx, {
        key: `codebuild-project.${target.accountId}.${target.region}.${settings.name}`,
        plan: () => [
          `Create the log group '${logGroup}' ${where} (retention ${retentionInDays} days), or reuse it`,
          ...planBuildProject(settings, scope),
        ],
        apply: async rollback => {
          const logGroups = new LogGroups(
            await deps.clients.get(CloudWatchLogsClient, target),
            target,
          );
          await ensureLogGroup(
            logGroups,
            { name: logGroup, retentionInDays },
            { ...scope, logger: ctx.logger, rollback },
          );
          const projects = new CodeBuildProjects(
            await deps.clients.get(CodeBuildClient, target),
            target,
          );
          const project = await ensureBuildProject(projects, settings, {
            ...scope,
            logger: ctx.logger,
            rollback,
          });
          return { arn: project.arn || projectArn, created: project.created };
        },
      });
      ctx.output('projectArn', result?.arn ?? projectArn);
      ctx.output('created', result?.created ?? false);
    },
  });
}
