import { parseEntityRef } from '@backstage/catalog-model';
import type {
  EcsRolloutState,
  FleetEntityStatus,
} from '@slipway/plugin-codepipeline-common';

/** The delivery overview's entity statuses as people say them. */
export const FLEET_STATUS_LABEL: Record<FleetEntityStatus, string> = {
  failing: 'Failing',
  'awaiting-approval': 'Awaiting approval',
  'rolling-out': 'Rolling out',
  'in-progress': 'In progress',
  healthy: 'Healthy',
  unknown: 'Unknown',
  loading: 'Reading…',
};

/** An ECS rollout's state, as the overview's rollouts column says it. */
export const ROLLOUT_STATE_LABEL: Record<EcsRolloutState, string> = {
  IN_PROGRESS: 'Rolling out',
  FAILED: 'Rollout failed',
  COMPLETED: 'Completed',
};

/**
 * An entity ref as a person reads it: the bare name for the kind expected
 * in that place in the default namespace (`group:default/payments` →
 * `payments`), else without the default parts (`group:ops/sre` → `ops/sre`,
 * `user:default/jo` → `user:jo`).
 */
export function readableRef(ref: string, expectedKind: string): string {
  try {
    const { kind, namespace, name } = parseEntityRef(ref);
    const sameKind =
      kind.toLocaleLowerCase('en-US') ===
      expectedKind.toLocaleLowerCase('en-US');
    const path = namespace === 'default' ? name : `${namespace}/${name}`;
    return sameKind ? path : `${kind.toLocaleLowerCase('en-US')}:${path}`;
  } catch {
    return ref;
  }
}
