export { AwsSetupNotice } from './AwsSetupNotice';
export type { AwsSetupNoticeProps } from './AwsSetupNotice';
export { AwsSetupPanel } from './AwsSetupPanel';
