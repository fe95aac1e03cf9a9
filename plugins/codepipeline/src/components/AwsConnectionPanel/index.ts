export { AwsConnectionPanel } from './AwsConnectionPanel';
