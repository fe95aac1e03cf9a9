import { EmptyState } from '@backstage/core-components';
import { Flex } from '@backstage/ui';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import {
  isCodePipelineAvailable,
  PIPELINE_ANNOTATIONS,
} from '@slipway/plugin-codepipeline-common';
import { useState } from 'react';
import { usePipelines } from '../../hooks/usePipelines';
import { BackendErrorState } from '../BackendErrorState';
import { ExecutionDetailDrawer } from '../ExecutionDetailDrawer';
import { ExecutionHistoryTable } from '../ExecutionHistoryTable';
import { LoadingSkeleton } from '../LoadingSkeleton';
import { PipelineDetail } from '../PipelineDetail';
import { PipelineTabs } from '../PipelineTabs';
import { RefreshButton } from '../RefreshButton';
import { ResourceErrorPanel } from '../ResourceErrorPanel';
import { SlipwayCard } from '../SlipwayCard';

function PipelinesContent() {
  const pipelines = usePipelines();
  const [selectedExecution, setSelectedExecution] = useState<{
    arn: string;
    id: string;
  }>();

  if (pipelines.loading)
    return <LoadingSkeleton label="Loading pipelines" rows={6} />;
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
  if (value.pipelines.length === 0) {
    return (
      <EmptyState
        missing="data"
        title="No pipelines found"
        description="The entity's annotations matched no CodePipeline pipelines."
      />
    );
  }
  return (
    <PipelineTabs pipelines={value.pipelines}>
      {selected => (
        <>
          <Flex direction="column" gap="6">
            <SlipwayCard
              title={selected.name}
              action={
                <RefreshButton
                  refreshing={pipelines.refreshing}
                  onRefresh={pipelines.refresh}
                  refreshedAt={value.refreshedAt}
                />
              }
            >
              {selected.error ? (
                <ResourceErrorPanel
                  name={selected.name}
                  error={selected.error}
                />
              ) : (
                <PipelineDetail
                  pipeline={selected.status}
                  onChanged={pipelines.refresh}
                />
              )}
            </SlipwayCard>
            {!selected.error && (
              <ExecutionHistoryTable
                key={selected.arn}
                pipelineArn={selected.arn}
                pipelineName={selected.name}
                pollIntervalSeconds={value.pollIntervalSeconds}
                onSelect={id => setSelectedExecution({ arn: selected.arn, id })}
              />
            )}
          </Flex>
          <ExecutionDetailDrawer
            pipelineArn={selectedExecution?.arn ?? selected.arn}
            executionId={selectedExecution?.id}
            pollIntervalSeconds={value.pollIntervalSeconds}
            onClose={() => setSelectedExecution(undefined)}
          />
        </>
      )}
    </PipelineTabs>
  );
}

/** The CI/CD tab: each pipeline's stage/action flow with controls, its history and execution details. */
export function EntityCodePipelineContent() {
  const { entity } = useEntity();
  if (!isCodePipelineAvailable(entity)) {
    return (
      <MissingAnnotationEmptyState annotation={[...PIPELINE_ANNOTATIONS]} />
    );
  }
  return <PipelinesContent />;
}
