import {
  ecrRepositoryArn,
  ecrRepositoryConsoleUrl,
  ecrRepositoryUri,
} from './resourceLocations';

const ireland = { accountId: '123456789012', region: 'eu-west-1' };
const beijing = { accountId: '123456789012', region: 'cn-north-1' };

describe('ECR repository locations', () => {
  it('builds the ARN, push URI and console link in the commercial partition', () => {
    expect(ecrRepositoryArn(ireland, 'team/orders')).toBe(
      'arn:aws:ecr:eu-west-1:123456789012:repository/team/orders',
    );
    expect(ecrRepositoryUri(ireland, 'orders')).toBe(
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders',
    );
    expect(ecrRepositoryConsoleUrl(ireland, 'orders')).toBe(
      'https://eu-west-1.console.aws.amazon.com/ecr/repositories/private/123456789012/orders?region=eu-west-1',
    );
  });

  it('uses the China partition and domain for cn- regions', () => {
    expect(ecrRepositoryArn(beijing, 'orders')).toBe(
      'arn:aws-cn:ecr:cn-north-1:123456789012:repository/orders',
    );
    expect(ecrRepositoryUri(beijing, 'orders')).toBe(
      '123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/orders',
    );
  });
});
