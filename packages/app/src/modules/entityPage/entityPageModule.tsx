import { EmptyState } from '@backstage/core-components';
import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import {
  isCodePipelineAvailable,
  isEcsAvailable,
} from '@slipway/plugin-codepipeline';

const isComponent = (entity: Entity) =>
  entity.kind.toLocaleLowerCase('en-US') === 'component';

const HOW_TO =
  'to your component, or create it from the Slipway template (Create in the sidebar).';

/**
 * A tab that tells a component's owners how to get what the Slipway tab of
 * the same path shows, on components that lack the annotations for it.
 */
function emptyStateContent(options: {
  name: string;
  path: string;
  title: string;
  group: string;
  isAvailable: (entity: Entity) => boolean;
  heading: string;
  description: string;
}) {
  return EntityContentBlueprint.make({
    name: options.name,
    params: {
      path: options.path,
      title: options.title,
      group: options.group,
      filter: entity => isComponent(entity) && !options.isAvailable(entity),
      loader: async () => (
        <EmptyState
          title={options.heading}
          missing="info"
          description={options.description}
        />
      ),
    },
  });
}

/** Empty states for Slipway's tabs on components without AWS annotations. */
export const entityPageModule = createFrontendModule({
  pluginId: 'catalog',
  extensions: [
    emptyStateContent({
      name: 'no-codepipeline',
      path: '/ci-cd',
      title: 'CI/CD',
      group: 'development',
      isAvailable: isCodePipelineAvailable,
      heading: 'No CI/CD available for this entity',
      description: `Add an aws.amazon.com/aws-codepipeline-arn (or aws.amazon.com/aws-codepipeline-tags) annotation ${HOW_TO}`,
    }),
    emptyStateContent({
      name: 'no-ecs-deployments',
      path: '/deployments',
      title: 'Deployments',
      group: 'deployment',
      isAvailable: isEcsAvailable,
      heading: 'No deployments available for this entity',
      description: `Add an aws.amazon.com/amazon-ecs-service-arn (or aws.amazon.com/amazon-ecs-service-tags) annotation ${HOW_TO}`,
    }),
    emptyStateContent({
      name: 'no-delivery',
      path: '/delivery',
      title: 'Delivery',
      group: 'deployment',
      isAvailable: isCodePipelineAvailable,
      heading: 'No delivery insights for this entity',
      description: `The commit-to-production timeline and DORA metrics come from CodePipeline history: add an aws.amazon.com/aws-codepipeline-arn (or aws.amazon.com/aws-codepipeline-tags) annotation ${HOW_TO}`,
    }),
  ],
});
