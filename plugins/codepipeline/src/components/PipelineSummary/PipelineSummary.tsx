import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
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

const useStyles = makeStyles(theme => ({
  line: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'baseline',
    gap: theme.spacing(2),
    marginBottom: theme.spacing(1),
  },
  callout: { marginBottom: theme.spacing(1) },
}));

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
  const classes = useStyles();
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
      {approval && (
        <Alert severity="info" className={classes.callout}>
          {`Approval ${approval.action.name} in ${approval.stage} is waiting for a decision`}
          {approval.action.summary ? `: ${approval.action.summary}` : ''}
        </Alert>
      )}
      {failed && (
        <Alert severity="error" className={classes.callout}>
          {`Stage ${failed.name} failed`}
          {failedAction?.errorDetails?.message
            ? `: ${failedAction.errorDetails.message}`
            : ''}
        </Alert>
      )}
      {execution ? (
        <div className={classes.line}>
          <StatusLabel status={execution.status} />
          <Typography variant="body2" component="span">
            <CommitLink execution={execution} />
          </Typography>
          <Typography variant="body2" component="span" color="textSecondary">
            {describeTrigger(execution)}
          </Typography>
          <Typography
            variant="body2"
            component="span"
            color="textSecondary"
            title={formatTimestamp(execution.startTime)}
          >
            {formatRelative(execution.startTime)}
          </Typography>
          <Typography variant="body2" component="span" color="textSecondary">
            <ScreenReaderText>Duration: </ScreenReaderText>
            {formatDuration(
              execution.durationSeconds ??
                secondsBetween(execution.startTime, execution.endTime),
            )}
          </Typography>
          <ExternalLink href={execution.consoleUrl}>
            {execution.executionId}
          </ExternalLink>
        </div>
      ) : (
        <Typography variant="body2" color="textSecondary">
          This pipeline has not run yet.
        </Typography>
      )}
    </div>
  );
}
