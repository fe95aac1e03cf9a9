import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { useMemo } from 'react';

/** The current entity's reference, stable across renders of the same entity. */
export function useEntityRef() {
  const { entity } = useEntity();
  const { kind, namespace, name } = getCompoundEntityRef(entity);
  return useMemo(() => ({ kind, namespace, name }), [kind, namespace, name]);
}
