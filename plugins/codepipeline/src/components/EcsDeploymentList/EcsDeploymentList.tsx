import { Flex, Text } from '@backstage/ui';
import LinearProgress from '@material-ui/core/LinearProgress';
import type { EcsDeployment } from '@slipway/plugin-codepipeline-common';
import { formatRelative } from '../../format';
import { StatusLabel } from '../StatusLabel';
import styles from './EcsDeploymentList.module.css';

/** Running tasks as a share of desired ones; a deployment scaled to zero with none left is done. */
function rolloutPercent(d: EcsDeployment): number {
  if (d.desiredCount > 0) {
    return Math.min(100, (d.runningCount / d.desiredCount) * 100);
  }
  return d.runningCount === 0 ? 100 : 0;
}

/** PRIMARY and ACTIVE deployments with task definition revision, counts and a rollout progress bar. */
export function EcsDeploymentList(props: { deployments: EcsDeployment[] }) {
  const deployments = props.deployments.filter(d => d.status !== 'INACTIVE');
  if (deployments.length === 0) return null;
  return (
    <ul aria-label="Deployments" className={styles.deployments}>
      {deployments.map(d => {
        const percent = rolloutPercent(d);
        return (
          <li
            key={d.id}
            aria-label={`${d.status} deployment ${d.taskDefinition}`}
          >
            <Flex direction="column" gap="1">
              <Flex align="baseline" gap="4" style={{ flexWrap: 'wrap' }}>
                <Text weight="bold">{d.status}</Text>
                <Text>{d.taskDefinition}</Text>
                <StatusLabel
                  status={d.rolloutState}
                  label={d.rolloutState ? undefined : 'Rollout state unknown'}
                />
                <Text variant="body-small">
                  {`${d.runningCount}/${d.desiredCount} running, ${d.pendingCount} pending`}
                </Text>
                {d.failedTasks > 0 && (
                  <Text
                    className={styles.failed}
                  >{`${d.failedTasks} failed tasks`}</Text>
                )}
                <Text variant="body-small">{formatRelative(d.createdAt)}</Text>
              </Flex>
              {/* Backstage UI has no progress bar. */}
              <LinearProgress
                variant="determinate"
                value={percent}
                color={d.rolloutState === 'FAILED' ? 'secondary' : 'primary'}
                aria-label={`${d.taskDefinition}: ${d.runningCount} of ${d.desiredCount} tasks running`}
              />
              {d.rolloutStateReason && (
                <Text as="p" variant="body-small">
                  {d.rolloutStateReason}
                </Text>
              )}
            </Flex>
          </li>
        );
      })}
    </ul>
  );
}
