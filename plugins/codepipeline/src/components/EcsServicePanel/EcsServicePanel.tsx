import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import {
  type EcsServiceStatus,
  safeEnvironmentName,
  safeServiceUrl,
} from '@slipway/plugin-codepipeline-common';
import { BlueGreenDeploymentPanel } from '../BlueGreenDeploymentPanel';
import { EcsDeploymentList } from '../EcsDeploymentList';
import { EcsEventList } from '../EcsEventList';
import { EcsTaskList } from '../EcsTaskList';
import { StatusLabel } from '../StatusLabel';
import { ExternalLink } from '../ExternalLink';
import { ScreenReaderText } from '../ScreenReaderText';

const useStyles = makeStyles(theme => ({
  head: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(2),
    alignItems: 'baseline',
    marginBottom: theme.spacing(1),
  },
  section: { marginTop: theme.spacing(2) },
  environment: { alignSelf: 'center', margin: 0 },
}));

/** The rollout state a person cares about: the primary deployment's, or CodeDeploy's. */
function rolloutStatus(service: EcsServiceStatus): string | undefined {
  if (service.deploymentController === 'CODE_DEPLOY')
    return service.codeDeploy?.status ?? service.status;
  return (
    service.deployments.find(d => d.status === 'PRIMARY')?.rolloutState ??
    service.status
  );
}

export interface EcsServicePanelProps {
  service: EcsServiceStatus;
  /** Card mode: counts, rollout and deployments only. */
  compact?: boolean;
}

/**
 * One ECS service: its environment, AWS account and region (a pipeline may
 * deploy into other accounts than its own), URL behind the load balancer (when tagged), rollout,
 * counts, deployments or blue/green task sets, and (in full mode) tasks and events.
 */
export function EcsServicePanel(props: EcsServicePanelProps) {
  const classes = useStyles();
  const { service, compact } = props;
  const blueGreen = service.deploymentController === 'CODE_DEPLOY';
  // The backend already drops non-web URLs; a link target stays checked where it is rendered.
  const url = safeServiceUrl(service.url);
  // Tells a service's environments apart; without the tag the cluster name below does.
  const environment = safeEnvironmentName(service.environment);
  return (
    <section
      aria-label={`ECS service ${service.serviceName}${
        environment ? ` in ${environment}` : ''
      }`}
    >
      <div className={classes.head}>
        <Typography variant="h6" component="h3">
          <ExternalLink href={service.consoleUrl}>
            {service.serviceName}
          </ExternalLink>
        </Typography>
        {environment ? (
          <Chip
            size="small"
            variant="outlined"
            label={environment}
            title={`Environment: ${environment}`}
            className={classes.environment}
          />
        ) : null}
        <StatusLabel status={rolloutStatus(service)} />
        <Typography variant="body2">
          <ScreenReaderText>Tasks: </ScreenReaderText>
          {`${service.runningCount}/${service.desiredCount} running · ${service.pendingCount} pending`}
        </Typography>
        <Typography variant="body2" color="textSecondary">
          {`${service.clusterName} · ${service.taskDefinition ?? ''} · ${
            blueGreen ? 'blue/green (CodeDeploy)' : 'rolling update'
          }`}
          {service.circuitBreaker?.enable
            ? ` · circuit breaker${
                service.circuitBreaker.rollback ? ' with rollback' : ''
              }`
            : ''}
        </Typography>
        <Typography variant="body2" color="textSecondary">
          {`AWS account ${service.accountId} · ${service.region}`}
        </Typography>
        {url ? (
          <Typography variant="body2">
            <ExternalLink href={url}>{`Open ${url}`}</ExternalLink>
          </Typography>
        ) : null}
      </div>
      {blueGreen ? (
        <BlueGreenDeploymentPanel service={service} />
      ) : (
        <EcsDeploymentList deployments={service.deployments} />
      )}
      {compact ? (
        <EcsEventList events={service.events} limit={2} />
      ) : (
        <>
          <div className={classes.section}>
            <EcsTaskList
              serviceName={service.serviceName}
              tasks={service.tasks}
            />
          </div>
          <div className={classes.section}>
            <Typography variant="subtitle1" component="h4">
              Recent events
            </Typography>
            <EcsEventList events={service.events} />
          </div>
        </>
      )}
    </section>
  );
}
