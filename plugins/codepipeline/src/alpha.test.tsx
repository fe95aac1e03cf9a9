import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { screen } from '@testing-library/react';
import { codePipelineApiRef } from './api';
import {
  checkoutWebEntity,
  docsSiteWithoutAnnotations,
  fakeCodePipelineApi,
  ledgerWorkerEntity,
} from './__fixtures__';
import plugin, {
  deliveryOverviewPage,
  entityCodePipelineCard,
  entityCodePipelineContent,
  entityDeliveryContent,
  entityDoraMetricsCard,
  entityEcsDeploymentsCard,
  entityEcsDeploymentsContent,
} from './alpha';

describe('codepipeline plugin for the new frontend system', () => {
  it('is the codepipeline plugin', () => {
    expect(plugin.pluginId).toBe('codepipeline');
  });

  it('adds a CI/CD tab only for entities with pipeline annotations', () => {
    const tester = createExtensionTester(entityCodePipelineContent);
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('CI/CD');
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    expect(filter(checkoutWebEntity)).toBe(true);
    expect(filter(ledgerWorkerEntity)).toBe(false);
    expect(filter(docsSiteWithoutAnnotations)).toBe(false);
  });

  it('adds a Deployments tab for entities with ECS or pipeline annotations', () => {
    const tester = createExtensionTester(entityEcsDeploymentsContent);
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe(
      'Deployments',
    );
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    expect(filter(ledgerWorkerEntity)).toBe(true);
    expect(filter(docsSiteWithoutAnnotations)).toBe(false);
  });

  it('adds overview cards with the same conditions', () => {
    const pipelineFilter = createExtensionTester(entityCodePipelineCard).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    )!;
    const ecsFilter = createExtensionTester(entityEcsDeploymentsCard).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    )!;
    expect(pipelineFilter(checkoutWebEntity)).toBe(true);
    expect(pipelineFilter(ledgerWorkerEntity)).toBe(false);
    expect(ecsFilter(ledgerWorkerEntity)).toBe(true);
    expect(ecsFilter(docsSiteWithoutAnnotations)).toBe(false);
  });

  it('adds a Delivery tab and a DORA card for entities with pipeline annotations', () => {
    const tester = createExtensionTester(entityDeliveryContent);
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Delivery');
    const tabFilter = tester.get(
      EntityContentBlueprint.dataRefs.filterFunction,
    )!;
    const cardFilter = createExtensionTester(entityDoraMetricsCard).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    )!;
    for (const filter of [tabFilter, cardFilter]) {
      expect(filter(checkoutWebEntity)).toBe(true);
      expect(filter(ledgerWorkerEntity)).toBe(false);
      expect(filter(docsSiteWithoutAnnotations)).toBe(false);
    }
  });

  it('adds the delivery overview page at /delivery-overview, with a title and icon for the navigation', async () => {
    const tester = createExtensionTester(deliveryOverviewPage);
    expect(tester.get(coreExtensionData.routePath)).toBe('/delivery-overview');
    expect(tester.get(coreExtensionData.title)).toBe('Delivery overview');
    expect(tester.get(coreExtensionData.icon)).toBeDefined();
    expect(tester.get(coreExtensionData.routeRef)).toBeDefined();

    renderInTestApp(tester.reactElement(), {
      apis: [[codePipelineApiRef, fakeCodePipelineApi()]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    });
    expect(await screen.findByText('Checkout web')).toBeInTheDocument();
    // The page shell's header names the page; the page adds no second one.
    expect(
      screen.getAllByRole('heading', { name: 'Delivery overview' }),
    ).toHaveLength(1);
  });

  it('renders the overview without an implicit React Router context, which the new frontend system warns about', async () => {
    // The app only warns in development builds.
    const env = process.env.NODE_ENV;
    (process.env as { NODE_ENV?: string }).NODE_ENV = 'development';
    const warn = jest.spyOn(console, 'warn');
    try {
      renderInTestApp(
        createExtensionTester(deliveryOverviewPage).reactElement(),
        {
          apis: [[codePipelineApiRef, fakeCodePipelineApi()]],
          mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
        },
      );
      expect(
        await screen.findByRole('link', { name: 'Checkout web' }),
      ).toHaveAttribute('href', '/catalog/default/component/checkout-web');
    } finally {
      (process.env as { NODE_ENV?: string }).NODE_ENV = env;
    }
    expect(
      warn.mock.calls.filter(([message]) =>
        String(message).includes('implicit React Router'),
      ),
    ).toEqual([]);
    warn.mockRestore();
  });
});
