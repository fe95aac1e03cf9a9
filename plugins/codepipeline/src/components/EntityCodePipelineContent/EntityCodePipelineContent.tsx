import Grid from '@material-ui/core/Grid';
import { AnnotatedResourcesCard } from '../AnnotatedResourcesCard';

/** The entity's CI/CD tab. */
export function EntityCodePipelineContent() {
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <AnnotatedResourcesCard title="Pipelines and deployments" />
      </Grid>
    </Grid>
  );
}
