/**
 * What an execution status means, shared by the services, the cache policy
 * and the pure insight modules (which import nothing from `services/`).
 */
const FINISHED = new Set([
  'Succeeded',
  'Failed',
  'Stopped',
  'Superseded',
  'Cancelled',
]);

/** The execution will not change any more. */
export function isExecutionFinished(status: string): boolean {
  return FINISHED.has(status);
}
