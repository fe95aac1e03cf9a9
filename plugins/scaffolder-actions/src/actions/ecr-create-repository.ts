import { ECRClient } from '@aws-sdk/client-ecr';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { z as zod } from 'zod/v3';
import type { AwsTarget } from '../aws/clients';
import { EcrRepositories } from '../aws/ecr';
import {
  ensureEcrRepository,
  RequestedRepository,
} from '../aws/ensureEcrRepository';
import {
  ecrRepositoryArn,
  ecrRepositoryConsoleUrl,
  ecrRepositoryUri,
} from '../aws/resourceLocations';
import { componentRef, slipwayTags, TagMap } from '../aws/tags';
import { readEnvironment } from '../config/environments';
import { readExtraTags } from '../config/extraTags';
import type { SlipwayActionDeps } from './deps';
import { examples } from './ecr-create-repository.examples';

export const ECR_CREATE_REPOSITORY_ACTION_ID = 'slipway:ecr:create-repository';

const DEFAULT_KEEP_IMAGES = 30;
const DEFAULT_IMAGE_TAG_MUTABILITY = 'IMMUTABLE';
const ECR_REPOSITORY_NAME =
  /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

/** The action's input schema (exported so that its examples can be checked against it). */
export const ecrCreateRepositoryInputSchema = (z: typeof zod) =>
  z.object({
    component: z
      .string()
      .min(1)
      .describe(
        'Name of the component the repository holds images for; tagged as slipway:component.',
      ),
    owner: z
      .string()
      .min(1)
      .describe(
        'Owner of the component, for example group:default/payments; tagged as slipway:owner.',
      ),
    environment: z
      .string()
      .min(1)
      .describe(
        'Name of the slipway.environments entry whose account and region receive the repository.',
      ),
    repositoryName: z
      .string()
      .min(2)
      .max(256)
      .regex(ECR_REPOSITORY_NAME, {
        message:
          'must be lower case letters, digits and . _ - separators, optionally with / namespaces',
      })
      .optional()
      .describe(
        'ECR repository name. Defaults to the component name in lower case.',
      ),
    keepImages: z
      .number()
      .int()
      .min(1)
      .max(10000)
      .optional()
      .describe(
        `How many of the newest images the lifecycle policy keeps; older ones expire. Default ${DEFAULT_KEEP_IMAGES}.`,
      ),
    imageTagMutability: z
      .enum(['IMMUTABLE', 'MUTABLE'])
      .optional()
      .describe(
        `Whether a pushed tag can later point at another image. Default ${DEFAULT_IMAGE_TAG_MUTABILITY}.`,
      ),
    scanOnPush: z
      .boolean()
      .optional()
      .describe('Scan every pushed image for vulnerabilities. Default true.'),
  });

const ecrCreateRepositoryOutputSchema = (z: typeof zod) =>
  z.object({
    repositoryName: z.string().describe('Name of the ECR repository.'),
    repositoryArn: z.string().describe('ARN of the ECR repository.'),
    repositoryUri: z
      .string()
      .describe(
        'URI to push images to: <account>.dkr.ecr.<region>.amazonaws.com/<name>.',
      ),
    consoleUrl: z
      .string()
      .describe('Link to the repository in the AWS console.'),
    created: z
      .boolean()
      .describe(
        'True when this task created the repository; false when it already existed (or on a dry run).',
      ),
    plan: z
      .array(z.string())
      .optional()
      .describe('Dry run only: what a real run would do.'),
  });

type EcrCreateRepositoryInput = zod.infer<
  ReturnType<typeof ecrCreateRepositoryInputSchema>
>;

function resolveRequest(
  input: EcrCreateRepositoryInput,
  extraTags: TagMap,
): RequestedRepository {
  return {
    name: input.repositoryName ?? input.component.toLowerCase(),
    imageTagMutability:
      input.imageTagMutability ?? DEFAULT_IMAGE_TAG_MUTABILITY,
    scanOnPush: input.scanOnPush ?? true,
    keepImages: input.keepImages ?? DEFAULT_KEEP_IMAGES,
    subject: { component: componentRef('default', input.component), owner: input.owner },
    // An image repository serves every environment, so it gets no environment tag.
    tags: slipwayTags({
      component: componentRef('default', input.component),
      owner: input.owner,
      extraTags,
    }),
  };
}

function describePlan(
  request: RequestedRepository,
  target: AwsTarget,
): string[] {
  const tags = Object.entries(request.tags).map(([k, v]) => `${k}=${v}`);
  return [
    `Create the ECR repository '${request.name}' in account ${target.accountId} (${target.region}), or reuse it if it already exists`,
    `Image tags ${request.imageTagMutability}, scan on push ${
      request.scanOnPush ? 'on' : 'off'
    }`,
    `Lifecycle policy: keep the last ${request.keepImages} images`,
    `Tags: ${tags.join(', ')}`,
  ];
}

/**
 * `slipway:ecr:create-repository`: a private ECR repository with immutable
 * tags, scan on push and a lifecycle policy, tagged for its component.
 */
export function createEcrCreateRepositoryAction(deps: SlipwayActionDeps) {
  return createTemplateAction({
    id: ECR_CREATE_REPOSITORY_ACTION_ID,
    description:
      'Creates (or reuses) a private ECR repository for a component: immutable tags, scan on push, a lifecycle policy and Slipway tags.',
    examples,
    supportsDryRun: true,
    schema: {
      input: ecrCreateRepositoryInputSchema,
      output: ecrCreateRepositoryOutputSchema,
    },
    async handler(ctx) {
      const environment = readEnvironment(deps.config, ctx.input.environment);
      const target: AwsTarget = environment;
      const request = resolveRequest(ctx.input, readExtraTags(deps.config));
      const where = `in account ${target.accountId} (${target.region})`;

      ctx.output('repositoryName', request.name);
      ctx.output('consoleUrl', ecrRepositoryConsoleUrl(target, request.name));

      if (ctx.isDryRun) {
        const plan = describePlan(request, target);
        plan.forEach(line => ctx.logger.info(`[dry run] ${line}`));
        ctx.output('repositoryArn', ecrRepositoryArn(target, request.name));
        ctx.output('repositoryUri', ecrRepositoryUri(target, request.name));
        ctx.output('created', false);
        ctx.output('plan', plan);
        return;
      }

      const repositories = new EcrRepositories(
        await deps.clients.get(ECRClient, target),
        target,
      );
      const result = await ctx.checkpoint({
        key: `ecr-repository.${target.accountId}.${target.region}.${request.name}`,
        fn: async () => {
          const { repository, created } = await ensureEcrRepository(
            repositories,
            request,
            ctx.logger,
            where,
          );
          return { arn: repository.arn, uri: repository.uri, created };
        },
      });

      ctx.output('repositoryArn', result.arn);
      ctx.output('repositoryUri', result.uri);
      ctx.output('created', result.created);
    },
  });
}
