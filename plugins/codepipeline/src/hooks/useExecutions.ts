import { useApi } from '@backstage/core-plugin-api';
import { codePipelineApiRef } from '../api';
import { useEntityRef } from './useEntityRef';
import { PIPELINE_CHANGES, useLiveUpdates } from './useLiveUpdates';
import { usePollingQuery } from './usePollingQuery';

export const EXECUTIONS_PAGE_SIZE = 20;

/**
 * One page of a pipeline's execution history. The first page follows the
 * pipelines' poll interval; older pages do not change and are not polled.
 */
export function useExecutions(
  pipelineArn: string,
  cursor: string | undefined,
  pollIntervalSeconds: number | undefined,
) {
  const api = useApi(codePipelineApiRef);
  const entityRef = useEntityRef();
  const live = useLiveUpdates(entityRef, PIPELINE_CHANGES);
  return usePollingQuery(
    ({ refresh }) =>
      api.getExecutions(entityRef, pipelineArn, {
        cursor,
        limit: EXECUTIONS_PAGE_SIZE,
        refresh,
      }),
    [api, entityRef, pipelineArn, cursor],
    () => (cursor ? undefined : pollIntervalSeconds),
    // Older pages never change; only the first follows the notices.
    cursor ? undefined : live,
  );
}
