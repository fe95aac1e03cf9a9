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

/** Overview card: each ECS service's rollout, counts and deployments, live. */
export function EntityEcsDeploymentsCard(props: { title?: string }) {
  const { entity } = useEntity();
  if (!isEcsAvailable(entity)) {
    return <MissingAnnotationEmptyState annotation={[...ECS_ANNOTATIONS]} />;
  }
  return (
    <EcsServicesView
      compact
      frame={(content, refresh) => (
        <SlipwayCard title={props.title ?? 'ECS deployments'} action={refresh}>
          {content}
        </SlipwayCard>
      )}
    />
  );
}
