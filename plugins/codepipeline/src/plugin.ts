import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { codePipelineApiRef, CodePipelineClient } from './api';
import { rootRouteRef } from './routes';

/** Slipway's CodePipeline and ECS frontend plugin. */
export const codePipelinePlugin = createPlugin({
  id: 'codepipeline',
  apis: [
    createApiFactory({
      api: codePipelineApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new CodePipelineClient(deps),
    }),
  ],
  routes: {
    root: rootRouteRef,
  },
});

/** The entity page tab: pipelines, executions and deployments. */
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

/** The entity overview card. */
export const EntityCodePipelineCard = codePipelinePlugin.provide(
  createComponentExtension({
    name: 'EntityCodePipelineCard',
    component: {
      lazy: () =>
        import('./components/AnnotatedResourcesCard').then(
          m => m.AnnotatedResourcesCard,
        ),
    },
  }),
);
