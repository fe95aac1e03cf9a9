import type { LoggerService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import type { z as zod } from 'zod/v3';
import type { AwsTarget } from '../aws/clients';
import { slipwayTags, TagMap } from '../aws/tags';
import { readEnvironment, SlipwayEnvironment } from '../config/environments';
import { readExtraTags } from '../config/extraTags';
import type { SlipwayActionDeps } from './deps';

/** The inputs every Slipway action starts with. */
export const componentInputs = (z: typeof zod) => ({
  component: z
    .string()
    .min(1)
    .describe(
      'Name of the component the resources belong to; tagged as slipway:component.',
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
      'Name of the slipway.environments entry (account, region, shared infrastructure) to provision in.',
    ),
});

export const planOutput = (z: typeof zod) =>
  z
    .array(z.string())
    .optional()
    .describe('Dry run only: what a real run would do.');

/** Where an action works and how it tags, resolved from its inputs and config. */
export interface ActionScope {
  environment: SlipwayEnvironment;
  target: AwsTarget;
  /** "in account 123456789012 (eu-west-1)" */
  where: string;
  tags: TagMap;
}

export function resolveScope(
  deps: SlipwayActionDeps,
  input: { component: string; owner: string; environment: string },
): ActionScope {
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(input.component)) {
    throw new InputError(
      `component must be letters, digits, - and _ (it names AWS resources), got '${input.component}'`,
    );
  }
  const environment = readEnvironment(deps.config, input.environment);
  const target: AwsTarget = {
    accountId: environment.accountId,
    region: environment.region,
  };
  return {
    environment,
    target,
    where: `in account ${target.accountId} (${target.region})`,
    tags: slipwayTags({
      component: input.component,
      owner: input.owner,
      environment: environment.name,
      extraTags: readExtraTags(deps.config),
    }),
  };
}

/**
 * Reads the environments a pipeline deploys to. Cross-account delivery needs
 * roles in every account and a KMS-encrypted artifact bucket shared between
 * them, which Slipway does not set up: all must share the home account.
 */
export function readDeployEnvironments(
  deps: SlipwayActionDeps,
  home: SlipwayEnvironment,
  names: string[] | undefined,
): SlipwayEnvironment[] {
  const environments = (names?.length ? names : [home.name]).map(name =>
    name === home.name ? home : readEnvironment(deps.config, name),
  );
  const foreign = environments.filter(e => e.accountId !== home.accountId);
  if (foreign.length) {
    throw new InputError(
      `All environments of one pipeline must be in the account of '${
        home.name
      }' (${home.accountId}); ${foreign
        .map(e => `'${e.name}' is in ${e.accountId}`)
        .join(
          ', ',
        )}. Cross-account pipelines are not supported: use one pipeline per account.`,
    );
  }
  return environments;
}

/** Logs a dry run's plan and returns it for the `plan` output. */
export function logPlan(logger: LoggerService, plan: string[]): string[] {
  plan.forEach(line => logger.info(`[dry run] ${line}`));
  return plan;
}
