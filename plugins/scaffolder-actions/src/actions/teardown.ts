import type { LoggerService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import type { JsonValue } from '@backstage/types';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { z as zod } from 'zod/v3';
import { findRemovals, Removal } from '../aws/teardownSearch';
import { isGone } from '../aws/teardownKinds';
import { readEnvironment } from '../config/environments';
import type { SlipwayActionDeps } from './deps';
import {
  componentInputs,
  environmentNameSchema,
  logPlan,
  planOutput,
  resolveScope,
  validateInputs,
} from './common';
import { examples } from './teardown.examples';

export const TEARDOWN_ACTION_ID = 'slipway:teardown';

export const teardownInputSchema = (z: typeof zod) =>
  z.object({
    ...componentInputs(z),
    environments: z
      .array(environmentNameSchema(z))
      .max(20)
      .optional()
      .describe(
        'Further slipway.environments entries to tear down in (for example every environment the pipeline deploys to); `environment` is always included.',
      ),
    createdByTask: z
      .string()
      .min(1)
      .max(256)
      .optional()
      .describe(
        'Only remove resources tagged slipway:created-by-task=<this>: a failed run passes ${{ context.task.id }} to remove what it created and nothing else.',
      ),
    confirm: z
      .string()
      .optional()
      .describe(
        'When given, must repeat the component name exactly: a safety catch for teardown forms.',
      ),
  });

const outputSchema = (z: typeof zod) =>
  z.object({
    removed: z
      .array(z.string())
      .describe('What was removed, "<kind> <name>", in removal order.'),
    skipped: z
      .array(z.string())
      .describe(
        'Resources with the component’s name or tag that were left in place, each with the reason.',
      ),
    plan: planOutput(z),
  });

/** The part of an action context {@link removeEach} needs. */
interface RemovalContext {
  logger: LoggerService;
  checkpoint<T extends JsonValue | void>(opts: {
    key: string;
    fn: () => Promise<T> | T;
  }): Promise<T>;
}

/**
 * Removes each resource once per task (a retried task skips what is done),
 * logging each; an already-gone resource counts as removed by someone else,
 * and a failure does not stop the others.
 */
async function removeEach(ctx: RemovalContext, removals: Removal[]) {
  const removed: string[] = [];
  const failures: string[] = [];
  for (const { description, where, resource, remove } of removals) {
    try {
      await ctx.checkpoint({ key: `teardown.${resource.arn}`, fn: remove });
      removed.push(description);
      ctx.logger.info(`Removed the ${description} ${where}`);
    } catch (error) {
      if (isGone(error)) {
        ctx.logger.info(`The ${description} ${where} was already gone`);
        continue;
      }
      const reason = (error as Error).message;
      ctx.logger.error(`Could not remove the ${description}: ${reason}`);
      failures.push(`${description} (${resource.arn}): ${reason}`);
    }
  }
  return { removed, failures };
}

/** `slipway:teardown`: removes a component's resources that carry all of Slipway's tags for it, in dependency order. */
export function createTeardownAction(deps: SlipwayActionDeps) {
  return createTemplateAction({
    id: TEARDOWN_ACTION_ID,
    description:
      'Removes the AWS resources Slipway created for a component (those tagged with its component, owner and slipway:managed-by) in the given environments, in dependency order; with createdByTask, only what that scaffolder task created. Dry run lists what would be removed.',
    examples,
    supportsDryRun: true,
    schema: { input: teardownInputSchema, output: outputSchema },
    async handler(ctx) {
      const input = validateInputs(teardownInputSchema, ctx.input);
      if (input.confirm !== undefined && input.confirm !== input.component) {
        throw new InputError(
          `Teardown of '${input.component}' needs confirm: ${input.component} (got '${input.confirm}'); nothing was removed`,
        );
      }
      const scope = resolveScope(deps, input);
      const environments = [
        scope.environment,
        ...[...new Set(input.environments)]
          .filter(name => name !== scope.environment.name)
          .map(name => readEnvironment(deps.config, name)),
      ];
      const { removals, skipped } = await findRemovals(deps.clients, {
        subject: scope.subject,
        component: input.component,
        environments,
        createdByTask: input.createdByTask,
      });
      skipped.forEach(s => ctx.logger.warn(`Left in place: ${s}`));
      ctx.output('skipped', skipped);
      if (ctx.isDryRun) {
        const plan = removals.map(
          r => `Remove the ${r.description} ${r.where}`,
        );
        ctx.output('plan', logPlan(ctx.logger, plan));
        ctx.output('removed', []);
        return;
      }

      const { removed, failures } = await removeEach(ctx, removals);
      ctx.output('removed', removed);
      ctx.logger.info(
        `Teardown of ${scope.subject.component}${
          input.createdByTask
            ? ` (what task ${input.createdByTask} created)`
            : ''
        }: removed ${removed.length} resource(s)${
          removed.length ? `: ${removed.join(', ')}` : ''
        }; left ${skipped.length} in place`,
      );
      if (failures.length) {
        throw new Error(
          `Teardown of '${scope.subject.component}' could not remove ${
            failures.length
          } resource(s); fix the cause and run it again (it resumes with what is left):\n${failures.join(
            '\n',
          )}`,
        );
      }
    },
  });
}
