import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
  StatusWarning,
} from '@backstage/core-components';

/** The visual family of a CodePipeline, ECS, CodeBuild or CodeDeploy status. */
export type StatusTone =
  | 'ok'
  | 'error'
  | 'running'
  | 'pending'
  | 'aborted'
  | 'warning';

const TONES: Record<string, StatusTone> = {
  succeeded: 'ok',
  completed: 'ok',
  steady_state: 'ok',
  healthy: 'ok',
  running: 'running',
  inprogress: 'running',
  in_progress: 'running',
  in_progress_rollback: 'running',
  stopping: 'running',
  ready: 'pending',
  pending: 'pending',
  queued: 'pending',
  created: 'pending',
  provisioning: 'pending',
  activating: 'pending',
  notreached: 'pending',
  failed: 'error',
  fault: 'error',
  timed_out: 'error',
  unhealthy: 'error',
  stopped: 'aborted',
  cancelled: 'aborted',
  abandoned: 'aborted',
  superseded: 'aborted',
  skipped: 'aborted',
  inactive: 'aborted',
  deactivating: 'aborted',
};

/** Maps any status string Slipway shows to a tone; unknown ones are warnings. */
export function statusTone(status?: string): StatusTone {
  if (!status) return 'pending';
  return TONES[status.toLowerCase()] ?? 'warning';
}

/** `InProgress` → `In progress`, `IN_PROGRESS` → `In progress`. */
export function humanizeStatus(status?: string): string {
  if (!status) return 'Not run';
  const words = status
    .replace(/_/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const COMPONENTS = {
  ok: StatusOK,
  error: StatusError,
  running: StatusRunning,
  pending: StatusPending,
  aborted: StatusAborted,
  warning: StatusWarning,
};

/** A status with its Backstage status icon/colour and a readable label. */
export function StatusLabel(props: { status?: string; label?: string }) {
  const Component = COMPONENTS[statusTone(props.status)];
  return <Component>{props.label ?? humanizeStatus(props.status)}</Component>;
}
