import LinearProgress from '@material-ui/core/LinearProgress';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import type {
  EcsServiceStatus,
  EcsTaskSet,
} from '@slipway/plugin-codepipeline-common';
import { RESOURCE_ERROR_TEXT } from '../../errors';
import { StatusLabel } from '../StatusLabel';
import { ExternalLink } from '../ExternalLink';

const useStyles = makeStyles(theme => ({
  row: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(2),
    alignItems: 'baseline',
    marginBottom: theme.spacing(1),
  },
  events: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(1.5),
    listStyle: 'none',
    padding: 0,
  },
}));

function TaskSetRow(props: { taskSet: EcsTaskSet }) {
  const classes = useStyles();
  const t = props.taskSet;
  const weight = t.trafficWeight;
  return (
    <li
      aria-label={`Task set ${t.targetGroupRole ?? t.status} ${
        t.taskDefinition
      }`}
    >
      <div className={classes.row}>
        <Typography variant="subtitle2">
          {t.targetGroupRole ?? t.status}
        </Typography>
        <Typography variant="body2">{t.taskDefinition}</Typography>
        <Typography variant="body2" color="textSecondary">
          {`${t.runningCount ?? 0}/${t.computedDesiredCount ?? '?'} running`}
          {t.targetGroupName ? ` · ${t.targetGroupName}` : ''}
        </Typography>
        <Typography variant="body2">
          {weight === undefined ? 'traffic unknown' : `${weight}% of traffic`}
        </Typography>
      </div>
      <LinearProgress
        variant="determinate"
        value={weight ?? 0}
        aria-label={`${t.targetGroupRole ?? t.status} traffic ${weight ?? 0}%`}
      />
    </li>
  );
}

/** The CodeDeploy blue/green deployment: status, lifecycle events and task sets with traffic weights. */
export function BlueGreenDeploymentPanel(props: { service: EcsServiceStatus }) {
  const classes = useStyles();
  const { codeDeploy, codeDeployError } = props.service;
  const taskSets = codeDeploy?.taskSets.length
    ? codeDeploy.taskSets
    : props.service.taskSets;
  return (
    <section aria-label="Blue/green deployment">
      {codeDeployError && (
        <Alert severity="warning">{`${
          RESOURCE_ERROR_TEXT[codeDeployError.kind].title
        }: ${codeDeployError.message}`}</Alert>
      )}
      {codeDeploy && (
        <>
          <div className={classes.row}>
            <Typography variant="subtitle2">CodeDeploy</Typography>
            <StatusLabel status={codeDeploy.status} />
            <ExternalLink href={codeDeploy.consoleUrl}>
              {codeDeploy.deploymentId}
            </ExternalLink>
            <Typography variant="body2" color="textSecondary">
              {codeDeploy.deploymentConfigName}
            </Typography>
          </div>
          {codeDeploy.errorMessage && (
            <Alert severity="error">{codeDeploy.errorMessage}</Alert>
          )}
          {codeDeploy.rollbackInfo && (
            <Alert severity="info">{codeDeploy.rollbackInfo}</Alert>
          )}
          <ol className={classes.events} aria-label="Lifecycle events">
            {codeDeploy.lifecycleEvents.map(e => (
              <li key={e.name} title={e.diagnostics}>
                <StatusLabel status={e.status} label={`${e.name}`} />
              </li>
            ))}
          </ol>
        </>
      )}
      {taskSets.length > 0 && (
        <ul aria-label="Task sets" style={{ listStyle: 'none', padding: 0 }}>
          {taskSets.map(t => (
            <TaskSetRow key={t.id} taskSet={t} />
          ))}
        </ul>
      )}
    </section>
  );
}
