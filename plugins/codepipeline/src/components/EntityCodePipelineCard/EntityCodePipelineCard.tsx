import { EmptyState } from '@backstage/core-components';
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
import { SlipwayCard } from '../SlipwayCard';
import { StageFlow } from '../StageFlow';
import { ExternalLink } from '../ExternalLink';

function PipelinesOverview(props: { title: string }) {
  const pipelines = usePipelines();
  const { value } = pipelines;
  let body;
  if (pipelines.loading) {
    body = <LoadingSkeleton label="Loading pipelines" />;
  } else if (!value) {
    body = (
      <BackendErrorState
        error={pipelines.error!}
        annotations={PIPELINE_ANNOTATIONS}
        onRetry={pipelines.refresh}
      />
    );
  } else if (value.pipelines.length === 0) {
    body = (
      <EmptyState
        missing="data"
        title="No pipelines found"
        description="The entity's annotations matched no CodePipeline pipelines."
      />
    );
  } else {
    body = (
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
    );
  }
  return (
    <SlipwayCard
      title={props.title}
      action={
        value && (
          <RefreshButton
            refreshing={pipelines.refreshing}
            onRefresh={pipelines.refresh}
            refreshedAt={value.refreshedAt}
          />
        )
      }
    >
      {body}
    </SlipwayCard>
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
  return <PipelinesOverview title={props.title ?? 'Pipelines'} />;
}
