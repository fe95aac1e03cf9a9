import { ButtonIcon, Tooltip, TooltipTrigger } from '@backstage/ui';
// Backstage UI ships no icon set of its own (its icons come from a package
// this plugin does not depend on): Material UI's refresh icon.
import Refresh from '@material-ui/icons/Refresh';
import { formatTimestamp } from '../../format';

/**
 * Asks the backend again, bypassing its cache; shows a spinner in place (same
 * size, no jump) and ignores presses while any request is in flight.
 */
export function RefreshButton(props: {
  refreshing: boolean;
  onRefresh: () => void;
  refreshedAt?: string;
}) {
  const title = props.refreshedAt
    ? `Refresh (last read from AWS ${formatTimestamp(props.refreshedAt)})`
    : 'Refresh';
  return (
    <TooltipTrigger>
      <ButtonIcon
        aria-label="Refresh"
        variant="tertiary"
        size="small"
        icon={<Refresh fontSize="small" />}
        isPending={props.refreshing}
        onPress={props.onRefresh}
      />
      <Tooltip>{title}</Tooltip>
    </TooltipTrigger>
  );
}
