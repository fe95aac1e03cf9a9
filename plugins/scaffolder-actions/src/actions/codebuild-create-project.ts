import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { CodeBuildClient } from '@aws-sdk/client-codebuild';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { z as zod } from 'zod/v3';
import { BuildProjectSettings, CodeBuildProjects } from '../aws/codebuild';
import { ensureLogGroup, LogGroups } from '../aws/logs';
import {
  componentTagDifference,
  describeTags,
  reportExisting,
  settingDifference,
  withRollback,
} from '../aws/lookBeforeCreate';
import { consoleUrls, regionalArn } from '../aws/resourceLocations';
import { codeBuildLogGroup, codeBuildProjectName } from '../names';
import { componentInputs, logPlan, planOutput, resolveScope } from './common';
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
      .describe(
        'ARN of the CodeBuild service role, e.g. ${{ steps.roles.output.codeBuildRoleArn }}.',
      ),
    repositoryUri: z
      .string()
      .min(1)
      .describe(
        'URI of the ECR repository the build pushes to; set as REPOSITORY_URI.',
      ),
    containerName: z
      .string()
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

/**
 * `slipway:codebuild:create-project`: the pipeline's privileged Docker build,
 * with its CloudWatch log group.
 */
export function createCodebuildCreateProjectAction(deps: SlipwayActionDeps) {
  return createTemplateAction({
    id: CODEBUILD_CREATE_PROJECT_ACTION_ID,
    description:
      'Creates (or reuses) the CodeBuild project a pipeline builds the image with: privileged Docker on aws/codebuild/standard:7.0, CodePipeline source and artifacts, a log group with retention.',
    examples,
    supportsDryRun: true,
    schema: { input: codebuildCreateProjectInputSchema, output: outputSchema },
    async handler(ctx) {
      const input = ctx.input;
      const scope = resolveScope(deps, input);
      const { target, where } = scope;
      const retentionInDays = input.logRetentionDays ?? 30;
      const settings: BuildProjectSettings = {
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
        },
      };
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
      ctx.output('logGroupName', settings.logGroupName);
      ctx.output(
        'logGroupConsoleUrl',
        consoleUrls.logGroup(target, settings.logGroupName),
      );

      if (ctx.isDryRun) {
        const variables = Object.entries(settings.environmentVariables).map(
          ([k, v]) => `${k}=${v}`,
        );
        ctx.output(
          'plan',
          logPlan(ctx.logger, [
            `Create the log group '${settings.logGroupName}' ${where} (retention ${retentionInDays} days), or reuse it`,
            `Create the CodeBuild project '${settings.name}' ${where}, or reuse it: ${BUILD_IMAGE}, ${settings.computeType}, privileged (Docker), CODEPIPELINE source and artifacts, buildspec ${settings.buildspec}, role ${settings.serviceRoleArn}`,
            `Environment variables: ${variables.join(', ')}`,
            `Tags: ${describeTags(scope.tags)}`,
          ]),
        );
        ctx.output('projectArn', projectArn);
        ctx.output('created', false);
        return;
      }

      const projects = new CodeBuildProjects(
        await deps.clients.get(CodeBuildClient, target),
        target,
      );
      const logGroups = new LogGroups(
        await deps.clients.get(CloudWatchLogsClient, target),
        target,
      );
      const result = await ctx.checkpoint({
        key: `codebuild-project.${target.accountId}.${target.region}.${settings.name}`,
        fn: () =>
          withRollback(ctx.logger, async rollback => {
            await ensureLogGroup(
              logGroups,
              {
                name: settings.logGroupName,
                retentionInDays,
                subject: scope.subject,
                tags: scope.tags,
              },
              ctx.logger,
              rollback,
              where,
            );
            const existing = await projects.find(settings.name);
            if (existing) {
              reportExisting(
                ctx.logger,
                `the CodeBuild project '${settings.name}'`,
                where,
                [
                  ...settingDifference(
                    'its image is',
                    existing.image,
                    settings.image,
                  ),
                  ...settingDifference(
                    'privileged mode is',
                    existing.privilegedMode,
                    true,
                  ),
                  ...settingDifference(
                    'its source type is',
                    existing.sourceType,
                    'CODEPIPELINE',
                  ),
                  ...settingDifference(
                    'its service role is',
                    existing.serviceRoleArn,
                    settings.serviceRoleArn,
                  ),
                  ...settingDifference(
                    'its environment variables are',
                    existing.environmentVariables,
                    settings.environmentVariables,
                  ),
                  ...componentTagDifference(existing.tags, scope.subject),
                ],
                'adjust it in the CodeBuild console or choose another projectName',
              );
              return { arn: existing.arn || projectArn, created: false };
            }
            const arn = await projects.create(settings, scope.tags);
            ctx.logger.info(
              `Created the CodeBuild project '${settings.name}' ${where}`,
            );
            return { arn: arn || projectArn, created: true };
          }),
      });
      ctx.output('projectArn', result.arn);
      ctx.output('created', result.created);
    },
  });
}
