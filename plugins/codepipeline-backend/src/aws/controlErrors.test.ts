import {
  InputError,
  NotAllowedError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { forAuditLog, PipelineConflictError } from './controlErrors';

describe('forAuditLog', () => {
  it.each([
    [
      'a conflict AWS refused',
      new PipelineConflictError(
        'This execution is already being stopped.',
        'execution-not-stoppable',
      ),
    ],
    [
      'a missing permission',
      new NotAllowedError('Missing permission codepipeline.execution.stop.'),
    ],
    ['an invalid body', new InputError('body.reason: is required')],
  ])('keeps %s to its name and message, without a stack', (_what, error) => {
    const audited = forAuditLog(error);
    expect(audited).toMatchObject({
      name: error.name,
      message: error.message,
    });
    expect(audited.stack).toBeUndefined();
  });

  it('keeps a backend failure unchanged, stack and all', () => {
    const failure = new ServiceUnavailableError(
      'AWS answered NotImplementedException for pipeline orders-api',
    );
    expect(forAuditLog(failure)).toBe(failure);
    expect(forAuditLog(failure).stack).toBeDefined();
  });
});
