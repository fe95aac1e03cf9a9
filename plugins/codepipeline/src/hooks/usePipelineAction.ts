import { coreApis, useApi } from '@backstage/frontend-plugin-api';
import { useCallback } from 'react';
import { describeError } from '../errors';

/**
 * Runs a write call: on success posts `successMessage` as a toast and calls `onDone`
 * (which refreshes with `refresh: true`); on failure posts the backend's own
 * message (a 409 says exactly why AWS refused) and rethrows so the dialog
 * can stay open.
 */
export function usePipelineAction(onDone: () => void | Promise<void>) {
  const toastApi = useApi(coreApis.toast);
  const errorApi = useApi(coreApis.error);
  return useCallback(
    async (call: () => Promise<unknown>, successMessage: string) => {
      try {
        await call();
      } catch (error) {
        const described = describeError(error);
        errorApi.post(
          Object.assign(new Error(described.message), {
            name: described.title,
          }),
        );
        throw error;
      }
      toastApi.post({
        title: successMessage,
        status: 'success',
        timeout: 5000,
      });
      await onDone();
    },
    [toastApi, errorApi, onDone],
  );
}
