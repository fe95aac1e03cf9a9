import { Alert, Flex, Text } from '@backstage/ui';
import LinearProgress from '@material-ui/core/LinearProgress';
import type {
  EcsServiceStatus,
  EcsTaskSet,
} from '@slipway/plugin-codepipeline-common';
import type { ReactNode } from 'react';
import { RESOURCE_ERROR_TEXT } from '../../errors';
import { StatusLabel } from '../StatusLabel';
import { ExternalLink } from '../ExternalLink';
import styles from './BlueGreenDeploymentPanel.module.css';

/** A wrapping line of facts about one deployment or task set. */
function FactLine(props: { children: ReactNode }) {
  return (
    <Flex align="baseline" gap="4" style={{ flexWrap: 'wrap' }}>
      {props.children}
    </Flex>
  );
}

function TaskSetRow(props: { taskSet: EcsTaskSet }) {
  const t = props.taskSet;
  const weight = t.trafficWeight;
  return (
    <li
      aria-label={`Task set ${t.targetGroupRole ?? t.status} ${
        t.taskDefinition
      }`}
    >
      <Flex direction="column" gap="2">
        <FactLine>
          <Text weight="bold">{t.targetGroupRole ?? t.status}</Text>
          <Text>{t.taskDefinition}</Text>
          <Text variant="body-small">
            {`${t.runningCount ?? 0}/${t.computedDesiredCount ?? '?'} running`}
            {t.targetGroupName ? ` · ${t.targetGroupName}` : ''}
          </Text>
          <Text>
            {weight === undefined ? 'traffic unknown' : `${weight}% of traffic`}
          </Text>
        </FactLine>
        {/* Backstage UI has no progress bar. */}
        <LinearProgress
          variant="determinate"
          value={weight ?? 0}
          aria-label={`${t.targetGroupRole ?? t.status} traffic ${
            weight ?? 0
          }%`}
        />
      </Flex>
    </li>
  );
}

/** The CodeDeploy blue/green deployment: status, lifecycle events and task sets with traffic weights. */
export function BlueGreenDeploymentPanel(props: { service: EcsServiceStatus }) {
  const { codeDeploy, codeDeployError } = props.service;
  const taskSets = codeDeploy?.taskSets.length
    ? codeDeploy.taskSets
    : props.service.taskSets;
  return (
    <section aria-label="Blue/green deployment" className={styles.panel}>
      {codeDeployError && (
        <Alert
          status="warning"
          icon
          role="alert"
          title={`${RESOURCE_ERROR_TEXT[codeDeployError.kind].title}: ${
            codeDeployError.message
          }`}
        />
      )}
      {codeDeploy && (
        <>
          <FactLine>
            <Text weight="bold">CodeDeploy</Text>
            <StatusLabel status={codeDeploy.status} />
            <ExternalLink href={codeDeploy.consoleUrl}>
              {codeDeploy.deploymentId}
            </ExternalLink>
            <Text variant="body-small">{codeDeploy.deploymentConfigName}</Text>
          </FactLine>
          {codeDeploy.errorMessage && (
            <Alert
              status="danger"
              icon
              role="alert"
              title={codeDeploy.errorMessage}
            />
          )}
          {codeDeploy.rollbackInfo && (
            <Alert
              status="info"
              icon
              role="alert"
              title={codeDeploy.rollbackInfo}
            />
          )}
          <ol
            className={`${styles.plainList} ${styles.lifecycleEvents}`}
            aria-label="Lifecycle events"
          >
            {codeDeploy.lifecycleEvents.map(e => (
              <li key={e.name} title={e.diagnostics}>
                <StatusLabel status={e.status} label={`${e.name}`} />
              </li>
            ))}
          </ol>
        </>
      )}
      {taskSets.length > 0 && (
        <ul
          className={`${styles.plainList} ${styles.taskSets}`}
          aria-label="Task sets"
        >
          {taskSets.map(t => (
            <TaskSetRow key={t.id} taskSet={t} />
          ))}
        </ul>
      )}
    </section>
  );
}
