import { CustomErrorBase } from '@backstage/errors';

/** The entity has none of Slipway's annotations: a 404 the UI explains with the annotation names. */
export class NotAnnotatedError extends CustomErrorBase {
  name = 'NotAnnotatedError' as const;
  statusCode = 404;
}
