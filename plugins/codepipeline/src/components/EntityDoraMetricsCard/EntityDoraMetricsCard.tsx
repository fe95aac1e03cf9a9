import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import {
  Alert,
  Flex,
  Text,
  ToggleButton,
  ToggleButtonGroup,
} from '@backstage/ui';
import {
  EntityDoraResponse,
  isCodePipelineAvailable,
  PIPELINE_ANNOTATIONS,
} from '@slipway/plugin-codepipeline-common';
import { useState } from 'react';
import type { DoraWindowDays } from '../../api';
import { formatDate } from '../../format';
import { useDoraMetrics } from '../../hooks/useDoraMetrics';
import { BackendErrorState } from '../BackendErrorState';
import { DoraMetricList } from '../DoraMetricList';
import { DoraTrendChart } from '../DoraTrendChart';
import { LoadingSkeleton } from '../LoadingSkeleton';
import { RefreshButton } from '../RefreshButton';
import { ResourceErrorPanel } from '../ResourceErrorPanel';
import { SlipwayCard } from '../SlipwayCard';

const WINDOWS: DoraWindowDays[] = [7, 30, 90];

/** Which stage counts as production in each pipeline, and why, in one line. */
function productionLine(dora: EntityDoraResponse): string {
  // An older backend sends only the stage names.
  const stages = dora.productionStages ?? [];
  if (stages.length === 0) {
    return dora.pipelines
      .filter(p => p.productionStage)
      .map(p => `${p.name} → ${p.productionStage}`)
      .join(', ');
  }
  return stages
    .map(p => `${p.pipeline} → ${p.stage ?? 'no stage'} (${p.explanation})`)
    .join('; ');
}

function DoraDetails(props: { dora: EntityDoraResponse }) {
  const { dora } = props;
  const production = productionLine(dora);
  const unread = dora.pipelines.filter(p => p.error).length;
  const errors = dora.pipelines.map(
    p =>
      p.error && (
        <ResourceErrorPanel
          key={`${p.arn}/${p.name}`}
          name={p.name}
          error={p.error}
        />
      ),
  );
  // Nothing could be read: no metrics at all, rather than zeros that claim "no deployments".
  if (unread > 0 && unread === dora.pipelines.length) {
    return (
      <Flex direction="column" gap="2">
        {errors}
      </Flex>
    );
  }
  const readable = unread > 0 ? ' in the pipelines that could be read' : '';
  return (
    <Flex direction="column" gap="2">
      {errors}
      {dora.truncated && (
        <Alert
          status="info"
          icon
          role="status"
          description="Only the most recent part of this window's history was read (history paging stopped at its bound), so these metrics cover fewer runs than the whole window."
        />
      )}
      {dora.deploymentFrequency.sampleSize === 0 && (
        <Alert
          status="info"
          icon
          role="status"
          description={`No production deployments in the last ${dora.windowDays} days${readable} yet. The metrics start with the first successful run of the production stage.`}
        />
      )}
      <DoraMetricList dora={dora} />
      <DoraTrendChart
        trend={dora.trend}
        windowDays={dora.windowDays}
        partial={unread > 0}
      />
      {/* Primary, not secondary, text: Backstage UI's dark secondary text on
          its card surface is 4.0:1, below WCAG AA for small text. */}
      <Text as="p" variant="body-small">
        {`${formatDate(dora.from)} – ${formatDate(dora.to)}. `}
        Lead time for changes is measured from the pipeline execution's start,
        which the push triggers, to the successful production deploy.
        {production ? ` Counts as production: ${production}.` : ''}
      </Text>
    </Flex>
  );
}

function DoraMetrics(props: { title: string }) {
  const [windowDays, setWindowDays] = useState<DoraWindowDays>(30);
  const dora = useDoraMetrics(windowDays);
  let body;
  if (dora.loading) {
    body = <LoadingSkeleton label="Loading DORA metrics" rows={3} />;
  } else if (!dora.value) {
    body = (
      <BackendErrorState
        error={dora.error!}
        annotations={PIPELINE_ANNOTATIONS}
        onRetry={dora.refresh}
      />
    );
  } else {
    body = <DoraDetails dora={dora.value} />;
  }
  return (
    <SlipwayCard
      title={props.title}
      action={
        !dora.loading && (
          <RefreshButton
            refreshing={dora.refreshing}
            onRefresh={dora.refresh}
            refreshedAt={dora.value?.refreshedAt}
          />
        )
      }
    >
      <Flex direction="column" gap="3">
        <ToggleButtonGroup
          selectionMode="single"
          disallowEmptySelection
          selectedKeys={[String(windowDays)]}
          aria-label="Time window"
          onSelectionChange={keys => {
            const [key] = keys;
            if (key !== undefined) setWindowDays(Number(key) as DoraWindowDays);
          }}
        >
          {WINDOWS.map(days => (
            <ToggleButton
              key={days}
              id={String(days)}
              aria-label={`Last ${days} days`}
            >
              {`${days} days`}
            </ToggleButton>
          ))}
        </ToggleButtonGroup>
        {body}
      </Flex>
    </SlipwayCard>
  );
}

/**
 * DORA metrics over 7, 30 or 90 days: deployment frequency, lead time for
 * changes, change failure rate and time to restore, with bands and a trend.
 */
export function EntityDoraMetricsCard(props: { title?: string }) {
  const { entity } = useEntity();
  if (!isCodePipelineAvailable(entity)) {
    return (
      <MissingAnnotationEmptyState annotation={[...PIPELINE_ANNOTATIONS]} />
    );
  }
  return <DoraMetrics title={props.title ?? 'DORA metrics'} />;
}
