import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The deadline that AWS calls made in the current async context must meet,
 * and whether any of them missed it (or timed out on its own).
 */
export interface AwsDeadline {
  /** Epoch milliseconds; `Infinity` when only the per-call timeout applies. */
  readonly at: number;
  /** AWS calls in this scope (or nested ones) that timed out. */
  readonly timedOutCalls: number;
}

interface Scope extends AwsDeadline {
  timedOutCalls: number;
  parent?: Scope;
}

const storage = new AsyncLocalStorage<Scope>();

/**
 * Runs `work` so that every AWS call it makes through {@link AwsClientFactory}
 * clients, directly or through anything it awaits, fails with an
 * {@link AwsTimeoutError} once `timeoutMs` have passed (or the enclosing
 * deadline, whichever is earlier). Also opens a scope whose
 * {@link AwsDeadline.timedOutCalls} counts only this work's timeouts, so a
 * cache can decline to keep an answer that is incomplete.
 *
 * @public
 */
export function withAwsDeadline<T>(
  timeoutMs: number,
  work: () => Promise<T>,
): Promise<T> {
  const parent = storage.getStore();
  const at = Math.min(parent?.at ?? Infinity, Date.now() + timeoutMs);
  return storage.run({ at, timedOutCalls: 0, parent }, work);
}

/** The deadline of the current async context, if any. @public */
export function currentAwsDeadline(): AwsDeadline | undefined {
  return storage.getStore();
}

/** Milliseconds left before the current deadline (Infinity without one). */
export function remainingMs(): number {
  return (storage.getStore()?.at ?? Infinity) - Date.now();
}

/** Records a timed-out call in the current scope and every enclosing one. */
export function recordTimeout(): void {
  for (let scope = storage.getStore(); scope; scope = scope.parent) {
    scope.timedOutCalls++;
  }
}

/** Why an AWS call was cut off. */
export type AwsTimeoutReason =
  /** No TCP connection within the connect timeout. */
  | 'connect'
  /** Connected, but no answer within the request timeout (on every attempt). */
  | 'request'
  /** The caller's overall deadline (a route's, or the per-call limit) passed first. */
  | 'deadline';

/**
 * An AWS call that did not complete in time: which call, to which endpoint,
 * after how long. Classified as kind `timeout` by `describeAwsError`.
 *
 * @public
 */
export class AwsTimeoutError extends Error {
  readonly name = 'AwsTimeoutError';
  readonly code = 'ETIMEDOUT';
  readonly service: string;
  readonly operation: string;
  readonly region: string;
  readonly endpoint: string;
  readonly elapsedMs: number;
  readonly reason: AwsTimeoutReason;

  constructor(details: {
    service: string;
    operation: string;
    region: string;
    endpoint: string;
    elapsedMs: number;
    reason: AwsTimeoutReason;
  }) {
    const seconds = (details.elapsedMs / 1000).toFixed(1);
    const what =
      details.reason === 'connect'
        ? `could not connect to ${details.endpoint}`
        : `got no answer from ${details.endpoint}`;
    super(
      `${details.service} ${details.operation} (${details.region}) ${what} within ${seconds} s`,
    );
    this.service = details.service;
    this.operation = details.operation;
    this.region = details.region;
    this.endpoint = details.endpoint;
    this.elapsedMs = details.elapsedMs;
    this.reason = details.reason;
  }
}
