import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { codePipelineApiRef } from '../api';
import { useEntityRef } from './useEntityRef';

/** Executions a stage can be rolled back to; asked only while `enabled`. */
export function useRollbackTargets(
  pipelineArn: string,
  stageName: string,
  enabled: boolean,
) {
  const api = useApi(codePipelineApiRef);
  const entityRef = useEntityRef();
  return useAsync(
    async () =>
      enabled
        ? api.getRollbackTargets(entityRef, pipelineArn, stageName)
        : undefined,
    [api, entityRef, pipelineArn, stageName, enabled],
  );
}
