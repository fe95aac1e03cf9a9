import {
  catalogPlugin,
  EntityLayout,
  EntitySwitch,
} from '@backstage/plugin-catalog';
import {
  catalogApiRef,
  EntityProvider,
  entityRouteRef,
  MockStarredEntitiesApi,
  starredEntitiesApiRef,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type { Entity } from '@backstage/catalog-model';
import { screen } from '@testing-library/react';
import { coreApis } from '@backstage/frontend-plugin-api';
import { Route, Routes } from 'react-router-dom';
import {
  DeliveryOverviewPage,
  deliveryOverviewRouteRef,
  EntityCodePipelineCard,
  EntityCodePipelineContent,
  EntityEcsDeploymentsCard,
  EntityEcsDeploymentsContent,
  isCodePipelineAvailable,
  isEcsAvailable,
} from '.';
import { codePipelineApiRef } from './api';
import {
  checkoutWebEntity,
  docsSiteWithoutAnnotations,
  fakeCodePipelineApi,
  ledgerWorkerEntity,
} from './__fixtures__';
import { permissionApiAllowing } from './__testUtils__/renderForEntity';

/** The entity page of a legacy-frontend-system app, wired as the README shows. */
const legacyEntityPage = (
  <EntityLayout>
    <EntityLayout.Route path="/" title="Overview">
      <>
        <EntitySwitch>
          <EntitySwitch.Case if={isCodePipelineAvailable}>
            <EntityCodePipelineCard />
          </EntitySwitch.Case>
        </EntitySwitch>
        <EntitySwitch>
          <EntitySwitch.Case if={isEcsAvailable}>
            <EntityEcsDeploymentsCard />
          </EntitySwitch.Case>
        </EntitySwitch>
      </>
    </EntityLayout.Route>
    <EntityLayout.Route
      path="/ci-cd"
      title="CI/CD"
      if={isCodePipelineAvailable}
    >
      <EntityCodePipelineContent />
    </EntityLayout.Route>
    <EntityLayout.Route
      path="/deployments"
      title="Deployments"
      if={isEcsAvailable}
    >
      <EntityEcsDeploymentsContent />
    </EntityLayout.Route>
  </EntityLayout>
);

async function renderLegacyEntityPage(entity: Entity) {
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [codePipelineApiRef, fakeCodePipelineApi()],
        [catalogApiRef, catalogApiMock({ entities: [entity] })],
        [starredEntitiesApiRef, new MockStarredEntitiesApi()],
        [permissionApiRef, permissionApiAllowing('all')],
      ]}
    >
      <EntityProvider entity={entity}>{legacyEntityPage}</EntityProvider>
    </TestApiProvider>,
    {
      mountedRoutes: {
        '/catalog': catalogPlugin.routes.catalogIndex,
        '/catalog/:namespace/:kind/:name': entityRouteRef,
      },
    },
  );
}

describe('legacy frontend system wiring', () => {
  it('shows the pipeline and ECS cards and both tabs for an annotated component', async () => {
    await renderLegacyEntityPage(checkoutWebEntity);
    expect(
      await screen.findByRole('list', { name: 'Stages of checkout-web' }),
    ).toBeInTheDocument();
    expect(await screen.findByText('ECS deployments')).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'CI/CD' })).toBeInTheDocument();
    expect(
      screen.getByRole('tab', { name: 'Deployments' }),
    ).toBeInTheDocument();
  });

  it('shows only the ECS card and tab for a component with an ECS annotation alone', async () => {
    await renderLegacyEntityPage(ledgerWorkerEntity);
    expect(await screen.findByText('ECS deployments')).toBeInTheDocument();
    expect(
      screen.queryByRole('tab', { name: 'CI/CD' }),
    ).not.toBeInTheDocument();
    expect(
      screen.getByRole('tab', { name: 'Deployments' }),
    ).toBeInTheDocument();
  });

  it('adds nothing to a component without AWS annotations', async () => {
    await renderLegacyEntityPage(docsSiteWithoutAnnotations);
    expect(
      await screen.findByRole('tab', { name: 'Overview' }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('tab', { name: 'CI/CD' }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('tab', { name: 'Deployments' }),
    ).not.toBeInTheDocument();
    expect(screen.queryByText('ECS deployments')).not.toBeInTheDocument();
  });

  it('serves the delivery overview page on the route the app mounts it at', async () => {
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [codePipelineApiRef, fakeCodePipelineApi()],
          // A legacy app has one (@backstage/app-defaults); the test app has none.
          [coreApis.toast, { post: jest.fn() }],
        ]}
      >
        <Routes>
          <Route path="/delivery-overview" element={<DeliveryOverviewPage />} />
        </Routes>
      </TestApiProvider>,
      {
        routeEntries: ['/delivery-overview'],
        mountedRoutes: {
          '/delivery-overview': deliveryOverviewRouteRef,
          '/catalog/:namespace/:kind/:name': entityRouteRef,
        },
      },
    );
    expect(
      await screen.findByRole('heading', { name: 'Delivery overview' }),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('link', { name: 'Checkout web' }),
    ).toHaveAttribute('href', '/catalog/default/component/checkout-web');
  });
});
