import { ECRServiceException } from '@aws-sdk/client-ecr';
import { describeAwsError } from './awsErrors';

function sdkError(name: string, message: string) {
  return new ECRServiceException({
    name,
    message,
    $fault: 'client',
    $metadata: { requestId: 'req-7', httpStatusCode: 400 },
  });
}

describe('describeAwsError', () => {
  it.each([
    ['AccessDeniedException', 'access-denied'],
    ['UnrecognizedClientException', 'bad-credentials'],
    ['ThrottlingException', 'throttled'],
    ['LimitExceededException', 'quota-reached'],
    ['ValidationException', 'invalid-request'],
    ['RepositoryNotFoundException', 'not-found'],
    ['DeploymentGroupDoesNotExistException', 'not-found'],
    ['RepositoryAlreadyExistsException', 'conflict'],
    ['InternalFailure', 'other'],
  ])('classifies %s as %s', (name, kind) => {
    expect(describeAwsError(sdkError(name, 'x'))?.kind).toBe(kind);
  });

  it('names the denied IAM action and an explicit deny, with the request id', () => {
    const info = describeAwsError(
      sdkError(
        'AccessDeniedException',
        'User: arn:aws:sts::123456789012:assumed-role/b/s is not authorized to perform: ecr:CreateRepository on resource: x with an explicit deny in a service control policy',
      ),
    );
    expect(info).toMatchObject({
      deniedAction: 'ecr:CreateRepository',
      explicitDeny: 'service control policy',
      requestId: 'req-7',
    });
  });

  it('keeps only the first line of the message and hides access keys', () => {
    const info = describeAwsError(
      sdkError(
        'InvalidSignatureException',
        'Signed with AKIAIOSFODNN7EXAMPLE\n    at Object.send (node_modules/x.js:1:1)',
      ),
    );
    expect(info?.message).toBe('Signed with [key]');
  });

  it('recognises network failures by their code', () => {
    const refused = Object.assign(
      new Error('connect ECONNREFUSED 127.0.0.1:4566'),
      {
        code: 'ECONNREFUSED',
      },
    );
    expect(describeAwsError(refused)).toMatchObject({
      kind: 'unreachable',
      code: 'ECONNREFUSED',
    });
  });

  it('recognises failures reported by name only, like ECS `failures` entries', () => {
    expect(
      describeAwsError({ name: 'ServiceNotFoundException', message: 'MISSING' })
        ?.kind,
    ).toBe('not-found');
  });

  it('leaves errors that are not from AWS alone', () => {
    expect(describeAwsError(new TypeError('x is undefined'))).toBeUndefined();
    expect(
      describeAwsError(
        Object.assign(new Error('bad input'), { name: 'InputError' }),
      ),
    ).toBeUndefined();
    expect(describeAwsError('a string')).toBeUndefined();
  });
});
