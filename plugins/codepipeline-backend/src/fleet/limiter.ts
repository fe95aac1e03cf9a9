/**
 * Runs at most `concurrency` tasks at a time; the others wait in order. A
 * finished task hands its slot straight to the next waiter, so the limit
 * holds even when new tasks arrive in between.
 */
export function createLimiter(concurrency: number) {
  const limit = Math.max(1, Math.floor(concurrency));
  const waiting: Array<() => void> = [];
  let running = 0;
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running < limit) {
      running++;
    } else {
      await new Promise<void>(resolve => waiting.push(resolve));
    }
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) {
        next();
      } else {
        running--;
      }
    }
  };
}
