import { EmptyState } from '@backstage/core-components';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import { Box, Flex, Text } from '@backstage/ui';
import {
  EntityTimelineResponse,
  isCodePipelineAvailable,
  PIPELINE_ANNOTATIONS,
  TimelineChange,
} from '@slipway/plugin-codepipeline-common';
import { formatRelative, formatTimestamp } from '../../format';
import { useTimeline } from '../../hooks/useTimeline';
import { ResourceErrorPanel } from '../ResourceErrorPanel';
import { QueryCard } from '../SlipwayCard';
import { describeCommit, TimelineChangeItem } from '../TimelineChangeItem';
import styles from './EntityDeliveryTimeline.module.css';

/** Newest first by start time; changes without one keep their order, last. */
export function newestFirst(changes: TimelineChange[]): TimelineChange[] {
  const time = (c: TimelineChange) =>
    c.startTime ? Date.parse(c.startTime) : -Infinity;
  return [...changes].sort((a, b) => time(b) - time(a));
}

/** "Where is my commit now?": the newest change's whereabouts and what production runs. */
function WhereNow(props: { changes: TimelineChange[] }) {
  const [latest] = props.changes;
  const live = props.changes.find(c => c.liveInProduction);
  return (
    <Box
      as="section"
      bg="neutral"
      px="4"
      py="3"
      className={styles.whereNow}
      aria-label="Where is my commit now?"
    >
      <Text as="h3" variant="body-large" weight="bold">
        {`Latest commit ${describeCommit(latest)}: ${latest.whereNow}`}
      </Text>
      {live !== latest && (
        <Text as="p">
          {live
            ? `Production runs ${describeCommit(live)} (${
                live.pipelineName
              }), deployed `
            : 'None of these changes is live in production yet.'}
          {live && (
            <span title={formatTimestamp(live.endTime ?? live.startTime)}>
              {formatRelative(live.endTime ?? live.startTime)}
            </span>
          )}
        </Text>
      )}
    </Box>
  );
}

function Timeline(props: { title: string }) {
  return (
    <QueryCard
      title={props.title}
      query={useTimeline()}
      loadingLabel="Loading the delivery timeline"
      loadingRows={6}
      annotations={PIPELINE_ANNOTATIONS}
    >
      {value => <Changes value={value} />}
    </QueryCard>
  );
}

function Changes(props: { value: EntityTimelineResponse }) {
  const { value } = props;
  const changes = newestFirst(value.changes);
  return (
    <Flex direction="column" gap="4">
      {value.errors.map(e => (
        <ResourceErrorPanel key={e.arn} name={e.name} error={e.error} />
      ))}
      {changes.length === 0 && value.errors.length === 0 && (
        <EmptyState
          missing="data"
          title="No changes yet"
          description="None of the entity's pipelines has run yet. Push a commit to start one, and it will appear here on its way to production."
        />
      )}
      {changes.length > 0 && (
        <>
          <WhereNow changes={changes} />
          <ol className={styles.changes} aria-label="Changes, newest first">
            {changes.map(change => (
              <TimelineChangeItem
                key={`${change.pipelineArn}/${change.executionId}`}
                change={change}
              />
            ))}
          </ol>
        </>
      )}
    </Flex>
  );
}

/**
 * Commit to production, per recent change: the commit, each stage (with
 * approval waits), the ECS rollouts, and where the change is now.
 */
export function EntityDeliveryTimeline(props: { title?: string }) {
  const { entity } = useEntity();
  if (!isCodePipelineAvailable(entity)) {
    return (
      <MissingAnnotationEmptyState annotation={[...PIPELINE_ANNOTATIONS]} />
    );
  }
  return <Timeline title={props.title ?? 'Commit to production'} />;
}
