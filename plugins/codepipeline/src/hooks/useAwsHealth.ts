import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { codePipelineApiRef } from '../api';

/** The backend's view of AWS connectivity. */
export function useAwsHealth() {
  const api = useApi(codePipelineApiRef);
  return useAsyncRetry(() => api.getHealth(), [api]);
}
