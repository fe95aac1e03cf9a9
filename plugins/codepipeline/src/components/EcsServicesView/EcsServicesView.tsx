import { EmptyState } from '@backstage/core-components';
import { Flex } from '@backstage/ui';
import {
  ECS_ANNOTATIONS,
  PIPELINE_ANNOTATIONS,
} from '@slipway/plugin-codepipeline-common';
import { Fragment, ReactNode } from 'react';
import { useEcsServices } from '../../hooks/useEcsServices';
import { BackendErrorState } from '../BackendErrorState';
import { EcsServicePanel } from '../EcsServicePanel';
import { LoadingSkeleton } from '../LoadingSkeleton';
import { RefreshButton } from '../RefreshButton';
import { ResourceErrorPanel } from '../ResourceErrorPanel';

export interface EcsServicesViewProps {
  compact?: boolean;
  /** Wraps the result, e.g. in a card; gets the refresh button for its header. */
  frame: (content: ReactNode, refreshButton?: ReactNode) => ReactNode;
}

/** The entity's ECS services, live, each with its data or its own error. */
export function EcsServicesView(props: EcsServicesViewProps) {
  const ecs = useEcsServices();
  const { frame, compact } = props;
  if (ecs.loading)
    return (
      <>
        {frame(
          <LoadingSkeleton
            label="Loading ECS services"
            rows={compact ? 2 : 6}
          />,
        )}
      </>
    );
  if (!ecs.value) {
    return (
      <>
        {frame(
          <BackendErrorState
            error={ecs.error!}
            annotations={[...ECS_ANNOTATIONS, ...PIPELINE_ANNOTATIONS]}
            onRetry={ecs.refresh}
          />,
        )}
      </>
    );
  }
  const refresh = (
    <RefreshButton
      refreshing={ecs.refreshing}
      onRefresh={ecs.refresh}
      refreshedAt={ecs.value.refreshedAt}
    />
  );
  if (ecs.value.services.length === 0) {
    return (
      <>
        {frame(
          <EmptyState
            missing="data"
            title="No ECS services found"
            description="Neither the annotations nor the pipelines' Deploy actions lead to an ECS service."
          />,
          refresh,
        )}
      </>
    );
  }
  return (
    <>
      {frame(
        <Flex direction="column" gap="4">
          {ecs.value.services.map((result, index) => (
            <Fragment key={result.arn}>
              {index > 0 && <ServiceSeparator />}
              {result.error ? (
                <ResourceErrorPanel name={result.name} error={result.error} />
              ) : (
                <EcsServicePanel service={result.status} compact={compact} />
              )}
            </Fragment>
          ))}
        </Flex>,
        refresh,
      )}
    </>
  );
}

/** A rule between two services (Backstage UI has no divider of its own). */
function ServiceSeparator() {
  return (
    <hr
      style={{
        width: '100%',
        margin: 0,
        border: 'none',
        borderTop: '1px solid var(--bui-border-1)',
      }}
    />
  );
}
