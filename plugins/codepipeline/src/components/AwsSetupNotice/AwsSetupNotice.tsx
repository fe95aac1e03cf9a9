import { Flex, Text } from '@backstage/ui';
// Backstage UI has no progress bar.
import LinearProgress from '@material-ui/core/LinearProgress';
import HourglassEmpty from '@material-ui/icons/HourglassEmpty';
import type { ReactNode } from 'react';
import { useAwsHealth } from '../../hooks/useAwsHealth';
import { AwsSetupPanel } from './AwsSetupPanel';
import { useSetupPanelClaim } from './setupPanelClaim';

export interface AwsSetupNoticeProps {
  /** What is waiting, named in the one-line form ("checkout-web"). */
  name?: string;
  /** Shown instead when the backend reaches AWS (or cannot say whether it does). */
  fallback?: ReactNode;
}

/**
 * Where a card would say "AWS is not configured": the first such place on the
 * page shows the setup panel, every other one a single neutral line pointing
 * to it. When AWS is in fact configured and reachable, shows `fallback`.
 */
export function AwsSetupNotice(props: AwsSetupNoticeProps) {
  const { name, fallback = null } = props;
  const health = useAwsHealth();
  const claim = useSetupPanelClaim();
  if (health.loading) {
    return <LinearProgress aria-label="Checking the AWS connection" />;
  }
  const aws = health.value?.aws;
  if (!aws || (aws.configured && aws.reachable)) {
    return <>{fallback}</>;
  }
  const waitingFor = aws.configured ? 'AWS to be reachable' : 'AWS setup';
  const see = aws.configured ? 'AWS is not reachable' : 'AWS is not configured';
  return (
    <div ref={claim.ref}>
      {claim.holds ? (
        <AwsSetupPanel aws={aws} />
      ) : (
        // Quiet through its size and icon, not its colour: it also shows
        // outside Slipway's cards, where nothing lifts Backstage UI's
        // dark-theme secondary text (4.03:1 on a neutral surface) to AA.
        <Flex align="center" gap="1">
          <HourglassEmpty fontSize="small" aria-hidden />
          <Text as="p" variant="body-small">
            {`${
              name ? `${name}: waiting` : 'Waiting'
            } for ${waitingFor} — see “${see}” on this page.`}
          </Text>
        </Flex>
      )}
    </div>
  );
}
