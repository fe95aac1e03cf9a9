import CircularProgress from '@material-ui/core/CircularProgress';
import IconButton from '@material-ui/core/IconButton';
import Tooltip from '@material-ui/core/Tooltip';
import Refresh from '@material-ui/icons/Refresh';
import { formatTimestamp } from '../../format';

/** Asks the backend again, bypassing its cache; spins (same size, no jump) while any request is in flight. */
export function RefreshButton(props: {
  refreshing: boolean;
  onRefresh: () => void;
  refreshedAt?: string;
}) {
  const title = props.refreshedAt
    ? `Refresh (last read from AWS ${formatTimestamp(props.refreshedAt)})`
    : 'Refresh';
  return (
    <Tooltip title={title}>
      <span>
        <IconButton
          aria-label="Refresh"
          onClick={props.onRefresh}
          disabled={props.refreshing}
          size="small"
        >
          {props.refreshing ? (
            <CircularProgress size={20} aria-label="Refreshing" />
          ) : (
            <Refresh />
          )}
        </IconButton>
      </span>
    </Tooltip>
  );
}
