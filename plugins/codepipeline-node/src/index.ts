/**
 * Node.js library shared by Slipway's backend plugin and scaffolder module.
 *
 * @packageDocumentation
 */
export { AwsClientFactory } from './AwsClientFactory';
export type {
  AwsClientFactoryOptions,
  AwsClientTarget,
} from './AwsClientFactory';
export {
  AwsTimeoutError,
  currentAwsDeadline,
  withAwsDeadline,
} from './awsDeadline';
export type { AwsDeadline, AwsTimeoutReason } from './awsDeadline';
export { describeAwsError, deniedIamAction, isAwsError } from './awsErrors';
export type { AwsErrorInfo, AwsErrorKind } from './awsErrors';
