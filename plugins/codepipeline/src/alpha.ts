import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import {
  ApiBlueprint,
  coreApis,
  createFrontendPlugin,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { ReactRouterV6PageRouter } from '@backstage/frontend-adapter-react-router-v6';
import DashboardOutlined from '@material-ui/icons/DashboardOutlined';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import {
  isCodePipelineAvailable,
  isEcsAvailable,
} from '@slipway/plugin-codepipeline-common';
import { createElement } from 'react';
import { codePipelineApiRef, CodePipelineClient } from './api';
import { deliveryOverviewRouteRef } from './routes';

const deliveryOverviewRoute = convertLegacyRouteRef(deliveryOverviewRouteRef);

/** The `CodePipelineClient` as a utility API. */
export const codePipelineApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: codePipelineApiRef,
      deps: { discoveryApi: coreApis.discovery, fetchApi: coreApis.fetch },
      factory: deps => new CodePipelineClient(deps),
    }),
});

/** CI/CD tab, shown for entities with a pipeline annotation. */
export const entityCodePipelineContent = EntityContentBlueprint.make({
  name: 'codepipeline',
  params: {
    path: '/ci-cd',
    title: 'CI/CD',
    group: 'development',
    filter: isCodePipelineAvailable,
    loader: () =>
      import('./components/EntityCodePipelineContent').then(m =>
        createElement(m.EntityCodePipelineContent),
      ),
  },
});

/** Deployments tab, shown for entities with ECS (or pipeline) annotations. */
export const entityEcsDeploymentsContent = EntityContentBlueprint.make({
  name: 'ecs-deployments',
  params: {
    path: '/deployments',
    title: 'Deployments',
    group: 'deployment',
    filter: isEcsAvailable,
    loader: () =>
      import('./components/EntityEcsDeploymentsContent').then(m =>
        createElement(m.EntityEcsDeploymentsContent),
      ),
  },
});

/** Delivery tab: DORA metrics and the commit-to-production timeline. */
export const entityDeliveryContent = EntityContentBlueprint.make({
  name: 'delivery',
  params: {
    path: '/delivery',
    title: 'Delivery',
    group: 'deployment',
    filter: isCodePipelineAvailable,
    loader: () =>
      import('./components/DeliveryTab').then(m =>
        createElement(m.DeliveryTab),
      ),
  },
});

/** Overview card with each pipeline's latest execution. */
export const entityCodePipelineCard = EntityCardBlueprint.make({
  name: 'codepipeline',
  params: {
    filter: isCodePipelineAvailable,
    loader: () =>
      import('./components/EntityCodePipelineCard').then(m =>
        createElement(m.EntityCodePipelineCard),
      ),
  },
});

/** Overview card with each ECS service's rollout. */
export const entityEcsDeploymentsCard = EntityCardBlueprint.make({
  name: 'ecs-deployments',
  params: {
    filter: isEcsAvailable,
    loader: () =>
      import('./components/EntityEcsDeploymentsCard').then(m =>
        createElement(m.EntityEcsDeploymentsCard),
      ),
  },
});

/** Overview card with the DORA metrics. */
export const entityDoraMetricsCard = EntityCardBlueprint.make({
  name: 'dora-metrics',
  params: {
    filter: isCodePipelineAvailable,
    loader: () =>
      import('./components/EntityDoraMetricsCard').then(m =>
        createElement(m.EntityDoraMetricsCard),
      ),
  },
});

/**
 * The delivery overview page at `/delivery-overview`; with its route ref and
 * icon it is also an item of the app's navigation.
 */
export const deliveryOverviewPage = PageBlueprint.make({
  name: 'delivery-overview',
  params: {
    path: '/delivery-overview',
    title: 'Delivery overview',
    icon: createElement(DashboardOutlined),
    routeRef: deliveryOverviewRoute,
    loader: () =>
      import('./components/DeliveryOverviewPage').then(m =>
        // The page shell shows the title in its own header; the page keeps
        // its filters in the query string through React Router, given
        // explicitly here as the new frontend system asks.
        createElement(
          ReactRouterV6PageRouter,
          null,
          createElement(m.DeliveryOverviewPage, { header: false }),
        ),
      ),
  },
});

/**
 * Slipway's CodePipeline and ECS plugin for the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'codepipeline',
  routes: { deliveryOverview: deliveryOverviewRoute },
  extensions: [
    codePipelineApi,
    deliveryOverviewPage,
    entityCodePipelineContent,
    entityEcsDeploymentsContent,
    entityDeliveryContent,
    entityCodePipelineCard,
    entityEcsDeploymentsCard,
    entityDoraMetricsCard,
  ],
});
