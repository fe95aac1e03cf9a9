import type { AwsClientTarget } from '@slipway/plugin-codepipeline-node';

export { AwsClientFactory } from '@slipway/plugin-codepipeline-node';
export type { AwsClientFactoryOptions } from '@slipway/plugin-codepipeline-node';

/** Where a provisioning call goes: an environment always names its account. */
export interface AwsTarget extends AwsClientTarget {
  accountId: string;
}
