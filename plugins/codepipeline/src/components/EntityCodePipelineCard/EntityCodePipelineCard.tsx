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
import { PipelineSummary } from '../PipelineSummary';
import { PipelineTabs } from '../PipelineTabs';
import { ResourceErrorPanel } from '../ResourceErrorPanel';
import { QueryCard } from '../SlipwayCard';
import { StageFlow } from '../StageFlow';
import { ExternalLink } from '../ExternalLink';

function PipelinesOverview(props: { title: string }) {
  return (
    <QueryCard
      title={props.title}
      query={usePipelines()}
      loadingLabel="Loading pipelines"
      annotations={PIPELINE_ANNOTATIONS}
    >
      {value =>
        value.pipelines.length === 0 ? (
          <EmptyState
            missing="data"
            title="No pipelines found"
            description="The entity's annotations matched no CodePipeline pipelines."
          />
        ) : (
          <PipelineTabs pipelines={value.pipelines}>
            {selected =>
              selected.error ? (
                <ResourceErrorPanel
                  name={selected.name}
                  error={selected.error}
                />
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
        )
      }
    </QueryCard>
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
