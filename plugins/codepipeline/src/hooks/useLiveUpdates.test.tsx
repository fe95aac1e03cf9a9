import type { SignalApi } from '@backstage/plugin-signals-react';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { TestApiProvider } from '@backstage/test-utils';
import {
  entityChangesChannel,
  LIVE_RECHECK_SECONDS,
  LIVE_UPDATES_HEARTBEAT_CHANNEL,
} from '@slipway/plugin-codepipeline-common';
import { act, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import {
  NOTICE_COALESCE_MS,
  PIPELINE_CHANGES,
  useLiveUpdates,
} from './useLiveUpdates';
import { usePollingQuery } from './usePollingQuery';

/** A signals API whose channels the test speaks on, as the backend would. */
function fakeSignals() {
  const listeners = new Map<string, Set<(message: any) => void>>();
  const api: SignalApi = {
    subscribe(channel, onMessage) {
      const set = listeners.get(channel) ?? new Set();
      set.add(onMessage as (message: any) => void);
      listeners.set(channel, set);
      return { unsubscribe: () => set.delete(onMessage as any) };
    },
  };
  const send = (channel: string, message: object) =>
    act(() => listeners.get(channel)?.forEach(listener => listener(message)));
  /** The backend's heartbeat at `at`, promising the next within 30 s. */
  const heartbeat = (at: number) =>
    send(LIVE_UPDATES_HEARTBEAT_CHANNEL, { at, intervalSeconds: 30 });
  return { api, send, heartbeat };
}

const ordersApi = {
  kind: 'Component',
  namespace: 'default',
  name: 'orders-api',
};
const ordersChannel = entityChangesChannel('component:default/orders-api');

function renderLiveQuery(signals: SignalApi | undefined) {
  const fetcher = jest.fn(async () => ({ pollIntervalSeconds: 10 }));
  const wrapper = ({ children }: { children: ReactNode }) =>
    signals ? (
      <TestApiProvider apis={[[signalApiRef, signals]]}>
        {children}
      </TestApiProvider>
    ) : (
      <TestApiProvider apis={[]}>{children}</TestApiProvider>
    );
  const hook = renderHook(
    () => {
      const live = useLiveUpdates(ordersApi, PIPELINE_CHANGES);
      return {
        live,
        query: usePollingQuery(fetcher, [], v => v.pollIntervalSeconds, live),
      };
    },
    { wrapper },
  );
  return { fetcher, ...hook };
}

async function advance(ms: number) {
  await act(async () => {
    jest.advanceTimersByTime(ms);
  });
}

describe('live updates in the views', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('stops polling while heartbeats come and asks again on each change notice', async () => {
    const signals = fakeSignals();
    const { fetcher, result } = renderLiveQuery(signals.api);
    await waitFor(() => expect(fetcher).toHaveBeenCalledTimes(1));

    signals.heartbeat(1);
    expect(result.current.live.live).toBe(true);
    await advance(10_000);
    expect(fetcher).toHaveBeenCalledTimes(1); // no poll while live

    signals.send(ordersChannel, { kind: 'pipeline', at: 2 });
    await waitFor(() => expect(fetcher).toHaveBeenCalledTimes(2));
    expect(fetcher).toHaveBeenLastCalledWith({ refresh: false });

    signals.send(ordersChannel, { kind: 'ecs', at: 3 }); // not this view's kind
    await advance(1_000);
    expect(fetcher).toHaveBeenCalledTimes(2);
  });

  it('asks once for a burst of notices, and again for a later one', async () => {
    const signals = fakeSignals();
    const { fetcher } = renderLiveQuery(signals.api);
    await waitFor(() => expect(fetcher).toHaveBeenCalledTimes(1));
    signals.heartbeat(1);

    // One pipeline run's events: execution, stage and action, within 0.2 s.
    for (let at = 2; at < 5; at++) {
      signals.send(ordersChannel, { kind: 'pipeline', at });
      await advance(NOTICE_COALESCE_MS / 3);
    }
    await advance(NOTICE_COALESCE_MS);
    expect(fetcher).toHaveBeenCalledTimes(2);

    signals.send(ordersChannel, { kind: 'pipeline', at: 9 });
    await advance(NOTICE_COALESCE_MS);
    expect(fetcher).toHaveBeenCalledTimes(3);
  });

  it('rechecks slowly while live, so the backend keeps watching the page', async () => {
    const signals = fakeSignals();
    const { fetcher } = renderLiveQuery(signals.api);
    await waitFor(() => expect(fetcher).toHaveBeenCalledTimes(1));
    signals.heartbeat(0);
    // Heartbeats keep the page live through the whole recheck interval.
    for (let t = 30; t < LIVE_RECHECK_SECONDS; t += 30) {
      await advance(30_000);
      signals.heartbeat(t);
    }
    expect(fetcher).toHaveBeenCalledTimes(1);
    await advance(30_000);
    signals.heartbeat(LIVE_RECHECK_SECONDS);
    expect(fetcher).toHaveBeenCalledTimes(2);
  });

  it('falls back to polling when the heartbeat stops', async () => {
    const signals = fakeSignals();
    const { fetcher, result } = renderLiveQuery(signals.api);
    await waitFor(() => expect(fetcher).toHaveBeenCalledTimes(1));
    signals.heartbeat(1);
    await advance(30_000);
    expect(fetcher).toHaveBeenCalledTimes(1);

    await advance(45_000); // 2.5 beats missed
    expect(result.current.live.live).toBe(false);
    expect(fetcher).toHaveBeenCalledTimes(2); // caught up at once
    await advance(10_000);
    expect(fetcher).toHaveBeenCalledTimes(3); // and polls again
  });

  it('polls as before in an app without the signals API', async () => {
    const { fetcher, result } = renderLiveQuery(undefined);
    await waitFor(() => expect(fetcher).toHaveBeenCalledTimes(1));
    expect(result.current.live.live).toBe(false);
    await advance(10_000);
    expect(fetcher).toHaveBeenCalledTimes(2);
  });
});
