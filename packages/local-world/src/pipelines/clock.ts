/**
 * Time as the executor sees it: the current time and timers. The real clock
 * uses the process's; tests use {@link FakeClock} so that every run is
 * deterministic.
 */
export interface Clock {
  now(): Date;
  /** Calls `callback` after `ms` milliseconds; returns a cancel function. */
  schedule(ms: number, callback: () => void): () => void;
}

export const systemClock: Clock = {
  now: () => new Date(),
  schedule(ms, callback) {
    const timer = setTimeout(callback, ms);
    timer.unref?.();
    return () => clearTimeout(timer);
  },
};

/** Resolves after `ms` on `clock`, or rejects once `signal` aborts. */
export function sleep(
  clock: Clock,
  ms: number,
  signal?: AbortSignal,
): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const cancel = clock.schedule(ms, () => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    });
    function onAbort() {
      cancel();
      reject(signal?.reason);
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

interface Timer {
  due: number;
  order: number;
  callback: () => void;
}

/** Lets pending promise callbacks (runners, the engine's reactions) run. */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await new Promise<void>(resolve => setImmediate(resolve));
  }
}

/** A clock that only moves when told to: `await clock.advance(ms)`. */
export class FakeClock implements Clock {
  private current: number;
  private timers: Timer[] = [];
  private order = 0;

  constructor(start: Date | string = '2026-01-01T00:00:00Z') {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  schedule(ms: number, callback: () => void): () => void {
    const timer = {
      due: this.current + Math.max(0, ms),
      order: this.order++,
      callback,
    };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter(t => t !== timer);
    };
  }

  /** Moves time forward, firing due timers in order and letting promises settle after each. */
  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    await settle();
    for (;;) {
      const next = [...this.timers]
        .filter(t => t.due <= target)
        .sort((a, b) => a.due - b.due || a.order - b.order)[0];
      if (!next) break;
      this.timers = this.timers.filter(t => t !== next);
      this.current = next.due;
      next.callback();
      await settle();
    }
    this.current = target;
    await settle();
  }

  /** How many timers wait to fire. */
  get pending(): number {
    return this.timers.length;
  }
}
