import LinearProgress from '@material-ui/core/LinearProgress';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import type { EcsDeployment } from '@slipway/plugin-codepipeline-common';
import { formatRelative } from '../../format';
import { StatusLabel } from '../StatusLabel';
import { errorText } from '../../readableColor';

const useStyles = makeStyles(theme => ({
  item: { marginBottom: theme.spacing(1.5) },
  head: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(2),
    alignItems: 'baseline',
  },
  failed: { color: errorText(theme) },
}));

/** Running tasks as a share of desired ones; a deployment scaled to zero with none left is done. */
function rolloutPercent(d: EcsDeployment): number {
  if (d.desiredCount > 0) {
    return Math.min(100, (d.runningCount / d.desiredCount) * 100);
  }
  return d.runningCount === 0 ? 100 : 0;
}

/** PRIMARY and ACTIVE deployments with task definition revision, counts and a rollout progress bar. */
export function EcsDeploymentList(props: { deployments: EcsDeployment[] }) {
  const classes = useStyles();
  const deployments = props.deployments.filter(d => d.status !== 'INACTIVE');
  if (deployments.length === 0) return null;
  return (
    <ul aria-label="Deployments" style={{ listStyle: 'none', padding: 0 }}>
      {deployments.map(d => {
        const percent = rolloutPercent(d);
        return (
          <li
            key={d.id}
            className={classes.item}
            aria-label={`${d.status} deployment ${d.taskDefinition}`}
          >
            <div className={classes.head}>
              <Typography variant="subtitle2">{d.status}</Typography>
              <Typography variant="body2">{d.taskDefinition}</Typography>
              <StatusLabel
                status={d.rolloutState}
                label={d.rolloutState ? undefined : 'Rollout state unknown'}
              />
              <Typography variant="body2" color="textSecondary">
                {`${d.runningCount}/${d.desiredCount} running, ${d.pendingCount} pending`}
              </Typography>
              {d.failedTasks > 0 && (
                <Typography
                  variant="body2"
                  className={classes.failed}
                >{`${d.failedTasks} failed tasks`}</Typography>
              )}
              <Typography variant="caption" color="textSecondary">
                {formatRelative(d.createdAt)}
              </Typography>
            </div>
            <LinearProgress
              variant="determinate"
              value={percent}
              color={d.rolloutState === 'FAILED' ? 'secondary' : 'primary'}
              aria-label={`${d.taskDefinition}: ${d.runningCount} of ${d.desiredCount} tasks running`}
            />
            {d.rolloutStateReason && (
              <Typography variant="caption">{d.rolloutStateReason}</Typography>
            )}
          </li>
        );
      })}
    </ul>
  );
}
