import { useApi } from '@backstage/core-plugin-api';
import { codePipelineApiRef } from '../api';
import { useEntityRef } from './useEntityRef';
import { PIPELINE_CHANGES, useLiveUpdates } from './useLiveUpdates';
import { usePollingQuery } from './usePollingQuery';

/** One execution with every action's run; polled while it is in progress. */
export function useExecutionDetail(
  pipelineArn: string,
  executionId: string,
  pollIntervalSeconds: number | undefined,
) {
  const api = useApi(codePipelineApiRef);
  const entityRef = useEntityRef();
  const live = useLiveUpdates(entityRef, PIPELINE_CHANGES);
  return usePollingQuery(
    ({ refresh }) =>
      api.getExecution(entityRef, pipelineArn, executionId, { refresh }),
    [api, entityRef, pipelineArn, executionId],
    value =>
      value.execution.status === 'InProgress' ||
      value.execution.status === 'Stopping'
        ? pollIntervalSeconds
        : undefined,
    live,
  );
}
