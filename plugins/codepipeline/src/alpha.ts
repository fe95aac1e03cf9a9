import {
  ApiBlueprint,
  coreApis,
  createFrontendPlugin,
} from '@backstage/frontend-plugin-api';
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
 * Slipway's CodePipeline and ECS plugin for the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'codepipeline',
  extensions: [
    codePipelineApi,
    entityCodePipelineContent,
    entityEcsDeploymentsContent,
    entityDeliveryContent,
    entityCodePipelineCard,
    entityEcsDeploymentsCard,
    entityDoraMetricsCard,
  ],
});
