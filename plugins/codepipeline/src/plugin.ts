import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
} from '@backstage/core-plugin-api';
import { coreApis } from '@backstage/frontend-plugin-api';
import { codePipelineApiRef, CodePipelineClient } from './api';
import { deliveryOverviewRouteRef, rootRouteRef } from './routes';

/** Slipway's CodePipeline and ECS frontend plugin. */
export const codePipelinePlugin = createPlugin({
  id: 'codepipeline',
  apis: [
    createApiFactory({
      api: codePipelineApiRef,
      deps: { discoveryApi: coreApis.discovery, fetchApi: coreApis.fetch },
      factory: deps => new CodePipelineClient(deps),
    }),
  ],
  routes: {
    root: rootRouteRef,
    deliveryOverview: deliveryOverviewRouteRef,
  },
});

/** The CI/CD tab: stage/action flow with controls, execution history and details. */
export const EntityCodePipelineContent = codePipelinePlugin.provide(
  createRoutableExtension({
    name: 'EntityCodePipelineContent',
    component: () =>
      import('./components/EntityCodePipelineContent').then(
        m => m.EntityCodePipelineContent,
      ),
    mountPoint: rootRouteRef,
  }),
);

/** Overview card: each pipeline's latest execution and stages. */
export const EntityCodePipelineCard = codePipelinePlugin.provide(
  createComponentExtension({
    name: 'EntityCodePipelineCard',
    component: {
      lazy: () =>
        import('./components/EntityCodePipelineCard').then(
          m => m.EntityCodePipelineCard,
        ),
    },
  }),
);

/** The Deployments tab: ECS services, deployments, blue/green traffic, tasks and events. */
export const EntityEcsDeploymentsContent = codePipelinePlugin.provide(
  createComponentExtension({
    name: 'EntityEcsDeploymentsContent',
    component: {
      lazy: () =>
        import('./components/EntityEcsDeploymentsContent').then(
          m => m.EntityEcsDeploymentsContent,
        ),
    },
  }),
);

/** Overview card: each ECS service's rollout, counts and deployments. */
export const EntityEcsDeploymentsCard = codePipelinePlugin.provide(
  createComponentExtension({
    name: 'EntityEcsDeploymentsCard',
    component: {
      lazy: () =>
        import('./components/EntityEcsDeploymentsCard').then(
          m => m.EntityEcsDeploymentsCard,
        ),
    },
  }),
);

/** Commit to production, per recent change: stages, approval waits, ECS rollouts and where it is now. */
export const EntityDeliveryTimeline = codePipelinePlugin.provide(
  createComponentExtension({
    name: 'EntityDeliveryTimeline',
    component: {
      lazy: () =>
        import('./components/EntityDeliveryTimeline').then(
          m => m.EntityDeliveryTimeline,
        ),
    },
  }),
);

/** DORA metrics over 7, 30 or 90 days, with performance bands and a trend. */
export const EntityDoraMetricsCard = codePipelinePlugin.provide(
  createComponentExtension({
    name: 'EntityDoraMetricsCard',
    component: {
      lazy: () =>
        import('./components/EntityDoraMetricsCard').then(
          m => m.EntityDoraMetricsCard,
        ),
    },
  }),
);

/**
 * The delivery overview: every service with Slipway annotations, with
 * status, latest runs, approvals, rollouts, production and DORA per owner.
 * Mount it on a route of its own, e.g. `/delivery-overview`.
 */
export const DeliveryOverviewPage = codePipelinePlugin.provide(
  createRoutableExtension({
    name: 'DeliveryOverviewPage',
    component: () =>
      import('./components/DeliveryOverviewPage').then(
        m => m.DeliveryOverviewPage,
      ),
    mountPoint: deliveryOverviewRouteRef,
  }),
);
