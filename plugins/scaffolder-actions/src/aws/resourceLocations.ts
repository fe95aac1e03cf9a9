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

/** `arn:<partition>:<service>:<region>:<account>:<resource>`. */
export function regionalArn(
  target: AwsTarget,
  service: string,
  resource: string,
): string {
  const { partition } = awsPartition(target.region);
  return `arn:${partition}:${service}:${target.region}:${target.accountId}:${resource}`;
}

export function iamRoleArn(
  target: AwsTarget,
  path: string,
  name: string,
): string {
  const { partition } = awsPartition(target.region);
  return `arn:${partition}:iam::${target.accountId}:role${path}${name}`;
}

export function logGroupArn(target: AwsTarget, name: string): string {
  return regionalArn(target, 'logs', `log-group:${name}`);
}

/** Console links, one per kind of resource Slipway creates. */
export const consoleUrls = {
  iamRole: (target: AwsTarget, name: string) =>
    `https://${
      awsPartition(target.region).consoleHost
    }/iam/home#/roles/details/${name}`,
  logGroup: (target: AwsTarget, name: string) =>
    `https://${
      awsPartition(target.region).consoleHost
    }/cloudwatch/home?region=${
      target.region
    }#logsV2:log-groups/log-group/${encodeURIComponent(name)}`,
  codeBuildProject: (target: AwsTarget, name: string) =>
    `https://${awsPartition(target.region).consoleHost}/codesuite/codebuild/${
      target.accountId
    }/projects/${name}?region=${target.region}`,
  ecsService: (target: AwsTarget, cluster: string, service: string) =>
    `https://${
      awsPartition(target.region).consoleHost
    }/ecs/v2/clusters/${cluster}/services/${service}?region=${target.region}`,
  codeDeployGroup: (target: AwsTarget, application: string, group: string) =>
    `https://${
      awsPartition(target.region).consoleHost
    }/codesuite/codedeploy/applications/${application}/deployment-groups/${group}?region=${
      target.region
    }`,
  pipeline: (target: AwsTarget, name: string) =>
    `https://${
      awsPartition(target.region).consoleHost
    }/codesuite/codepipeline/pipelines/${name}/view?region=${target.region}`,
};
