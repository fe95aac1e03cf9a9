import Grid from '@material-ui/core/Grid';
import { EmptyState } from '@backstage/core-components';
import {
  EntityAboutCard,
  EntityHasComponentsCard,
  EntityHasSubcomponentsCard,
  EntityHasSystemsCard,
  EntityLayout,
  EntityLinksCard,
  EntityOrphanWarning,
  EntityProcessingErrorsPanel,
  EntitySwitch,
  hasCatalogProcessingErrors,
  isKind,
  isOrphan,
} from '@backstage/plugin-catalog';
import {
  EntityGroupProfileCard,
  EntityMembersListCard,
  EntityOwnershipCard,
  EntityUserProfileCard,
} from '@backstage/plugin-org';
import {
  EntityCodePipelineCard,
  EntityCodePipelineContent,
  EntityDeliveryTimeline,
  EntityDoraMetricsCard,
  EntityEcsDeploymentsCard,
  EntityEcsDeploymentsContent,
  isCodePipelineAvailable,
  isEcsAvailable,
} from '@slipway/plugin-codepipeline';

const entityWarningContent = (
  <>
    <EntitySwitch>
      <EntitySwitch.Case if={isOrphan}>
        <Grid item xs={12}>
          <EntityOrphanWarning />
        </Grid>
      </EntitySwitch.Case>
    </EntitySwitch>
    <EntitySwitch>
      <EntitySwitch.Case if={hasCatalogProcessingErrors}>
        <Grid item xs={12}>
          <EntityProcessingErrorsPanel />
        </Grid>
      </EntitySwitch.Case>
    </EntitySwitch>
  </>
);

const cicdContent = (
  <EntitySwitch>
    <EntitySwitch.Case if={isCodePipelineAvailable}>
      <EntityCodePipelineContent />
    </EntitySwitch.Case>
    <EntitySwitch.Case>
      <EmptyState
        title="No CI/CD available for this entity"
        missing="info"
        description="Add an aws.amazon.com/aws-codepipeline-arn (or aws.amazon.com/aws-codepipeline-tags) annotation to your component, or create it from the Slipway template."
      />
    </EntitySwitch.Case>
  </EntitySwitch>
);

const deploymentsContent = (
  <EntitySwitch>
    <EntitySwitch.Case if={isEcsAvailable}>
      <EntityEcsDeploymentsContent />
    </EntitySwitch.Case>
    <EntitySwitch.Case>
      <EmptyState
        title="No deployments available for this entity"
        missing="info"
        description="Add an aws.amazon.com/amazon-ecs-service-arn (or aws.amazon.com/amazon-ecs-service-tags) annotation to your component, or create it from the Slipway template."
      />
    </EntitySwitch.Case>
  </EntitySwitch>
);

const deliveryContent = (
  <EntitySwitch>
    <EntitySwitch.Case if={isCodePipelineAvailable}>
      <Grid container spacing={3}>
        <Grid item xs={12} lg={5}>
          <EntityDoraMetricsCard />
        </Grid>
        <Grid item xs={12} lg={7}>
          <EntityDeliveryTimeline />
        </Grid>
      </Grid>
    </EntitySwitch.Case>
    <EntitySwitch.Case>
      <EmptyState
        title="No delivery insights for this entity"
        missing="info"
        description="The commit-to-production timeline and DORA metrics come from CodePipeline history: add an aws.amazon.com/aws-codepipeline-arn (or aws.amazon.com/aws-codepipeline-tags) annotation to your component, or create it from the Slipway template."
      />
    </EntitySwitch.Case>
  </EntitySwitch>
);

const overviewContent = (
  <Grid container spacing={3} alignItems="stretch">
    {entityWarningContent}
    <Grid item md={6}>
      <EntityAboutCard />
    </Grid>
    <EntitySwitch>
      <EntitySwitch.Case if={isCodePipelineAvailable}>
        <Grid item md={6}>
          <EntityCodePipelineCard />
        </Grid>
      </EntitySwitch.Case>
    </EntitySwitch>
    <EntitySwitch>
      <EntitySwitch.Case if={isEcsAvailable}>
        <Grid item md={6}>
          <EntityEcsDeploymentsCard />
        </Grid>
      </EntitySwitch.Case>
    </EntitySwitch>
    <EntitySwitch>
      <EntitySwitch.Case if={isCodePipelineAvailable}>
        <Grid item md={6}>
          <EntityDoraMetricsCard />
        </Grid>
      </EntitySwitch.Case>
    </EntitySwitch>
    <Grid item md={4} xs={12}>
      <EntityLinksCard />
    </Grid>
    <Grid item md={8} xs={12}>
      <EntityHasSubcomponentsCard />
    </Grid>
  </Grid>
);

const componentPage = (
  <EntityLayout>
    <EntityLayout.Route path="/" title="Overview">
      {overviewContent}
    </EntityLayout.Route>
    <EntityLayout.Route path="/ci-cd" title="CI/CD">
      {cicdContent}
    </EntityLayout.Route>
    <EntityLayout.Route path="/deployments" title="Deployments">
      {deploymentsContent}
    </EntityLayout.Route>
    <EntityLayout.Route path="/delivery" title="Delivery">
      {deliveryContent}
    </EntityLayout.Route>
  </EntityLayout>
);

const userPage = (
  <EntityLayout>
    <EntityLayout.Route path="/" title="Overview">
      <Grid container spacing={3}>
        {entityWarningContent}
        <Grid item xs={12} md={6}>
          <EntityUserProfileCard />
        </Grid>
        <Grid item xs={12} md={6}>
          <EntityOwnershipCard />
        </Grid>
      </Grid>
    </EntityLayout.Route>
  </EntityLayout>
);

const groupPage = (
  <EntityLayout>
    <EntityLayout.Route path="/" title="Overview">
      <Grid container spacing={3}>
        {entityWarningContent}
        <Grid item xs={12} md={6}>
          <EntityGroupProfileCard />
        </Grid>
        <Grid item xs={12} md={6}>
          <EntityOwnershipCard />
        </Grid>
        <Grid item xs={12}>
          <EntityMembersListCard />
        </Grid>
      </Grid>
    </EntityLayout.Route>
  </EntityLayout>
);

const systemPage = (
  <EntityLayout>
    <EntityLayout.Route path="/" title="Overview">
      <Grid container spacing={3} alignItems="stretch">
        {entityWarningContent}
        <Grid item md={6}>
          <EntityAboutCard />
        </Grid>
        <Grid item md={6}>
          <EntityHasComponentsCard />
        </Grid>
      </Grid>
    </EntityLayout.Route>
  </EntityLayout>
);

const defaultPage = (
  <EntityLayout>
    <EntityLayout.Route path="/" title="Overview">
      <Grid container spacing={3} alignItems="stretch">
        {entityWarningContent}
        <Grid item md={6}>
          <EntityAboutCard />
        </Grid>
        <Grid item md={6}>
          <EntityHasSystemsCard />
        </Grid>
      </Grid>
    </EntityLayout.Route>
  </EntityLayout>
);

export const entityPage = (
  <EntitySwitch>
    <EntitySwitch.Case if={isKind('component')} children={componentPage} />
    <EntitySwitch.Case if={isKind('user')} children={userPage} />
    <EntitySwitch.Case if={isKind('group')} children={groupPage} />
    <EntitySwitch.Case if={isKind('system')} children={systemPage} />
    <EntitySwitch.Case>{defaultPage}</EntitySwitch.Case>
  </EntitySwitch>
);
