import { createBackend } from '@backstage/backend-defaults';
import { localWorldPublishModule } from './modules/localPublish';
import { slipwayPermissionPolicyModule } from './modules/permissionPolicy';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);

backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
backend.add(import('@slipway/plugin-scaffolder-backend-module-aws'));
// Demo only: on the local world (`npm start` without AWS), the template
// publishes to the local world's git server instead of GitHub.
if (process.env.SLIPWAY_LOCAL_WORLD_URL) backend.add(localWorldPublishModule);

backend.add(import('@backstage/plugin-permission-backend'));
backend.add(slipwayPermissionPolicyModule);

backend.add(import('@slipway/plugin-codepipeline-backend'));

// Backstage's MCP server at /api/mcp-actions/v1: AI agents call the read actions
// of the plugins in backend.actions.pluginSources (Slipway's status and delivery
// overview actions, the catalog's), with the caller's own permissions.
backend.add(import('@backstage/plugin-mcp-actions-backend'));

// Delivery notifications (failed runs, rollbacks, waiting approvals) and their live push to the browser;
// the events backend carries signals between replicas. AWS change events come
// in through the SQS module (codepipeline.liveUpdates, events.modules.awsSqs).
backend.add(import('@backstage/plugin-events-backend'));
backend.add(import('@backstage/plugin-events-backend-module-aws-sqs'));
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

backend.start();
