import { coreApis, useApi } from '@backstage/frontend-plugin-api';
import { useCallback } from 'react';

/**
 * Runs a write call: on success posts `successMessage` as a toast and calls `onDone`
 * (which refreshes with `refresh: true`); a failure propagates unchanged to the
 * `ConfirmActionDialog`, which stays open and shows the backend's own message
 * (a 409 says exactly why AWS refused) inside itself, not behind it.
 */
export function usePipelineAction(onDone: () => void | Promise<void>) {
  const toastApi = useApi(coreApis.toast);
  return useCallback(
    async (call: () => Promise<unknown>, successMessage: string) => {
      await call();
      toastApi.post({
        title: successMessage,
        status: 'success',
        timeout: 5000,
      });
      await onDone();
    },
    [toastApi, onDone],
  );
}
