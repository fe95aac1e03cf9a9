import { Flex, Text } from '@backstage/ui';
import type {
  ActionExecutionDetail,
  BuildDetails,
} from '@slipway/plugin-codepipeline-common';
import { formatDuration, formatTimestamp, secondsBetween } from '../../format';
import { StatusLabel } from '../StatusLabel';
import { ExternalLink } from '../ExternalLink';
import styles from './ActionExecutionList.module.css';

function BuildPhases(props: { build: BuildDetails }) {
  const { build } = props;
  return (
    <>
      <table
        className={styles.phases}
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
                  <Text
                    key={c}
                    as="div"
                    variant="body-small"
                    className={styles.error}
                  >
                    {c}
                  </Text>
                ))}
              </td>
              <td>{formatDuration(phase.durationSeconds)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Flex gap="4">
        {build.logsUrl && (
          <ExternalLink href={build.logsUrl}>Build logs</ExternalLink>
        )}
        <ExternalLink href={build.consoleUrl}>Build in CodeBuild</ExternalLink>
      </Flex>
    </>
  );
}

/** Every action of an execution in stage order: status, times, errors, CodeBuild phases and links. */
export function ActionExecutionList(props: {
  actions: ActionExecutionDetail[];
}) {
  if (props.actions.length === 0) {
    return <Text as="p">No action has run in this execution yet.</Text>;
  }
  return (
    <ol aria-label="Actions of this execution" className={styles.actions}>
      {props.actions.map(action => (
        <li
          key={`${action.stageName}/${action.actionName}/${
            action.actionExecutionId ?? ''
          }`}
          className={styles.action}
          aria-label={`${action.stageName} / ${action.actionName}`}
        >
          <Text as="div" weight="bold">
            {action.stageName} / {action.actionName}
            {action.provider ? ` · ${action.provider}` : ''}
          </Text>
          <StatusLabel status={action.status} />
          <Text as="div" variant="body-small">
            {formatTimestamp(action.startTime)} →{' '}
            {formatTimestamp(action.lastUpdateTime)} (
            {formatDuration(
              secondsBetween(action.startTime, action.lastUpdateTime),
            )}
            )
          </Text>
          {action.summary && <Text as="p">{action.summary}</Text>}
          {action.errorDetails?.message && (
            <Text as="p" className={styles.error}>
              {action.errorDetails.code ? `${action.errorDetails.code}: ` : ''}
              {action.errorDetails.message}
            </Text>
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
