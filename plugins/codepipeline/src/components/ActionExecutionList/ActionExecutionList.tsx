import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import type {
  ActionExecutionDetail,
  BuildDetails,
} from '@slipway/plugin-codepipeline-common';
import { formatDuration, formatTimestamp, secondsBetween } from '../../format';
import { StatusLabel } from '../StatusLabel';
import { ExternalLink } from '../ExternalLink';
import { errorText } from '../../readableColor';

const useStyles = makeStyles(theme => ({
  item: {
    borderTop: `1px solid ${theme.palette.divider}`,
    padding: theme.spacing(1, 0),
  },
  error: {
    color: errorText(theme),
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-word',
  },
  phases: {
    borderCollapse: 'collapse',
    width: '100%',
    marginTop: theme.spacing(1),
    '& td, & th': {
      textAlign: 'left',
      padding: theme.spacing(0.25, 1),
      borderBottom: `1px solid ${theme.palette.divider}`,
    },
  },
  links: { display: 'flex', gap: theme.spacing(2) },
}));

function BuildPhases(props: { build: BuildDetails }) {
  const classes = useStyles();
  const { build } = props;
  return (
    <>
      <table
        className={classes.phases}
        aria-label={`CodeBuild phases of ${build.id}`}
      >
        <thead>
          <tr>
            <th>Phase</th>
            <th>Status</th>
            <th>Duration</th>
          </tr>
        </thead>
        <tbody>
          {build.phases.map(phase => (
            <tr key={phase.phaseType}>
              <td>{phase.phaseType}</td>
              <td>
                <StatusLabel status={phase.phaseStatus} />
                {phase.contexts?.map(c => (
                  <Typography
                    key={c}
                    variant="caption"
                    display="block"
                    className={classes.error}
                  >
                    {c}
                  </Typography>
                ))}
              </td>
              <td>{formatDuration(phase.durationSeconds)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className={classes.links}>
        {build.logsUrl && (
          <ExternalLink href={build.logsUrl}>Build logs</ExternalLink>
        )}
        <ExternalLink href={build.consoleUrl}>Build in CodeBuild</ExternalLink>
      </div>
    </>
  );
}

/** Every action of an execution in stage order: status, times, errors, CodeBuild phases and links. */
export function ActionExecutionList(props: {
  actions: ActionExecutionDetail[];
}) {
  const classes = useStyles();
  if (props.actions.length === 0) {
    return (
      <Typography variant="body2">
        No action has run in this execution yet.
      </Typography>
    );
  }
  return (
    <ol
      aria-label="Actions of this execution"
      style={{ listStyle: 'none', padding: 0 }}
    >
      {props.actions.map(action => (
        <li
          key={`${action.stageName}/${action.actionName}/${
            action.actionExecutionId ?? ''
          }`}
          className={classes.item}
          aria-label={`${action.stageName} / ${action.actionName}`}
        >
          <Typography variant="subtitle2">
            {action.stageName} / {action.actionName}
            {action.provider ? ` · ${action.provider}` : ''}
          </Typography>
          <StatusLabel status={action.status} />
          <Typography variant="caption" display="block" color="textSecondary">
            {formatTimestamp(action.startTime)} →{' '}
            {formatTimestamp(action.lastUpdateTime)} (
            {formatDuration(
              secondsBetween(action.startTime, action.lastUpdateTime),
            )}
            )
          </Typography>
          {action.summary && (
            <Typography variant="body2">{action.summary}</Typography>
          )}
          {action.errorDetails?.message && (
            <Typography variant="body2" className={classes.error}>
              {action.errorDetails.code ? `${action.errorDetails.code}: ` : ''}
              {action.errorDetails.message}
            </Typography>
          )}
          {action.build ? (
            <BuildPhases build={action.build} />
          ) : (
            action.externalExecutionUrl && (
              <ExternalLink href={action.externalExecutionUrl}>
                Details
              </ExternalLink>
            )
          )}
        </li>
      ))}
    </ol>
  );
}
