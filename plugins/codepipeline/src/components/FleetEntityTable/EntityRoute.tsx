import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import { useRouteRef as useLegacyRouteRef } from '@backstage/core-plugin-api';
import {
  routeResolutionApiRef,
  useApiHolder,
  useRouteRef,
} from '@backstage/frontend-plugin-api';
import {
  entityRouteParams,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { ReactElement, useCallback } from 'react';

/** The path of an entity's page, from its ref (`component:default/orders-api`). */
export type EntityPagePath = (entityRef: string) => string;

const appEntityRouteRef = convertLegacyRouteRef(entityRouteRef);

interface WithEntityRouteProps {
  children: (entityPage: EntityPagePath) => ReactElement;
}

/**
 * Resolves the catalog's entity route without reading React Router's
 * location where the app does not route with it: the new frontend system
 * resolves route refs itself (and warns about pages that lean on an implicit
 * React Router context), a legacy app through its routing context. Which one
 * the app is never changes while the page is shown.
 */
export function WithEntityRoute(props: WithEntityRouteProps) {
  const newFrontendSystem = Boolean(useApiHolder().get(routeResolutionApiRef));
  return newFrontendSystem ? (
    <InNewFrontendSystem {...props} />
  ) : (
    <InLegacyApp {...props} />
  );
}

function InNewFrontendSystem(props: WithEntityRouteProps) {
  const route = useRouteRef(appEntityRouteRef);
  const path = useCallback<EntityPagePath>(
    ref => route?.(entityRouteParams(ref)) ?? '',
    [route],
  );
  return props.children(path);
}

function InLegacyApp(props: WithEntityRouteProps) {
  const route = useLegacyRouteRef(entityRouteRef);
  const path = useCallback<EntityPagePath>(
    ref => route(entityRouteParams(ref)),
    [route],
  );
  return props.children(path);
}
