import type { LoggerService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import type { JsonValue } from '@backstage/types';
import { z as zodV3 } from 'zod/v3';
import type { z as zod } from 'zod/v3';
import type { AwsTarget } from '../aws/clients';
import { Rollback, withRollback } from '../aws/lookBeforeCreate';
import { componentRef, Ownership, slipwayTags, TagMap } from '../aws/tags';
import { readEnvironment, SlipwayEnvironment } from '../config/environments';
import { readExtraTags } from '../config/extraTags';
import type { SlipwayActionDeps } from './deps';

/** The rules of the template's form: one source for the form, the schemas and the handlers. */
export const COMPONENT_NAME = /^[a-z][a-z0-9-]{1,30}[a-z0-9]$/;
const NAMESPACE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const OWNER_REF =
  /^(?:[a-z]+:)?(?:[a-z0-9]+(?:-[a-z0-9]+)*\/)?[A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)*$/;
const ENVIRONMENT_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/;

export const componentNameSchema = (z: typeof zod) =>
  z
    .string()
    .regex(COMPONENT_NAME, {
      message:
        'must be 3 to 32 lowercase letters, digits or dashes, starting with a letter and not ending with a dash (it names AWS resources)',
    })
    .describe(
      'Name of the catalog component the resources belong to (3 to 32 lowercase letters, digits or dashes); it names the AWS resources.',
    );

export const namespaceSchema = (z: typeof zod) =>
  z
    .string()
    .max(63)
    .regex(NAMESPACE, {
      message:
        'must be a catalog namespace (lowercase letters, digits, dashes)',
    })
    .optional()
    .describe(
      'Catalog namespace of the component. Default default. Tagged with the name as slipway:component=<namespace>/<name>.',
    );

export const ownerSchema = (z: typeof zod) =>
  z
    .string()
    .max(253)
    .regex(OWNER_REF, {
      message: 'must be an entity reference such as group:default/payments',
    })
    .describe(
      'Owner of the component, for example group:default/payments; tagged as slipway:owner.',
    );

export const environmentNameSchema = (z: typeof zod) =>
  z.string().regex(ENVIRONMENT_NAME, {
    message: 'must be the name of a slipway.environments entry',
  });

/** The inputs every Slipway action starts with. */
export const componentInputs = (z: typeof zod) => ({
  component: componentNameSchema(z),
  namespace: namespaceSchema(z),
  owner: ownerSchema(z),
  environment: environmentNameSchema(z).describe(
    'Name of the slipway.environments entry (account, region, shared infrastructure) to provision in.',
  ),
});

export const planOutput = (z: typeof zod) =>
  z
    .array(z.string())
    .optional()
    .describe('Dry run only: what a real run would do.');

/**
 * Checks inputs with the same rules as the schema, in the handler itself: a
 * direct call of the action (scaffolder API, another template, a test)
 * gets an InputError before any AWS call, whatever validated it before.
 */
export function validateInputs<T>(
  schema: (z: typeof zod) => zod.ZodType<T>,
  input: unknown,
): T {
  const result = schema(zodV3).safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = issue.path.join('.') || 'input';
    throw new InputError(`${path} ${issue.message}`);
  }
  return result.data;
}

/** Where an action works and how it tags, resolved from its inputs and config. */
export interface ActionScope {
  environment: SlipwayEnvironment;
  target: AwsTarget;
  /** "in account 123456789012 (eu-west-1)" */
  where: string;
  /** `<namespace>/<name>` and owner: whom the resources belong to. */
  subject: Ownership;
  tags: TagMap;
}

export function resolveScope(
  deps: SlipwayActionDeps,
  input: {
    component: string;
    namespace?: string;
    owner: string;
    environment: string;
  },
  taskId?: string,
): ActionScope {
  validateInputs(z => z.object(componentInputs(z)), input);
  const environment = readEnvironment(deps.config, input.environment);
  const target: AwsTarget = {
    accountId: environment.accountId,
    region: environment.region,
  };
  const subject = {
    component: componentRef(input.namespace ?? 'default', input.component),
    owner: input.owner,
  };
  return {
    environment,
    target,
    where: `in account ${target.accountId} (${target.region})`,
    subject,
    tags: slipwayTags({
      ...subject,
      environment: environment.name,
      taskId,
      extraTags: readExtraTags(deps.config),
    }),
  };
}

/** The part of an action context {@link provision} needs. */
interface ProvisionContext {
  logger: LoggerService;
  isDryRun?: boolean;
  output(name: 'plan', value: string[]): void;
  checkpoint<T extends JsonValue | void>(opts: {
    key: string;
    fn: () => Promise<T> | T;
  }): Promise<T>;
}

/**
 * The one shape of every action's AWS work: a dry run logs and outputs the
 * plan and touches nothing; a real run applies once per checkpoint key, and
 * deletes what it created if it fails half-way.
 * @returns the result of `apply`, or undefined on a dry run.
 */
export async function provision<T extends JsonValue | void>(
  ctx: ProvisionContext,
  work: {
    /** Unique per resource set and account/region: a retried task skips what is done. */
    key: string;
    plan: () => string[];
    apply: (rollback: Rollback) => Promise<T>;
  },
): Promise<T | undefined> {
  if (ctx.isDryRun) {
    ctx.output('plan', logPlan(ctx.logger, work.plan()));
    return undefined;
  }
  return ctx.checkpoint({
    key: work.key,
    fn: () => withRollback(ctx.logger, work.apply),
  });
}

/**
 * Reads the environments a pipeline deploys to, in order. They may be in
 * other accounts (and regions) than the home environment: the pipeline stays
 * in the home account and reaches each of those through a deploy role there.
 */
export function readDeployEnvironments(
  deps: SlipwayActionDeps,
  home: SlipwayEnvironment,
  names: string[] | undefined,
): SlipwayEnvironment[] {
  return (names?.length ? names : [home.name]).map(name =>
    name === home.name ? home : readEnvironment(deps.config, name),
  );
}

/** The deploy environments outside the home environment's account. */
export function foreignEnvironments(
  home: SlipwayEnvironment,
  environments: SlipwayEnvironment[],
): SlipwayEnvironment[] {
  return environments.filter(e => e.accountId !== home.accountId);
}

/** Logs a dry run's plan and returns it for the `plan` output. */
export function logPlan(logger: LoggerService, plan: string[]): string[] {
  plan.forEach(line => logger.info(`[dry run] ${line}`));
  return plan;
}
