import { ECRClient } from '@aws-sdk/client-ecr';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { z as zod } from 'zod/v3';
import { EcrRepositories } from '../aws/ecr';
import {
  ensureEcrRepository,
  planEcrRepository,
  repositoryTags,
  RequestedRepository,
} from '../aws/ensureEcrRepository';
import {
  ecrRepositoryArn,
  ecrRepositoryConsoleUrl,
  ecrRepositoryUri,
} from '../aws/resourceLocations';
import {
  componentInputs,
  planOutput,
  provision,
  resolveScope,
  validateInputs,
} from './common';
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
    ...componentInputs(z),
    repositoryName: z
      .string()
      .min(2)
      .max(256)
      .regex(ECR_REPOSITORY_NAME, {
        message:
          'must be lower case letters, digits and . _ - separators, optionally with / namespaces',
      })
      .optional()
      .describe('ECR repository name. Defaults to the component name.'),
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
    plan: planOutput(z),
  });

type EcrCreateRepositoryInput = zod.infer<
  ReturnType<typeof ecrCreateRepositoryInputSchema>
>;

function requestedRepository(
  input: EcrCreateRepositoryInput,
): RequestedRepository {
  return {
    name: input.repositoryName ?? input.component,
    imageTagMutability:
      input.imageTagMutability ?? DEFAULT_IMAGE_TAG_MUTABILITY,
    scanOnPush: input.scanOnPush ?? true,
    keepImages: input.keepImages ?? DEFAULT_KEEP_IMAGES,
  };
}

/**
 * `slipway:ecr:create-repository`: a private ECR repository with immutable
 * tags, scan on push and a lifecycle policy, tagged for its component.
 */
export function createEcrCreateRepositoryAction(deps: SlipwayActionDeps) {
  return createTemplateAction({
    id: ECR_CREATE_REPOSITORY_ACTION_ID,
    description:
      "Creates (or reuses, when it is the component's own) a private ECR repository: immutable tags, scan on push, a lifecycle policy and Slipway tags.",
    examples,
    supportsDryRun: true,
    schema: {
      input: ecrCreateRepositoryInputSchema,
      output: ecrCreateRepositoryOutputSchema,
    },
    async handler(ctx) {
      // Every input checked before any AWS call, whoever called the action.
      const input = validateInputs(ecrCreateRepositoryInputSchema, ctx.input);
      const scope = resolveScope(deps, input, ctx.task.id);
      const { target } = scope;
      const request = requestedRepository(input);
      const run = { ...scope, tags: repositoryTags(scope.tags) };

      ctx.output('repositoryName', request.name);
      ctx.output('consoleUrl', ecrRepositoryConsoleUrl(target, request.name));

      const result = await provision(ctx, {
        key: `ecr-repository.${target.accountId}.${target.region}.${request.name}`,
        plan: () => planEcrRepository(request, run),
        apply: async rollback => {
          const repositories = new EcrRepositories(
            await deps.clients.get(ECRClient, target),
            target,
          );
          const { repository, created } = await ensureEcrRepository(
            repositories,
            request,
            { ...run, logger: ctx.logger, rollback },
          );
          return { arn: repository.arn, uri: repository.uri, created };
        },
      });

      ctx.output(
        'repositoryArn',
        result?.arn ?? ecrRepositoryArn(target, request.name),
      );
      ctx.output(
        'repositoryUri',
        result?.uri ?? ecrRepositoryUri(target, request.name),
      );
      ctx.output('created', result?.created ?? false);
    },
  });
}
