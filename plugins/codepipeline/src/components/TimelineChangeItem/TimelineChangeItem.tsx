import Chip from '@material-ui/core/Chip';
import { makeStyles, useTheme } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
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
import { errorText, warningText } from '../../readableColor';
import { ExternalLink } from '../ExternalLink';

const useStyles = makeStyles(theme => ({
  change: { marginBottom: theme.spacing(3) },
  header: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1),
  },
  live: {
    backgroundColor: theme.palette.success.main,
    color: theme.palette.success.contrastText,
    fontWeight: theme.typography.fontWeightBold as number,
  },
  // White on error.dark: 4.98:1 (error.main was 3.68:1), the same in both themes.
  rolledBack: {
    backgroundColor: theme.palette.error.dark,
    color: theme.palette.common.white,
  },
  steps: {
    listStyle: 'none',
    margin: theme.spacing(1, 0, 1, 1),
    padding: 0,
    borderLeft: `2px solid ${theme.palette.divider}`,
  },
  step: {
    position: 'relative',
    padding: theme.spacing(0.5, 0, 1, 2.5),
  },
  dot: {
    position: 'absolute',
    left: -7,
    top: theme.spacing(1),
    width: 12,
    height: 12,
    borderRadius: '50%',
    border: `2px solid ${theme.palette.background.paper}`,
  },
  approval: { color: warningText(theme) },
  reason: { wordBreak: 'break-word' },
  failureReason: { color: errorText(theme), wordBreak: 'break-word' },
  now: { fontWeight: theme.typography.fontWeightBold as number },
}));

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
  const classes = useStyles();
  const theme = useTheme();
  return (
    <li className={classes.step}>
      <span
        aria-hidden
        className={classes.dot}
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
    <Typography variant="caption" color="textSecondary" component="div">
      <span title={formatTimestamp(props.start)}>
        {formatClock(props.start)}
      </span>
      {' → '}
      <span title={formatTimestamp(props.end)}>{end}</span>
      {` · ${formatDuration(secondsBetween(props.start, props.end))}`}
    </Typography>
  );
}

function StageStep(props: { stage: TimelineStage }) {
  const classes = useStyles();
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
        <Typography variant="body2" className={classes.approval}>
          {waiting && !stage.endTime
            ? `Waiting for approval for ${formatDuration(
                stage.approvalWaitSeconds,
              )}`
            : `Waited ${formatDuration(
                stage.approvalWaitSeconds,
              )} for approval`}
          {stage.approvalSummary ? ` — ${stage.approvalSummary}` : ''}
        </Typography>
      )}
    </Step>
  );
}

function RolloutStep(props: { rollout: TimelineRollout }) {
  const classes = useStyles();
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
        <Chip
          size="small"
          icon={<Undo style={{ color: 'inherit' }} />}
          label="Rolled back"
          className={classes.rolledBack}
        />
      )}
      <Typography variant="caption" color="textSecondary" component="div">
        {`${rollout.deploymentId} · task definition ${rollout.taskDefinition}`}
      </Typography>
      <TimeRange
        start={rollout.startTime}
        end={rollout.endTime}
        running={state === 'IN_PROGRESS'}
      />
      {rollout.rolloutStateReason && (
        <Typography
          variant="body2"
          // ECS gives a reason for every state ("… completed."): red only for a failure.
          className={
            rollout.rolledBack || state === 'FAILED'
              ? classes.failureReason
              : classes.reason
          }
        >
          {rollout.rolloutStateReason}
        </Typography>
      )}
    </Step>
  );
}

/** One change on its way to production: commit → stages → ECS rollouts → where it is now. */
export function TimelineChangeItem(props: { change: TimelineChange }) {
  const classes = useStyles();
  const { change } = props;
  const commit = describeCommit(change);
  const id =
    shortCommit(change.commit?.revisionId, change.commit?.shortRevisionId) ??
    change.executionId;
  return (
    <li className={classes.change} aria-label={`Change ${id}`}>
      <div className={classes.header}>
        <Typography variant="subtitle1" component="h3">
          {change.commit?.revisionUrl ? (
            <ExternalLink href={change.commit.revisionUrl}>
              {commit}
            </ExternalLink>
          ) : (
            commit
          )}
        </Typography>
        {change.liveInProduction && (
          <Chip
            size="small"
            icon={<CheckCircle style={{ color: 'inherit' }} />}
            label="Live in production"
            className={classes.live}
          />
        )}
      </div>
      <Typography variant="caption" color="textSecondary" component="div">
        {`${change.pipelineName} · `}
        <ExternalLink href={change.consoleUrl}>
          {change.executionId}
        </ExternalLink>
        {` · ${humanizeStatus(change.executionStatus)}`}
        {change.executionType === 'ROLLBACK' ? ' · rollback run' : ''}
        {change.startTime
          ? ` · started ${formatRelative(change.startTime)}`
          : ''}
      </Typography>
      <ol className={classes.steps} aria-label={`Journey of ${id}`}>
        {change.stages.map(stage => (
          <StageStep key={stage.stageName} stage={stage} />
        ))}
        {change.rollouts.map(rollout => (
          <RolloutStep key={rollout.deploymentId} rollout={rollout} />
        ))}
      </ol>
      <Typography variant="body2" className={classes.now}>
        {`Now: ${change.whereNow}`}
      </Typography>
    </li>
  );
}
