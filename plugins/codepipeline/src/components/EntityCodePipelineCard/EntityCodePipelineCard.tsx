import { EmptyState, InfoCard } from '@backstage/core-components';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import {
  isCodePipelineAvailable,
  PIPELINE_ANNOTATIONS,
} from '@slipway/plugin-codepipeline-common';
import { usePipelines } from '../../hooks/usePipelines';
import { BackendErrorState } from '../BackendErrorState';
import { LoadingSkeleton } from '../LoadingSkeleton';
import { PipelineSummary } from '../PipelineSummary';
import { PipelineTabs } from '../PipelineTabs';
import { RefreshButton } from '../RefreshButton';
import { ResourceErrorPanel } from '../ResourceErrorPanel';
import { StageFlow } from '../StageFlow';
import { ExternalLink } from '../ExternalLink';

function PipelinesOverview() {
  const pipelines = usePipelines();
  if (pipelines.loading) return <LoadingSkeleton label="Loading pipelines" />;
  if (!pipelines.value) {
    return (
      <BackendErrorState
        error={pipelines.error!}
        annotations={PIPELINE_ANNOTATIONS}
        onRetry={pipelines.refresh}
      />
    );
  }
  const { value } = pipelines;
  return (
    <>
      <RefreshButton
        refreshing={pipelines.refreshing}
        onRefresh={pipelines.refresh}
        refreshedAt={value.refreshedAt}
      />
      {value.pipelines.length === 0 ? (
        <EmptyState
          missing="data"
          title="No pipelines found"
          description="The entity's annotations matched no CodePipeline pipelines."
        />
      ) : (
        <PipelineTabs pipelines={value.pipelines}>
          {selected =>
            selected.error ? (
              <ResourceErrorPanel name={selected.name} error={selected.error} />
            ) : (
              <>
                <PipelineSummary pipeline={selected.status} />
                <StageFlow
                  compact
                  pipelineName={selected.name}
                  stages={selected.status.stages}
                />
                <ExternalLink href={selected.status.consoleUrl}>
                  Open {selected.name} in the AWS console
                </ExternalLink>
              </>
            )
          }
        </PipelineTabs>
      )}
    </>
  );
}

/** Overview card: each pipeline's latest execution and its stages, live. */
export function EntityCodePipelineCard(props: { title?: string }) {
  const { entity } = useEntity();
  if (!isCodePipelineAvailable(entity)) {
    return (
      <MissingAnnotationEmptyState annotation={[...PIPELINE_ANNOTATIONS]} />
    );
  }
  return (
    <InfoCard title={props.title ?? 'Pipelines'} noPadding={false}>
      <PipelinesOverview />
    </InfoCard>
  );
}
