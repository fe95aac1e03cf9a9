import { Grid } from '@backstage/ui';
import { EntityDeliveryTimeline } from '../EntityDeliveryTimeline';
import { EntityDoraMetricsCard } from '../EntityDoraMetricsCard';

/** The Delivery tab of the new frontend system: DORA metrics beside the commit-to-production timeline. */
export function DeliveryTab() {
  return (
    <Grid.Root columns={{ initial: '1', lg: '12' }} gap="6">
      <Grid.Item colSpan={{ initial: '1', lg: '5' }}>
        <EntityDoraMetricsCard />
      </Grid.Item>
      <Grid.Item colSpan={{ initial: '1', lg: '7' }}>
        <EntityDeliveryTimeline />
      </Grid.Item>
    </Grid.Root>
  );
}
