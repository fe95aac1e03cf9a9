import { mockCredentials } from '@backstage/backend-test-utils';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { deps, runContext } from '../__testUtils__/harness';
import { createCatalogUnregisterAction } from './catalog-unregister';

type Location = NonNullable<
  Awaited<ReturnType<CatalogService['getLocationByRef']>>
>;

const ORDERS_FILE =
  'url:https://github.com/acme/orders/blob/main/catalog-info.yaml';
const MONOREPO_FILE =
  'url:https://github.com/acme/shop/blob/main/catalog-info.yaml';

const entity = (
  kind: string,
  name: string,
  origin: string,
  uid = `uid-${kind}-${name}`,
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: {
    name,
    namespace: 'default',
    uid,
    annotations: {
      [ANNOTATION_LOCATION]: origin,
      [ANNOTATION_ORIGIN_LOCATION]: origin,
    },
  },
  spec: { type: 'service', owner: 'group:default/payments' },
});

/** What catalog:register leaves for one repository: the location, its Location entity, the component. */
const ordersRegisteredByTemplate = () => ({
  entities: [
    entity('Location', 'generated-0a1b', ORDERS_FILE),
    entity('Component', 'orders', ORDERS_FILE),
  ],
  locations: [
    {
      id: 'loc-orders',
      type: 'url',
      target: ORDERS_FILE.slice('url:'.length),
      entityRef: 'location:default/generated-0a1b',
    },
  ],
});

/** One catalog-info.yaml that holds a component and the API it provides. */
const shopMonorepo = () => ({
  entities: [
    entity('Location', 'generated-9f8e', MONOREPO_FILE),
    entity('Component', 'shop', MONOREPO_FILE),
    entity('API', 'shop-api', MONOREPO_FILE),
  ],
  locations: [
    {
      id: 'loc-shop',
      type: 'url',
      target: MONOREPO_FILE.slice('url:'.length),
      entityRef: 'location:default/generated-9f8e',
    },
  ],
});

/**
 * The in-memory catalog of @backstage/plugin-catalog-node/testUtils, plus the
 * registered locations it lacks: removing a location removes every entity it
 * emitted, as the catalog backend does.
 */
function catalogWith(world: { entities: Entity[]; locations: Location[] }) {
  const catalog = catalogServiceMock({ entities: world.entities });
  let locations = [...world.locations];
  const refOf = (l: Location) => `${l.type}:${l.target}`;
  catalog.getLocationByRef = async ref => locations.find(l => refOf(l) === ref);
  catalog.removeLocationById = async id => {
    const location = locations.find(l => l.id === id);
    if (!location) throw new NotFoundError(`Found no location with ID ${id}`);
    locations = locations.filter(l => l !== location);
    const { items } = await catalog.getEntities({
      filter: {
        [`metadata.annotations.${ANNOTATION_ORIGIN_LOCATION}`]: refOf(location),
      },
    });
    for (const e of items) await catalog.removeEntityByUid(e.metadata.uid!);
  };
  const spies = [
    'getEntityByRef',
    'getEntities',
    'getLocationByRef',
    'removeLocationById',
    'removeEntityByUid',
  ].map(method => jest.spyOn(catalog, method as any));
  return {
    catalog,
    action: createCatalogUnregisterAction({ ...deps, catalog }),
    entityRefs: async () =>
      (await catalog.getEntities()).items.map(e => stringifyEntityRef(e)),
    locations: () => locations.map(refOf),
    /** Every call's options: whose credentials the catalog saw. */
    optionsSeen: () =>
      spies.flatMap(spy => spy.mock.calls.map(call => call[1])),
  };
}

describe('slipway:catalog:unregister', () => {
  it('unregisters the location a template registered, so the component and its Location entity leave the catalog', async () => {
    const world = catalogWith(ordersRegisteredByTemplate());
    const { ctx, outputs, logger } = runContext({
      entityRef: 'component:default/orders',
      confirm: 'orders',
    });

    await world.action.handler(ctx as any);

    expect(await world.entityRefs()).toEqual([]);
    expect(world.locations()).toEqual([]);
    expect(outputs()).toEqual({
      entityRef: 'component:default/orders',
      locationRef: ORDERS_FILE,
    });
    expect(logger.info).toHaveBeenCalledWith(
      `Unregistered ${ORDERS_FILE}: component:default/orders is no longer in the catalog`,
    );
  });

  it('acts with the credentials of the user who started the task', async () => {
    const world = catalogWith(ordersRegisteredByTemplate());
    const { ctx } = runContext({ entityRef: 'component:default/orders' });

    await world.action.handler(ctx as any);

    const seen = world.optionsSeen().filter(Boolean);
    expect(seen.length).toBeGreaterThanOrEqual(4);
    expect(seen).toEqual(
      seen.map(() => ({ credentials: mockCredentials.user() })),
    );
  });

  it('leaves other entities and locations alone', async () => {
    const orders = ordersRegisteredByTemplate();
    const shop = shopMonorepo();
    const world = catalogWith({
      entities: [...orders.entities, ...shop.entities],
      locations: [...orders.locations, ...shop.locations],
    });
    const { ctx } = runContext({ entityRef: 'orders' });

    await world.action.handler(ctx as any);

    expect(await world.entityRefs()).toEqual([
      'location:default/generated-9f8e',
      'component:default/shop',
      'api:default/shop-api',
    ]);
    expect(world.locations()).toEqual([MONOREPO_FILE]);
  });

  it('refuses when the location holds other entities too, naming them, and removes nothing', async () => {
    const world = catalogWith(shopMonorepo());
    const { ctx } = runContext({ entityRef: 'component:default/shop' });

    const run = world.action.handler(ctx as any);

    await expect(run).rejects.toThrow(InputError);
    await expect(run).rejects.toThrow(
      `component:default/shop was registered from ${MONOREPO_FILE}, which also holds api:default/shop-api; unregistering it would remove those too.`,
    );
    expect(await world.entityRefs()).toHaveLength(3);
    expect(world.locations()).toEqual([MONOREPO_FILE]);
  });

  it('deletes an entity that has no registered location, as the catalog’s dialog does', async () => {
    const orphan = entity(
      'Component',
      'legacy',
      'url:https://github.com/acme/legacy/blob/main/catalog-info.yaml',
    );
    const world = catalogWith({ entities: [orphan], locations: [] });
    const { ctx, outputs } = runContext({ entityRef: 'component:legacy' });

    await world.action.handler(ctx as any);

    expect(await world.entityRefs()).toEqual([]);
    expect(world.catalog.removeEntityByUid).toHaveBeenCalledWith(
      'uid-Component-legacy',
      { credentials: mockCredentials.user() },
    );
    expect(outputs().locationRef).toBe('');
  });

  it('refuses an entity defined in app-config, which would come back on the next refresh', async () => {
    const world = catalogWith({
      entities: [entity('Component', 'portal', 'bootstrap:bootstrap')],
      locations: [],
    });
    const { ctx } = runContext({ entityRef: 'component:default/portal' });

    await expect(world.action.handler(ctx as any)).rejects.toThrow(
      "component:default/portal is defined by the portal's configuration (catalog.locations in app-config.yaml); remove it there",
    );
    expect(await world.entityRefs()).toEqual(['component:default/portal']);
  });

  it('needs confirm to repeat the name, and asks the catalog nothing otherwise', async () => {
    const world = catalogWith(ordersRegisteredByTemplate());
    const { ctx } = runContext({
      entityRef: 'component:default/orders',
      confirm: 'order',
    });

    await expect(world.action.handler(ctx as any)).rejects.toThrow(
      "Unregistering component:default/orders needs confirm: orders (got 'order'); nothing was unregistered",
    );
    expect(world.optionsSeen()).toEqual([]);
    expect(await world.entityRefs()).toHaveLength(2);
  });

  it('rejects what is not an entity reference', async () => {
    const world = catalogWith(ordersRegisteredByTemplate());
    const { ctx } = runContext({ entityRef: 'component:default/orders:x' });

    await expect(world.action.handler(ctx as any)).rejects.toThrow(
      'entityRef must be an entity reference such as component:default/orders',
    );
  });

  it('on a dry run, logs what it would unregister and changes nothing', async () => {
    const world = catalogWith(ordersRegisteredByTemplate());
    const { ctx, outputs, logger } = runContext(
      { entityRef: 'component:default/orders' },
      { isDryRun: true },
    );

    await world.action.handler(ctx as any);

    const plan = [
      `Unregister the location ${ORDERS_FILE}, which removes component:default/orders from the catalog`,
    ];
    expect(outputs().plan).toEqual(plan);
    expect(logger.info).toHaveBeenCalledWith(`[dry run] ${plan[0]}`);
    expect(await world.entityRefs()).toHaveLength(2);
    expect(world.locations()).toEqual([ORDERS_FILE]);
    expect(world.catalog.removeLocationById).not.toHaveBeenCalled();
  });

  it('succeeds when the entity is already gone, so a retried task finishes', async () => {
    const world = catalogWith({ entities: [], locations: [] });
    const { ctx, logger } = runContext({
      entityRef: 'component:default/orders',
    });

    await world.action.handler(ctx as any);

    expect(logger.info).toHaveBeenCalledWith(
      'component:default/orders is not in the catalog (already removed?)',
    );
    expect(world.catalog.removeLocationById).not.toHaveBeenCalled();
    expect(world.catalog.removeEntityByUid).not.toHaveBeenCalled();
  });

  it('says which entity it could not remove when the catalog denies it', async () => {
    const world = catalogWith(ordersRegisteredByTemplate());
    world.catalog.removeLocationById = jest
      .fn()
      .mockRejectedValue(
        new NotAllowedError('Not allowed: catalog.location.delete'),
      );
    const { ctx } = runContext({ entityRef: 'component:default/orders' });

    const run = world.action.handler(ctx as any);

    await expect(run).rejects.toThrow(
      'Could not remove component:default/orders from the catalog; caused by NotAllowedError: Not allowed: catalog.location.delete',
    );
    await expect(run).rejects.toMatchObject({ name: 'NotAllowedError' });
    expect(await world.entityRefs()).toHaveLength(2);
  });

  it('removes once per task: a retried step skips what its checkpoint recorded', async () => {
    const world = catalogWith(ordersRegisteredByTemplate());
    const { ctx } = runContext({ entityRef: 'component:default/orders' });

    await world.action.handler(ctx as any);

    expect(ctx.checkpoint).toHaveBeenCalledWith(
      expect.objectContaining({
        key: 'catalog.unregister.component:default/orders',
      }),
    );
  });
});
