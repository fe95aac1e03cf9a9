import { createRouteRef } from '@backstage/core-plugin-api';

export const rootRouteRef = createRouteRef({
  id: 'codepipeline',
});

/** The delivery overview page (`/delivery-overview` in the example app). */
export const deliveryOverviewRouteRef = createRouteRef({
  id: 'codepipeline:delivery-overview',
});
