import { alertApiRef, errorApiRef, useApi } from '@backstage/core-plugin-api';
import { useCallback } from 'react';
import { describeError } from '../errors';

/**
 * Runs a write call: on success posts `successMessage` and calls `onDone`
 * (which refreshes with `refresh: true`); on failure posts the backend's own
 * message (a 409 says exactly why AWS refused) and rethrows so the dialog
 * can stay open.
 */
export function usePipelineAction(onDone: () => void | Promise<void>) {
  const alertApi = useApi(alertApiRef);
  const errorApi = useApi(errorApiRef);
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
      alertApi.post({
        message: successMessage,
        severity: 'success',
        display: 'transient',
      });
      await onDone();
    },
    [alertApi, errorApi, onDone],
  );
}
