import { act, renderHook, waitFor } from '@testing-library/react';
import { usePollingQuery } from './usePollingQuery';

function setVisibility(state: 'visible' | 'hidden') {
  Object.defineProperty(document, 'visibilityState', {
    value: state,
    configurable: true,
  });
  document.dispatchEvent(new Event('visibilitychange'));
}

async function advance(ms: number) {
  await act(async () => {
    jest.advanceTimersByTime(ms);
  });
}

describe('usePollingQuery', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => {
    jest.useRealTimers();
    setVisibility('visible');
  });

  it('polls at the interval the answer asks for: short while active, slower when idle', async () => {
    let active = true;
    const fetcher = jest.fn(async () => ({
      pollIntervalSeconds: active ? 10 : 60,
    }));
    renderHook(() => usePollingQuery(fetcher, [], v => v.pollIntervalSeconds));
    await waitFor(() => expect(fetcher).toHaveBeenCalledTimes(1));
    await advance(9_999);
    expect(fetcher).toHaveBeenCalledTimes(1);
    active = false;
    await advance(1);
    expect(fetcher).toHaveBeenCalledTimes(2);
    await advance(59_000);
    expect(fetcher).toHaveBeenCalledTimes(2);
    await advance(1_000);
    expect(fetcher).toHaveBeenCalledTimes(3);
  });

  it('pauses while the page is hidden and catches up when it is shown', async () => {
    const fetcher = jest.fn(async () => ({ pollIntervalSeconds: 10 }));
    renderHook(() => usePollingQuery(fetcher, [], v => v.pollIntervalSeconds));
    await waitFor(() => expect(fetcher).toHaveBeenCalledTimes(1));
    setVisibility('hidden');
    await advance(60_000);
    expect(fetcher).toHaveBeenCalledTimes(1);
    await act(async () => setVisibility('visible'));
    expect(fetcher).toHaveBeenCalledTimes(2);
  });

  it('keeps the previous value while refreshing, and refreshes with refresh: true', async () => {
    let resolveSecond: (v: { n: number }) => void = () => {};
    const fetcher = jest
      .fn()
      .mockResolvedValueOnce({ n: 1 })
      .mockReturnValueOnce(new Promise(r => (resolveSecond = r)));
    const { result } = renderHook(() =>
      usePollingQuery(fetcher, [], () => undefined),
    );
    await waitFor(() => expect(result.current.value).toEqual({ n: 1 }));
    act(() => {
      result.current.refresh();
    });
    expect(fetcher).toHaveBeenLastCalledWith({ refresh: true });
    expect(result.current.refreshing).toBe(true);
    expect(result.current.value).toEqual({ n: 1 });
    await act(async () => resolveSecond({ n: 2 }));
    expect(result.current.value).toEqual({ n: 2 });
    expect(result.current.loading).toBe(false);
  });
});
