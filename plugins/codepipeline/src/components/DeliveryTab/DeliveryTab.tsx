import Grid from '@material-ui/core/Grid';
import { EntityDeliveryTimeline } from '../EntityDeliveryTimeline';
import { EntityDoraMetricsCard } from '../EntityDoraMetricsCard';

/** The Delivery tab of the new frontend system: DORA metrics beside the commit-to-production timeline. */
export function DeliveryTab() {
  return (
    <Grid container spacing={3}>
      <Grid item xs={12} lg={5}>
        <EntityDoraMetricsCard />
      </Grid>
      <Grid item xs={12} lg={7}>
        <EntityDeliveryTimeline />
      </Grid>
    </Grid>
  );
}
