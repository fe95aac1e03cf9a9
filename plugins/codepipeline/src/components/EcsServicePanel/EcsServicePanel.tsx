import { Badge, Flex, Text } from '@backstage/ui';
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
      <Flex direction="column" gap="4">
        <Flex align="center" gap="4" style={{ flexWrap: 'wrap' }}>
          <Text as="h3" variant="title-x-small" weight="bold">
            <ExternalLink href={service.consoleUrl}>
              {service.serviceName}
            </ExternalLink>
          </Text>
          {environment ? (
            <Badge size="medium" title={`Environment: ${environment}`}>
              {environment}
            </Badge>
          ) : null}
          <StatusLabel status={rolloutStatus(service)} />
          <Text>
            <ScreenReaderText>Tasks: </ScreenReaderText>
            {`${service.runningCount}/${service.desiredCount} running · ${service.pendingCount} pending`}
          </Text>
          <Text variant="body-small">
            {`${service.clusterName} · ${service.taskDefinition ?? ''} · ${
              blueGreen ? 'blue/green (CodeDeploy)' : 'rolling update'
            }`}
            {service.circuitBreaker?.enable
              ? ` · circuit breaker${
                  service.circuitBreaker.rollback ? ' with rollback' : ''
                }`
              : ''}
          </Text>
          <Text variant="body-small">
            {`AWS account ${service.accountId} · ${service.region}`}
          </Text>
          {url ? (
            <Text>
              <ExternalLink href={url}>{`Open ${url}`}</ExternalLink>
            </Text>
          ) : null}
        </Flex>
        {blueGreen ? (
          <BlueGreenDeploymentPanel service={service} />
        ) : (
          <EcsDeploymentList deployments={service.deployments} />
        )}
        {compact ? (
          <EcsEventList events={service.events} limit={2} />
        ) : (
          <>
            <EcsTaskList
              serviceName={service.serviceName}
              tasks={service.tasks}
            />
            <Flex direction="column" gap="2">
              <Text as="h4" variant="body-large" weight="bold">
                Recent events
              </Text>
              <EcsEventList events={service.events} />
            </Flex>
          </>
        )}
      </Flex>
    </section>
  );
}
