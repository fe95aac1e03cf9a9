import { Flex, Text } from '@backstage/ui';
// Backstage UI has no progress bar.
import LinearProgress from '@material-ui/core/LinearProgress';

/**
 * While the backend reads the fleet for the first time (a cold start reads
 * every service from AWS): how far it got, as words and as a bar.
 */
export function FleetLoadProgress(props: { ready: number; total: number }) {
  const { ready, total } = props;
  const percent = total > 0 ? Math.round((ready / total) * 100) : 0;
  const words = `Reading ${ready} of ${total} services…`;
  return (
    <Flex direction="column" gap="2">
      <Text as="p" role="status">
        {words}
      </Text>
      <LinearProgress
        variant="determinate"
        value={percent}
        aria-label="Services read"
        aria-valuetext={words}
      />
    </Flex>
  );
}
