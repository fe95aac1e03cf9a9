import { TestApiProvider } from '@backstage/test-utils';
import { act, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { codePipelineApiRef, FleetOverviewQuery } from '../api';
import {
  fakeCodePipelineApi,
  fleetColdLoad,
  fleetFirstPage,
} from '../__fixtures__';
import { useDeliveryOverview } from './useDeliveryOverview';

async function advance(ms: number) {
  await act(async () => {
    jest.advanceTimersByTime(ms);
  });
}

function renderWith(getOverview: jest.Mock, query: FleetOverviewQuery) {
  const api = fakeCodePipelineApi({ getOverview });
  const wrapper = ({ children }: { children: ReactNode }) => (
    <TestApiProvider apis={[[codePipelineApiRef, api]]}>
      {children}
    </TestApiProvider>
  );
  return renderHook(
    (props: { query: FleetOverviewQuery }) => useDeliveryOverview(props.query),
    { wrapper, initialProps: { query } },
  );
}

describe('useDeliveryOverview', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('polls every 2 seconds while the fleet is read, then at the idle interval', async () => {
    const getOverview = jest
      .fn()
      .mockResolvedValueOnce(fleetColdLoad) // pollIntervalSeconds: 2
      .mockResolvedValue(fleetFirstPage); // pollIntervalSeconds: 30
    const { result } = renderWith(getOverview, { limit: 25 });
    await waitFor(() => expect(result.current.value).toBe(fleetColdLoad));
    await advance(1_999);
    expect(getOverview).toHaveBeenCalledTimes(1);
    await advance(1);
    expect(getOverview).toHaveBeenCalledTimes(2);
    await waitFor(() => expect(result.current.value).toBe(fleetFirstPage));
    await advance(29_000);
    expect(getOverview).toHaveBeenCalledTimes(2);
    await advance(1_000);
    expect(getOverview).toHaveBeenCalledTimes(3);
  });

  it('asks at once for a new query, keeping the previous page shown meanwhile', async () => {
    const getOverview = jest.fn().mockResolvedValue(fleetFirstPage);
    const { result, rerender } = renderWith(getOverview, { limit: 25 });
    await waitFor(() => expect(result.current.value).toBe(fleetFirstPage));
    let answer: (v: unknown) => void = () => {};
    getOverview.mockReturnValueOnce(new Promise(r => (answer = r)));
    rerender({
      query: { owner: 'group:default/payments-team', limit: 25, cursor: 'c2' },
    });
    expect(getOverview).toHaveBeenLastCalledWith({
      owner: 'group:default/payments-team',
      system: undefined,
      status: undefined,
      q: undefined,
      limit: 25,
      cursor: 'c2',
    });
    expect(result.current.value).toBe(fleetFirstPage);
    expect(result.current.refreshing).toBe(true);
    await act(async () => answer(fleetColdLoad));
    expect(result.current.value).toBe(fleetColdLoad);
  });

  it('does not ask again when the same query is rendered again', async () => {
    const getOverview = jest.fn().mockResolvedValue(fleetFirstPage);
    const { result, rerender } = renderWith(getOverview, { limit: 25 });
    await waitFor(() => expect(result.current.value).toBe(fleetFirstPage));
    rerender({ query: { limit: 25 } });
    await advance(0);
    expect(getOverview).toHaveBeenCalledTimes(1);
  });
});
