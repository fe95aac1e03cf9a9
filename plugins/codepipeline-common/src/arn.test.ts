import {
  consoleHost,
  isCommitId,
  shortCommitId,
  parseArn,
  parseTagAnnotation,
  splitAnnotationList,
} from './arn';

describe('parseArn', () => {
  it('reads region and account from a pipeline ARN', () => {
    expect(
      parseArn('arn:aws:codepipeline:eu-west-1:123456789012:orders-api'),
    ).toEqual({
      arn: 'arn:aws:codepipeline:eu-west-1:123456789012:orders-api',
      partition: 'aws',
      service: 'codepipeline',
      region: 'eu-west-1',
      accountId: '123456789012',
      resource: 'orders-api',
    });
  });

  it('keeps the slash-separated resource of an ECS service ARN', () => {
    expect(
      parseArn(
        ' arn:aws-us-gov:ecs:us-gov-west-1:210987654321:service/prod/orders-api ',
      ),
    ).toMatchObject({
      partition: 'aws-us-gov',
      region: 'us-gov-west-1',
      accountId: '210987654321',
      resource: 'service/prod/orders-api',
    });
  });

  it.each([
    ['empty', ''],
    ['not an ARN', 'orders-api'],
    ['unknown partition', 'arn:aws-xx:ecs:us-east-1:123456789012:service/a/b'],
    ['short account', 'arn:aws:ecs:us-east-1:12345:service/a/b'],
    ['no region', 'arn:aws:iam::123456789012:role/x'],
    ['injection', 'arn:aws:ecs:us-east-1:123456789012:service/a/b;rm -rf'],
    ['huge', `arn:aws:codepipeline:us-east-1:123456789012:${'a'.repeat(2000)}`],
  ])('rejects %s', (_, value) => {
    expect(parseArn(value)).toBeUndefined();
  });
});

describe('splitAnnotationList', () => {
  it('splits, trims, drops empties and duplicates', () => {
    expect(splitAnnotationList(' a, b ,,a,c ')).toEqual(['a', 'b', 'c']);
    expect(splitAnnotationList(undefined)).toEqual([]);
  });
});

describe('parseTagAnnotation', () => {
  it('parses key=value pairs', () => {
    expect(parseTagAnnotation('app=orders, env = prod')).toEqual([
      { key: 'app', value: 'orders' },
      { key: 'env', value: 'prod' },
    ]);
  });

  it('allows an empty value and = inside the value', () => {
    expect(parseTagAnnotation('team=,expr=a=b')).toEqual([
      { key: 'team', value: '' },
      { key: 'expr', value: 'a=b' },
    ]);
  });

  it.each([['app'], ['=orders'], [''], ['app=orders,<script>=x']])(
    'rejects %p',
    value => {
      expect(parseTagAnnotation(value)).toBeUndefined();
    },
  );
});

describe('consoleHost', () => {
  it('knows each partition', () => {
    expect(consoleHost('aws')).toBe('console.aws.amazon.com');
    expect(consoleHost('aws-cn')).toBe('console.amazonaws.cn');
    expect(consoleHost('aws-us-gov')).toBe('console.amazonaws-us-gov.com');
  });
});

describe('commit ids', () => {
  it('shortens full git commit ids only', () => {
    expect(isCommitId('4F2A9C1D8E7B6A5F4E3D2C1B0A9F8E7D6C5B4A39')).toBe(true);
    expect(shortCommitId('4f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39')).toBe(
      '4f2a9c1',
    );
    expect(shortCommitId('3sdk1Z9Ub0aEcY0x7.QjvlYTVsE_Dla5')).toBeUndefined();
    expect(isCommitId('main')).toBe(false);
    expect(shortCommitId(undefined)).toBeUndefined();
  });
});
