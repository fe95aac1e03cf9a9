import { Badge, Flex, Text } from '@backstage/ui';
import { useTheme } from '@material-ui/core/styles';
import CheckCircle from '@material-ui/icons/CheckCircle';
import Undo from '@material-ui/icons/Undo';
import type {
  TimelineChange,
  TimelineRollout,
  TimelineStage,
} from '@slipway/plugin-codepipeline-common';
import type { ReactNode } from 'react';
import {
  formatClock,
  formatDuration,
  formatRelative,
  formatTimestamp,
  secondsBetween,
  shortCommit,
} from '../../format';
import {
  humanizeStatus,
  StatusLabel,
  statusTone,
  toneColor,
} from '../StatusLabel';
import { ExternalLink } from '../ExternalLink';
import styles from './TimelineChangeItem.module.css';

/** The short id and message of a change's commit, linked when the source says where. */
export function describeCommit(change: TimelineChange): string {
  const id = shortCommit(
    change.commit?.revisionId,
    change.commit?.shortRevisionId,
  );
  return (
    [id, change.commit?.revisionSummary].filter(Boolean).join(' ') ||
    change.executionId
  );
}

function Step(props: { status?: string; children: ReactNode }) {
  // The dot's colour is StatusLabel's, which comes from the Material UI theme.
  const theme = useTheme();
  return (
    <li className={styles.step}>
      <span
        aria-hidden
        className={styles.dot}
        style={{ backgroundColor: toneColor(theme, statusTone(props.status)) }}
      />
      {props.children}
    </li>
  );
}

function TimeRange(props: { start?: string; end?: string; running: boolean }) {
  if (!props.start) return null;
  let end = props.running ? 'now' : '—';
  if (props.end) end = formatClock(props.end);
  return (
    <Text as="div" variant="body-small">
      <span title={formatTimestamp(props.start)}>
        {formatClock(props.start)}
      </span>
      {' → '}
      <span title={formatTimestamp(props.end)}>{end}</span>
      {` · ${formatDuration(secondsBetween(props.start, props.end))}`}
    </Text>
  );
}

function StageStep(props: { stage: TimelineStage }) {
  const { stage } = props;
  const waiting = stage.status === 'InProgress';
  return (
    <Step status={stage.status}>
      <StatusLabel
        status={stage.status}
        label={`${stage.stageName}: ${humanizeStatus(stage.status)}${
          stage.isProduction ? ' (production)' : ''
        }`}
      />
      <TimeRange
        start={stage.startTime}
        end={stage.endTime}
        running={waiting}
      />
      {stage.approvalWaitSeconds !== undefined && (
        <Text as="p" className={styles.approval}>
          {waiting && !stage.endTime
            ? `Waiting for approval for ${formatDuration(
                stage.approvalWaitSeconds,
              )}`
            : `Waited ${formatDuration(
                stage.approvalWaitSeconds,
              )} for approval`}
          {stage.approvalSummary ? ` — ${stage.approvalSummary}` : ''}
        </Text>
      )}
    </Step>
  );
}

function RolloutStep(props: { rollout: TimelineRollout }) {
  const { rollout } = props;
  const state = rollout.rolloutState ?? 'IN_PROGRESS';
  return (
    <Step status={rollout.rolledBack ? 'FAILED' : state}>
      <StatusLabel
        status={state}
        label={`ECS ${rollout.serviceName}: rollout ${humanizeStatus(
          state,
        ).toLowerCase()}`}
      />{' '}
      {rollout.rolledBack && (
        <Badge
          size="medium"
          icon={<Undo fontSize="inherit" />}
          className={styles.rolledBack}
        >
          Rolled back
        </Badge>
      )}
      <Text as="div" variant="body-small">
        {`${rollout.deploymentId} · task definition ${rollout.taskDefinition}`}
      </Text>
      <TimeRange
        start={rollout.startTime}
        end={rollout.endTime}
        running={state === 'IN_PROGRESS'}
      />
      {rollout.rolloutStateReason && (
        <Text
          as="p"
          // ECS gives a reason for every state ("… completed."): red only for a failure.
          className={
            rollout.rolledBack || state === 'FAILED'
              ? styles.failureReason
              : styles.reason
          }
        >
          {rollout.rolloutStateReason}
        </Text>
      )}
    </Step>
  );
}

/** One change on its way to production: commit → stages → ECS rollouts → where it is now. */
export function TimelineChangeItem(props: { change: TimelineChange }) {
  const { change } = props;
  const commit = describeCommit(change);
  const id =
    shortCommit(change.commit?.revisionId, change.commit?.shortRevisionId) ??
    change.executionId;
  return (
    <li className={styles.change} aria-label={`Change ${id}`}>
      <Flex align="center" gap="2" style={{ flexWrap: 'wrap' }}>
        <Text as="h3" variant="body-large" weight="bold">
          {change.commit?.revisionUrl ? (
            <ExternalLink href={change.commit.revisionUrl}>
              {commit}
            </ExternalLink>
          ) : (
            commit
          )}
        </Text>
        {change.liveInProduction && (
          <Badge
            size="medium"
            icon={<CheckCircle fontSize="inherit" />}
            className={styles.live}
          >
            Live in production
          </Badge>
        )}
      </Flex>
      <Text as="div" variant="body-small">
        {`${change.pipelineName} · `}
        <ExternalLink href={change.consoleUrl}>
          {change.executionId}
        </ExternalLink>
        {` · ${humanizeStatus(change.executionStatus)}`}
        {change.executionType === 'ROLLBACK' ? ' · rollback run' : ''}
        {change.startTime
          ? ` · started ${formatRelative(change.startTime)}`
          : ''}
      </Text>
      <ol className={styles.journey} aria-label={`Journey of ${id}`}>
        {change.stages.map(stage => (
          <StageStep key={stage.stageName} stage={stage} />
        ))}
        {change.rollouts.map(rollout => (
          <RolloutStep key={rollout.deploymentId} rollout={rollout} />
        ))}
      </ol>
      <Text as="p" weight="bold">
        {`Now: ${change.whereNow}`}
      </Text>
    </li>
  );
}
