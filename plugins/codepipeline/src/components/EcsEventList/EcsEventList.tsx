import { Text } from '@backstage/ui';
import type { EcsServiceEvent } from '@slipway/plugin-codepipeline-common';
import { formatTimestamp } from '../../format';

/** The service's most recent events, newest first. */
export function EcsEventList(props: {
  events: EcsServiceEvent[];
  limit?: number;
}) {
  const events = props.events.slice(0, props.limit ?? 20);
  if (events.length === 0) {
    return <Text as="p">No recent service events.</Text>;
  }
  return (
    <ol
      aria-label="Recent service events"
      style={{
        display: 'flex',
        flexDirection: 'column',
        gap: 'var(--bui-space-2)',
        margin: 0,
        padding: 0,
        listStyle: 'none',
      }}
    >
      {events.map(e => (
        <li key={e.id}>
          <Text as="p" variant="body-small">
            {formatTimestamp(e.createdAt)}
          </Text>
          <Text as="p">{e.message}</Text>
        </li>
      ))}
    </ol>
  );
}
