import { ECRServiceException } from '@aws-sdk/client-ecr';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { AwsTimeoutError } from '@slipway/plugin-codepipeline-node';
import { deniedIamAction, toDeveloperError, withAwsErrors } from './errors';

const context = {
  doing: "create the ECR repository 'orders'",
  target: { accountId: '123456789012', region: 'eu-west-1' },
};

function awsError(name: string, message: string, requestId = 'req-1') {
  return new ECRServiceException({
    name,
    message,
    $fault: 'client',
    $metadata: { requestId },
  });
}

function mapped(error: unknown): Error {
  return toDeveloperError(error, context) as Error;
}

describe('toDeveloperError', () => {
  it('names the denied IAM action and where to fix it', () => {
    const error = mapped(
      awsError(
        'AccessDeniedException',
        'User: arn:aws:sts::123456789012:assumed-role/backstage/s is not authorized to perform: ecr:CreateRepository on resource: arn:aws:ecr:eu-west-1:123456789012:repository/orders',
      ),
    );
    expect(error).toBeInstanceOf(NotAllowedError);
    expect(error.message).toBe(
      "Could not create the ECR repository 'orders' in account 123456789012 (eu-west-1): the credentials Backstage uses lack permission for ecr:CreateRepository. Check the IAM policy of the role configured for account 123456789012 under aws.accounts (or aws.mainAccount) in app-config. [AWS request id req-1]",
    );
  });

  it('says when an explicit deny in a policy is the reason', () => {
    const error = mapped(
      awsError(
        'AccessDenied',
        'User: arn:aws:iam::123456789012:user/x is not authorized to perform: iam:CreateRole on resource: role y with an explicit deny in a service control policy',
      ),
    );
    expect(error.message).toContain(
      'iam:CreateRole is explicitly denied by a service control policy',
    );
  });

  it('still explains access denied when AWS names no action', () => {
    const error = mapped(awsError('AccessDeniedException', 'Access denied'));
    expect(error.message).toContain(
      'the credentials Backstage uses lack a permission',
    );
  });

  it('tells the developer to retry when throttled', () => {
    const error = mapped(awsError('ThrottlingException', 'Rate exceeded'));
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error.message).toContain(
      'AWS is throttling requests (ThrottlingException)',
    );
    expect(error.message).toContain('retry the task in a minute');
  });

  it('passes on what AWS found invalid', () => {
    const error = mapped(
      awsError(
        'ValidationException',
        "Value 'Orders' at 'repositoryName' failed to satisfy constraint",
      ),
    );
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toContain(
      "AWS rejected the request (ValidationException: Value 'Orders' at 'repositoryName' failed to satisfy constraint)",
    );
  });

  it('maps missing and conflicting resources', () => {
    expect(
      mapped(awsError('RepositoryNotFoundException', 'gone')),
    ).toBeInstanceOf(NotFoundError);
    expect(mapped(awsError('NoSuchEntity', 'no role'))).toBeInstanceOf(
      NotFoundError,
    );
    expect(
      mapped(awsError('RepositoryAlreadyExistsException', 'exists')),
    ).toBeInstanceOf(ConflictError);
  });

  it('explains a quota', () => {
    const error = mapped(
      awsError('LimitExceededException', 'too many repositories'),
    );
    expect(error.message).toContain('a service quota was reached');
  });

  it('explains missing credentials without echoing them', () => {
    const noCredentials = Object.assign(
      new Error('Could not load credentials from any providers'),
      { name: 'CredentialsProviderError' },
    );
    const error = mapped(noCredentials);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error.message).toContain(
      'the AWS credentials for this account are missing, invalid or expired (CredentialsProviderError)',
    );
  });

  it('explains an unreachable endpoint', () => {
    const refused = Object.assign(
      new Error('connect ECONNREFUSED 127.0.0.1:5000'),
      {
        code: 'ECONNREFUSED',
      },
    );
    expect(mapped(refused).message).toContain(
      'the AWS endpoint could not be reached (ECONNREFUSED)',
    );
  });

  it('never carries a stack trace, a second line or an access key id', () => {
    const error = mapped(
      awsError(
        'SomethingUnexpected',
        'Signed with AKIAIOSFODNN7EXAMPLE\n    at Object.send (node_modules/x.js:1:1)',
      ),
    );
    expect(error.message).toBe(
      "Could not create the ECR repository 'orders' in account 123456789012 (eu-west-1): AWS answered SomethingUnexpected: Signed with [key] [AWS request id req-1]",
    );
  });

  it('leaves errors that do not come from AWS alone', () => {
    const ours = new InputError('slipway.environments.dev.cluster is not set');
    expect(toDeveloperError(ours, context)).toBe(ours);
  });
});

describe('withAwsErrors', () => {
  it('returns the result of a successful call', async () => {
    await expect(withAwsErrors(context, async () => 42)).resolves.toBe(42);
  });

  it('rethrows a failed call as a developer error', async () => {
    await expect(
      withAwsErrors(context, () =>
        Promise.reject(awsError('ThrottlingException', 'slow down')),
      ),
    ).rejects.toThrow(ServiceUnavailableError);
  });
});

describe('deniedIamAction', () => {
  it('reads the action from both AWS phrasings', () => {
    expect(
      deniedIamAction('is not authorized to perform: iam:PassRole on resource'),
    ).toBe('iam:PassRole');
    expect(
      deniedIamAction(
        'because no identity-based policy allows the ecs:CreateService action',
      ),
    ).toBe('ecs:CreateService');
    expect(deniedIamAction('Access denied')).toBeUndefined();
  });
});

describe('toDeveloperError for a call that timed out', () => {
  it('names the AWS call, the endpoint and region, and how long it waited', () => {
    const error = mapped(
      new AwsTimeoutError({
        service: 'ECR',
        operation: 'CreateRepository',
        region: 'eu-west-1',
        endpoint: 'http://127.0.0.1:5000',
        elapsedMs: 30_000,
        reason: 'request',
      }),
    );
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error.message).toContain(
      "Could not create the ECR repository 'orders' in account 123456789012 (eu-west-1): ECR CreateRepository sent to http://127.0.0.1:5000 (eu-west-1) got no answer within 30.0 s.",
    );
    expect(error.message).toContain('re-running the task is safe');
  });

  it('words the SDK’s own timeout too', () => {
    const error = mapped(
      Object.assign(new Error('socket timed out'), { name: 'TimeoutError' }),
    );
    expect(error.message).toContain(
      'AWS did not answer in time (TimeoutError)',
    );
  });
});
