import {
  InputError,
  NotAllowedError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  forAuditLog,
  PipelineConflictError,
  toControlError,
} from './controlErrors';

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

describe('toControlError', () => {
  const context = {
    pipeline: 'orders-api',
    stageName: 'Approve-prod',
    actionName: 'Approve',
  };

  it('names a missing action as the action', () => {
    const error = toControlError(
      Object.assign(new Error('no such action'), {
        name: 'ActionNotFoundException',
        $metadata: { httpStatusCode: 400 },
      }),
      context,
    );
    expect(error).toMatchObject({
      name: 'NotFoundError',
      message:
        'Action Approve-prod/Approve of pipeline orders-api was not found in AWS.',
    });
  });

  it("keeps only the entity's own ARNs in AWS's text", () => {
    const own = 'arn:aws:codepipeline:us-east-1:123456789012:orders-api';
    const error = toControlError(
      Object.assign(
        new Error(`arn:aws:iam::999988887777:role/other cannot update ${own}`),
        { name: 'InvalidStructureException', $metadata: {} },
      ),
      context,
      [own],
    );
    expect(error.message).not.toContain('999988887777');
    expect(error.message).toContain(own);
  });
});
