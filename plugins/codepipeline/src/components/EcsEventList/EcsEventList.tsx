import Typography from '@material-ui/core/Typography';
import type { EcsServiceEvent } from '@slipway/plugin-codepipeline-common';
import { formatTimestamp } from '../../format';

/** The service's most recent events, newest first. */
export function EcsEventList(props: {
  events: EcsServiceEvent[];
  limit?: number;
}) {
  const events = props.events.slice(0, props.limit ?? 20);
  if (events.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No recent service events.
      </Typography>
    );
  }
  return (
    <ol
      aria-label="Recent service events"
      style={{ paddingLeft: 0, listStyle: 'none' }}
    >
      {events.map(e => (
        <li key={e.id}>
          <Typography variant="caption" color="textSecondary">
            {formatTimestamp(e.createdAt)}
          </Typography>
          <Typography variant="body2">{e.message}</Typography>
        </li>
      ))}
    </ol>
  );
}
