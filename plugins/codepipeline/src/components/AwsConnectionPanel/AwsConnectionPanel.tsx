import {
  Progress,
  ResponseErrorPanel,
  StatusError,
  StatusOK,
  StatusWarning,
} from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { useAwsHealth } from '../../hooks/useAwsHealth';

/** Says whether the Slipway backend can reach AWS, and what to do if not. */
export function AwsConnectionPanel() {
  const { value, loading, error } = useAwsHealth();

  if (loading) {
    return <Progress aria-label="Checking AWS connection" />;
  }
  if (error) {
    return (
      <ResponseErrorPanel error={error} title="Slipway backend unavailable" />
    );
  }
  const aws = value!.aws;
  if (!aws.configured) {
    return (
      <div role="status">
        <StatusWarning>AWS is not configured</StatusWarning>
        <Typography variant="body2">{aws.message}</Typography>
      </div>
    );
  }
  if (!aws.reachable) {
    return (
      <div role="status">
        <StatusError>AWS is not reachable</StatusError>
        <Typography variant="body2">{aws.message}</Typography>
      </div>
    );
  }
  return (
    <div role="status">
      <StatusOK>Connected to AWS account {aws.accountId}</StatusOK>
    </div>
  );
}
