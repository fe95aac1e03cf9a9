import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import {
  ECS_ANNOTATIONS,
  isEcsAvailable,
} from '@slipway/plugin-codepipeline-common';
import { EcsServicesView } from '../EcsServicesView';
import { SlipwayCard } from '../SlipwayCard';

/** The Deployments tab: every ECS service with deployments, blue/green traffic, tasks and events. */
export function EntityEcsDeploymentsContent() {
  const { entity } = useEntity();
  if (!isEcsAvailable(entity)) {
    return <MissingAnnotationEmptyState annotation={[...ECS_ANNOTATIONS]} />;
  }
  return (
    <EcsServicesView
      frame={(content, refresh) => (
        <SlipwayCard title="ECS services" action={refresh}>
          {content}
        </SlipwayCard>
      )}
    />
  );
}
