import { createBackend } from '@backstage/backend-defaults';
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

backend.add(import('@backstage/plugin-permission-backend'));
backend.add(slipwayPermissionPolicyModule);

backend.add(import('@slipway/plugin-codepipeline-backend'));

// Delivery notifications (failed runs, rollbacks, waiting approvals) and their live push to the browser;
// the events backend carries signals between replicas.
backend.add(import('@backstage/plugin-events-backend'));
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

backend.start();
