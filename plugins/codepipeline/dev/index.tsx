import { createDevApp } from '@backstage/dev-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { TestApiProvider } from '@backstage/test-utils';
import Grid from '@material-ui/core/Grid';
import type { ReactNode } from 'react';
import {
  codePipelineApiRef,
  codePipelinePlugin,
  EntityCodePipelineCard,
  EntityCodePipelineContent,
  EntityDeliveryTimeline,
  EntityDoraMetricsCard,
  EntityEcsDeploymentsCard,
  EntityEcsDeploymentsContent,
} from '../src';
import {
  backendError,
  checkoutWebEntity,
  docsSiteWithoutAnnotations,
  ecsBlueGreenShiftingTraffic,
  ecsCircuitBreakerRollback,
  ecsPartialAccessDenied,
  ecsServiceWithUrl,
  fakeCodePipelineApi,
  healthNotConfigured,
  multiPipelineAwaitingApproval,
  partialFailureThrottled,
  pipelineBuildInProgress,
  pipelineFailedBuild,
  pipelineNotFound,
  pipelinesAccountNotConfigured,
  pipelinesResponse,
  resultOf,
} from '../src/__fixtures__';
import { DeliverySituations } from './DeliverySituations';
import { DevPage } from './DevPage';
import { allowAll, denyAll, fail, Situation } from './Situation';

function EveryState() {
  return (
    <DevPage
      title="Slipway CodePipeline"
      subtitle="Every state, side by side, over a fake backend"
    >
      <Grid container spacing={3}>
        <Situation title="Two pipelines, one awaiting approval">
          <EntityCodePipelineCard />
        </Situation>
        <Situation
          title="Build in progress"
          api={{
            getPipelines: async () =>
              pipelinesResponse([resultOf(pipelineBuildInProgress)]),
          }}
        >
          <EntityCodePipelineCard />
        </Situation>
        <Situation
          title="Failed build"
          api={{
            getPipelines: async () =>
              pipelinesResponse([resultOf(pipelineFailedBuild)]),
          }}
        >
          <EntityCodePipelineCard />
        </Situation>
        <Situation
          title="Partial failure: one pipeline throttled"
          api={{ getPipelines: async () => partialFailureThrottled }}
        >
          <EntityCodePipelineCard />
        </Situation>
        <Situation
          title="AWS account not configured"
          api={{
            getPipelines: async () => pipelinesAccountNotConfigured,
            getHealth: async () => healthNotConfigured,
          }}
        >
          <EntityCodePipelineCard />
        </Situation>
        <Situation
          title="Pipeline not found"
          api={{ getPipelines: async () => pipelineNotFound }}
        >
          <EntityCodePipelineCard />
        </Situation>
        <Situation
          title="Not permitted"
          api={{
            getPipelines: fail(
              backendError(
                403,
                'NotAllowedError',
                'Missing permission codepipeline.entity.read.',
              ),
            ),
          }}
        >
          <EntityCodePipelineCard />
        </Situation>
        <Situation
          title="Backend unavailable"
          api={{ getPipelines: fail(new TypeError('Failed to fetch')) }}
        >
          <EntityCodePipelineCard />
        </Situation>
        <Situation
          title="Loading"
          api={{ getPipelines: () => new Promise(() => {}) }}
        >
          <EntityCodePipelineCard />
        </Situation>
        <Situation
          title="Missing annotation"
          entity={docsSiteWithoutAnnotations}
        >
          <EntityCodePipelineCard />
        </Situation>
        <Situation
          title="ECS: circuit-breaker rollback"
          api={{ getEcsServices: async () => ecsCircuitBreakerRollback }}
        >
          <EntityEcsDeploymentsCard />
        </Situation>
        <Situation
          title="ECS: steady, behind the load balancer (URL)"
          api={{ getEcsServices: async () => ecsServiceWithUrl }}
        >
          <EntityEcsDeploymentsCard />
        </Situation>
        <Situation
          title="ECS: blue/green shifting traffic"
          api={{ getEcsServices: async () => ecsBlueGreenShiftingTraffic }}
        >
          <EntityEcsDeploymentsCard />
        </Situation>
        <Situation
          title="ECS: partial failure, access denied"
          api={{ getEcsServices: async () => ecsPartialAccessDenied }}
        >
          <EntityEcsDeploymentsCard />
        </Situation>
        <DeliverySituations />
      </Grid>
    </DevPage>
  );
}

function Tab(props: {
  title: string;
  readOnly?: boolean;
  children: ReactNode;
}) {
  return (
    <DevPage title={props.title}>
      <TestApiProvider
        apis={[
          [
            codePipelineApiRef,
            fakeCodePipelineApi({
              getPipelines: async () => multiPipelineAwaitingApproval,
              getEcsServices: async () => ecsBlueGreenShiftingTraffic,
            }),
          ],
          [permissionApiRef, props.readOnly ? denyAll : allowAll],
        ]}
      >
        <EntityProvider entity={checkoutWebEntity}>
          {props.children}
        </EntityProvider>
      </TestApiProvider>
    </DevPage>
  );
}

// Every API here is faked, so the dev app needs no backend; but Backstage's
// guest sign-in asks the auth backend, and fails without it. On a browser's
// first visit, sign in as Backstage's local guest instead: the sign-in page
// remembers the guest provider and its `enableLegacyGuestToken` switch makes
// the guest local. Later choices (e.g. Backstage offering the backend's guest
// module when the example backend also runs) are the browser's.
const GUEST_CHOSEN = 'slipway-codepipeline-dev:guest-chosen';
if (!localStorage.getItem(GUEST_CHOSEN)) {
  localStorage.setItem('@backstage/core:SignInPage:provider', 'guest');
  localStorage.setItem('enableLegacyGuestToken', 'true');
  localStorage.setItem(GUEST_CHOSEN, 'true');
}

createDevApp()
  .registerPlugin(codePipelinePlugin)
  .addPage({ element: <EveryState />, title: 'Every state', path: '/states' })
  .addPage({
    element: (
      <Tab title="CI/CD tab">
        <EntityCodePipelineContent />
      </Tab>
    ),
    title: 'CI/CD tab',
    path: '/ci-cd',
  })
  .addPage({
    element: (
      <Tab title="CI/CD tab, read-only user" readOnly>
        <EntityCodePipelineContent />
      </Tab>
    ),
    title: 'Read-only',
    path: '/read-only',
  })
  .addPage({
    element: (
      <Tab title="Deployments tab">
        <EntityEcsDeploymentsContent />
      </Tab>
    ),
    title: 'Deployments tab',
    path: '/deployments',
  })
  .addPage({
    element: (
      <Tab title="Delivery tab">
        <Grid container spacing={3}>
          <Grid item xs={12} lg={5}>
            <EntityDoraMetricsCard />
          </Grid>
          <Grid item xs={12} lg={7}>
            <EntityDeliveryTimeline />
          </Grid>
        </Grid>
      </Tab>
    ),
    title: 'Delivery tab',
    path: '/delivery',
  })
  .render();
