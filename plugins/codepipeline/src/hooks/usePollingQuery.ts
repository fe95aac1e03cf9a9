import { useCallback, useEffect, useRef, useState } from 'react';
import { LIVE_RECHECK_SECONDS } from '@slipway/plugin-codepipeline-common';
import type { LiveUpdates } from './useLiveUpdates';

export interface PollingQuery<T> {
  /** The latest answer; kept while a refresh is in flight so nothing jumps. */
  value?: T;
  /** The latest failure; cleared by the next success. */
  error?: Error;
  /** True until the first answer (or failure) arrives. */
  loading: boolean;
  /** True while any request is in flight. */
  refreshing: boolean;
  /** Ask again now, bypassing the backend cache. */
  refresh: () => Promise<void>;
}

function isPageHidden(): boolean {
  return (
    typeof document !== 'undefined' && document.visibilityState === 'hidden'
  );
}

/**
 * Fetches once, then again every `intervalSeconds(value)` seconds (none when it
 * returns undefined), never while the page is hidden; a hidden page that becomes
 * visible again asks at once if a poll fell due meanwhile. `refresh()` asks now
 * with `refresh: true`. The previous value stays visible while asking.
 *
 * With `live` updates flowing it asks again when a change notice comes (the
 * backend has dropped the stale answer) and otherwise only every
 * LIVE_RECHECK_SECONDS, and polls again from the moment they stop.
 */
export function usePollingQuery<T>(
  fetcher: (options: { refresh: boolean }) => Promise<T>,
  deps: unknown[],
  intervalSeconds: (value: T) => number | undefined,
  live?: LiveUpdates,
): PollingQuery<T> {
  const [state, setState] = useState<{
    value?: T;
    error?: Error;
    loading: boolean;
    refreshing: boolean;
  }>({ loading: true, refreshing: true });
  const generation = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const dueWhileHidden = useRef(false);
  const latestInterval = useRef<number | undefined>();
  const intervalRef = useRef(intervalSeconds);
  intervalRef.current = intervalSeconds;
  const isLive = live?.live ?? false;
  const liveRef = useRef(isLive);
  liveRef.current = isLive;

  // eslint-disable-next-line react-hooks/exhaustive-deps
  const fetchNow = useCallback(fetcher, deps);

  const runRef = useRef<(refresh: boolean) => Promise<void>>(async () => {});
  const schedule = useCallback((seconds: number | undefined) => {
    clearTimeout(timer.current);
    if (seconds === undefined || seconds <= 0) return;
    timer.current = setTimeout(() => {
      if (isPageHidden()) {
        dueWhileHidden.current = true;
      } else {
        runRef.current(false);
      }
    }, seconds * 1000);
  }, []);

  const run = useCallback(
    async (refresh: boolean) => {
      const mine = ++generation.current;
      clearTimeout(timer.current);
      setState(s => ({ ...s, refreshing: true }));
      let next: number | undefined = latestInterval.current;
      try {
        const value = await fetchNow({ refresh });
        if (mine !== generation.current) return;
        next = intervalRef.current(value);
        setState({ value, loading: false, refreshing: false });
      } catch (error) {
        if (mine !== generation.current) return;
        setState(s => ({
          ...s,
          error: error as Error,
          loading: false,
          refreshing: false,
        }));
      }
      latestInterval.current = next;
      schedule(liveRef.current ? LIVE_RECHECK_SECONDS : next);
    },
    [fetchNow, schedule],
  );
  runRef.current = run;

  useEffect(() => {
    latestInterval.current = undefined;
    setState(s => ({
      ...s,
      loading: s.value === undefined && s.error === undefined,
    }));
    run(false);
    const onVisibility = () => {
      if (!isPageHidden() && dueWhileHidden.current) {
        dueWhileHidden.current = false;
        run(false);
      }
    };
    document.addEventListener('visibilitychange', onVisibility);
    const requests = generation;
    return () => {
      requests.current++;
      clearTimeout(timer.current);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [run]);

  const changes = live?.changes ?? 0;
  const seenChanges = useRef(changes);
  useEffect(() => {
    if (changes === seenChanges.current) return;
    seenChanges.current = changes;
    run(false);
  }, [changes, run]);

  const wasLive = useRef(isLive);
  useEffect(() => {
    if (isLive === wasLive.current) return;
    wasLive.current = isLive;
    if (isLive) {
      schedule(LIVE_RECHECK_SECONDS);
    } else {
      run(false); // notices may have been missed while the channel went quiet
    }
  }, [isLive, run, schedule]);

  const refresh = useCallback(() => run(true), [run]);
  return { ...state, refresh };
}
