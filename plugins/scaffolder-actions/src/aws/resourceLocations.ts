import type { AwsTarget } from './clients';

/** ARN partition and DNS suffix for a region (China and GovCloud differ). */
export function awsPartition(region: string): {
  partition: string;
  dnsSuffix: string;
  consoleHost: string;
} {
  if (region.startsWith('cn-')) {
    return {
      partition: 'aws-cn',
      dnsSuffix: 'amazonaws.com.cn',
      consoleHost: 'console.amazonaws.cn',
    };
  }
  if (region.startsWith('us-gov-')) {
    return {
      partition: 'aws-us-gov',
      dnsSuffix: 'amazonaws.com',
      consoleHost: 'console.amazonaws-us-gov.com',
    };
  }
  return {
    partition: 'aws',
    dnsSuffix: 'amazonaws.com',
    consoleHost: `${region}.console.aws.amazon.com`,
  };
}

export function ecrRepositoryArn(target: AwsTarget, name: string): string {
  const { partition } = awsPartition(target.region);
  return `arn:${partition}:ecr:${target.region}:${target.accountId}:repository/${name}`;
}

export function ecrRepositoryUri(target: AwsTarget, name: string): string {
  const { dnsSuffix } = awsPartition(target.region);
  return `${target.accountId}.dkr.ecr.${target.region}.${dnsSuffix}/${name}`;
}

export function ecrRepositoryConsoleUrl(
  target: AwsTarget,
  name: string,
): string {
  const { consoleHost } = awsPartition(target.region);
  return `https://${consoleHost}/ecr/repositories/private/${target.accountId}/${name}?region=${target.region}`;
}
