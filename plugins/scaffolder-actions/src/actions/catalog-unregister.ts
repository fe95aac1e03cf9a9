import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { ForwardedError, InputError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { z as zod } from 'zod/v3';
import { examples } from './catalog-unregister.examples';
import { logPlan, planOutput, validateInputs } from './common';
import type { SlipwayActionDeps } from './deps';

export const CATALOG_UNREGISTER_ACTION_ID = 'slipway:catalog:unregister';

/** Where an entity defined in app-config's catalog.locations comes from. */
const BOOTSTRAP_LOCATION = 'bootstrap:bootstrap';

/** [kind:][namespace/]name, with the catalog's rules for each part. */
const ENTITY_REF =
  /^(?:[A-Za-z][A-Za-z0-9-]*:)?(?:[a-z0-9]+(?:-[a-z0-9]+)*\/)?[A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)*$/;

export const catalogUnregisterInputSchema = (z: typeof zod) =>
  z.object({
    entityRef: z
      .string()
      .max(400)
      .regex(ENTITY_REF, {
        message: 'must be an entity reference such as component:default/orders',
      })
      .describe(
        'The entity to remove from the catalog, for example component:default/orders (kind defaults to component, namespace to default).',
      ),
    confirm: z
      .string()
      .optional()
      .describe(
        'When given, must repeat the entity’s name exactly: a safety catch for removal forms.',
      ),
  });

const outputSchema = (z: typeof zod) =>
  z.object({
    entityRef: z
      .string()
      .describe('The entity removed from the catalog, as kind:namespace/name.'),
    locationRef: z
      .string()
      .describe(
        'The location unregistered with it, for example url:https://github.com/acme/orders/blob/main/catalog-info.yaml; empty when the entity had no registered location and was deleted on its own, or was already gone.',
      ),
    plan: planOutput(z),
  });

/** What unregistering one entity takes, decided as the catalog's own "Unregister entity" dialog does. */
type Unregistration =
  | { kind: 'gone' }
  | { kind: 'location'; id: string; ref: string }
  | { kind: 'entity'; uid: string };

/**
 * The entity's origin location, if the catalog has it: unregistering that
 * removes the entity for good (deleting the entity alone would see it come
 * back on the next refresh). Refuses when the location holds other entities
 * too, which the dialog lists for a person to accept; a template cannot.
 */
async function planUnregistration(
  catalog: CatalogService,
  ref: string,
  credentials: BackstageCredentials,
): Promise<Unregistration> {
  const entity = await catalog.getEntityByRef(ref, { credentials });
  if (!entity) return { kind: 'gone' };
  const locationRef = entity.metadata.annotations?.[ANNOTATION_ORIGIN_LOCATION];
  if (locationRef === BOOTSTRAP_LOCATION) {
    throw new InputError(
      `${ref} is defined by the portal's configuration (catalog.locations in app-config.yaml); remove it there, nothing was unregistered`,
    );
  }
  const location =
    locationRef &&
    (await catalog.getLocationByRef(locationRef, { credentials }));
  if (!location) return { kind: 'entity', uid: entity.metadata.uid! };

  const { items } = await catalog.getEntities(
    {
      filter: {
        [`metadata.annotations.${ANNOTATION_ORIGIN_LOCATION}`]: locationRef,
      },
      fields: ['kind', 'metadata.namespace', 'metadata.name'],
    },
    { credentials },
  );
  // The location's own Location entity goes with it, and is no one's service.
  const others = items
    .filter((e: Entity) => e.kind.toLowerCase() !== 'location')
    .map((e: Entity) => stringifyEntityRef(e))
    .filter(other => other !== ref);
  if (others.length) {
    throw new InputError(
      `${ref} was registered from ${locationRef}, which also holds ${others.join(
        ', ',
      )}; unregistering it would remove those too. Unregister it from the entity page instead (the dialog lists them), nothing was unregistered`,
    );
  }
  return { kind: 'location', id: location.id, ref: locationRef };
}

const planLine = (ref: string, plan: Unregistration) => {
  if (plan.kind === 'location') {
    return `Unregister the location ${plan.ref}, which removes ${ref} from the catalog`;
  }
  if (plan.kind === 'entity') {
    return `Delete ${ref} from the catalog (it has no registered location)`;
  }
  return `Nothing to do: ${ref} is not in the catalog`;
};

/** `slipway:catalog:unregister`: removes a component from the catalog once its resources are gone. */
export function createCatalogUnregisterAction(deps: SlipwayActionDeps) {
  return createTemplateAction({
    id: CATALOG_UNREGISTER_ACTION_ID,
    description:
      'Removes an entity from the catalog the way the entity page’s "Unregister entity" does: unregisters the location it was registered from, or deletes it when it has none; refuses when that location holds other entities too. Runs with the permissions of the user who started the task. Dry run logs what it would do.',
    examples,
    supportsDryRun: true,
    schema: { input: catalogUnregisterInputSchema, output: outputSchema },
    async handler(ctx) {
      const input = validateInputs(catalogUnregisterInputSchema, ctx.input);
      const entity = parseEntityRef(input.entityRef, {
        defaultKind: 'component',
        defaultNamespace: 'default',
      });
      const ref = stringifyEntityRef(entity);
      if (input.confirm !== undefined && input.confirm !== entity.name) {
        throw new InputError(
          `Unregistering ${ref} needs confirm: ${entity.name} (got '${input.confirm}'); nothing was unregistered`,
        );
      }
      const { catalog } = deps;
      if (!catalog) {
        throw new Error(
          `${CATALOG_UNREGISTER_ACTION_ID} needs the catalog service: register the actions through the scaffolder module`,
        );
      }
      const credentials = await ctx.getInitiatorCredentials();
      const plan = await planUnregistration(catalog, ref, credentials);
      ctx.output('entityRef', ref);
      ctx.output('locationRef', plan.kind === 'location' ? plan.ref : '');
      if (ctx.isDryRun) {
        ctx.output('plan', logPlan(ctx.logger, [planLine(ref, plan)]));
        return;
      }
      if (plan.kind === 'gone') {
        ctx.logger.info(`${ref} is not in the catalog (already removed?)`);
        return;
      }
      try {
        await ctx.checkpoint({
          key: `catalog.unregister.${ref}`,
          fn: () =>
            plan.kind === 'location'
              ? catalog.removeLocationById(plan.id, { credentials })
              : catalog.removeEntityByUid(plan.uid, { credentials }),
        });
      } catch (error) {
        throw new ForwardedError(
          `Could not remove ${ref} from the catalog`,
          error,
        );
      }
      ctx.logger.info(
        plan.kind === 'location'
          ? `Unregistered ${plan.ref}: ${ref} is no longer in the catalog`
          : `Deleted ${ref} from the catalog`,
      );
    },
  });
}
