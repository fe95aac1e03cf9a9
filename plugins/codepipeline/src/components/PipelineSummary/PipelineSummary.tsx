import { Alert, Flex, Text } from '@backstage/ui';
import type {
  PipelineExecutionSummary,
  PipelineStatus,
} from '@slipway/plugin-codepipeline-common';
import {
  formatDuration,
  formatRelative,
  formatTimestamp,
  secondsBetween,
  shortCommit,
} from '../../format';
import { StatusLabel } from '../StatusLabel';
import { ExternalLink } from '../ExternalLink';
import { ScreenReaderText } from '../ScreenReaderText';

/** The commit an execution ran on: linked short id and message. */
export function CommitLink(props: { execution: PipelineExecutionSummary }) {
  const revision = props.execution.sourceRevisions[0];
  if (!revision) return <>—</>;
  const id = shortCommit(revision.revisionId, revision.shortRevisionId);
  const label = [id, revision.revisionSummary].filter(Boolean).join(' ');
  return revision.revisionUrl ? (
    <ExternalLink href={revision.revisionUrl}>{label}</ExternalLink>
  ) : (
    <>{label}</>
  );
}

/** What started an execution, as people say it. */
export function describeTrigger(execution: PipelineExecutionSummary): string {
  const trigger = execution.trigger;
  if (execution.executionType === 'ROLLBACK') return 'Rollback';
  if (!trigger?.type) return '—';
  const label = trigger.type.replace(/([a-z])([A-Z])/g, '$1 $2');
  return trigger.detail ? `${label} (${trigger.detail})` : label;
}

/** Latest execution of a pipeline (status, commit, trigger, when, duration), with a pending approval or failed stage called out. */
export function PipelineSummary(props: { pipeline: PipelineStatus }) {
  const { pipeline } = props;
  const execution = pipeline.latestExecution;
  const approval = pipeline.stages.flatMap(s =>
    s.actions
      .filter(a => a.awaitingApproval)
      .map(a => ({ stage: s.name, action: a })),
  )[0];
  const failed = pipeline.stages.find(s => s.status === 'Failed');
  const failedAction = failed?.actions.find(a => a.status === 'Failed');

  return (
    <div>
      {/* Announced when a poll brings them, as Material UI's alerts were. */}
      {approval && (
        <Alert
          role="alert"
          status="info"
          icon
          mb="2"
          title={`Approval ${approval.action.name} in ${
            approval.stage
          } is waiting for a decision${
            approval.action.summary ? `: ${approval.action.summary}` : ''
          }`}
        />
      )}
      {failed && (
        <Alert
          role="alert"
          status="danger"
          icon
          mb="2"
          title={`Stage ${failed.name} failed${
            failedAction?.errorDetails?.message
              ? `: ${failedAction.errorDetails.message}`
              : ''
          }`}
        />
      )}
      {execution ? (
        <Flex align="baseline" gap="4" mb="2" style={{ flexWrap: 'wrap' }}>
          <StatusLabel status={execution.status} />
          <Text as="span" variant="body-medium">
            <CommitLink execution={execution} />
          </Text>
          <Text as="span" variant="body-medium" color="secondary">
            {describeTrigger(execution)}
          </Text>
          <Text
            as="span"
            variant="body-medium"
            color="secondary"
            title={formatTimestamp(execution.startTime)}
          >
            {formatRelative(execution.startTime)}
          </Text>
          <Text as="span" variant="body-medium" color="secondary">
            <ScreenReaderText>Duration: </ScreenReaderText>
            {formatDuration(
              execution.durationSeconds ??
                secondsBetween(execution.startTime, execution.endTime),
            )}
          </Text>
          <ExternalLink href={execution.consoleUrl}>
            {execution.executionId}
          </ExternalLink>
        </Flex>
      ) : (
        <Text as="p" variant="body-medium" color="secondary">
          This pipeline has not run yet.
        </Text>
      )}
    </div>
  );
}
