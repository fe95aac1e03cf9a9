import { useApi } from '@backstage/core-plugin-api';
import type { HealthResponse } from '@slipway/plugin-codepipeline-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { CodePipelineApi, codePipelineApiRef } from '../api';

/** How long one answer serves every card on the page. */
const SHARED_FOR_MS = 30_000;

const answers = new WeakMap<
  CodePipelineApi,
  { health: Promise<HealthResponse>; askedAt: number }
>();

/** One health request shared by every component that asks within {@link SHARED_FOR_MS}. */
function sharedHealth(api: CodePipelineApi, fresh: boolean) {
  const known = answers.get(api);
  if (!fresh && known && Date.now() - known.askedAt < SHARED_FOR_MS) {
    return known.health;
  }
  const health = api.getHealth();
  answers.set(api, { health, askedAt: Date.now() });
  // A failed answer is not kept: the next component asks again.
  health.catch(() => {
    if (answers.get(api)?.health === health) answers.delete(api);
  });
  return health;
}

/** The backend's view of AWS connectivity, asked once for all the page's cards. */
export function useAwsHealth() {
  const api = useApi(codePipelineApiRef);
  const state = useAsyncRetry(() => sharedHealth(api, false), [api]);
  return {
    ...state,
    retry: () => {
      answers.delete(api);
      state.retry();
    },
  };
}
