import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import type { ResourceError } from '@slipway/plugin-codepipeline-common';
import { RESOURCE_ERROR_TEXT } from '../../errors';
import { AwsConnectionPanel } from '../AwsConnectionPanel';

/** Why one pipeline or service could not be read, and what to do about it. */
export function ResourceErrorPanel(props: {
  name: string;
  error: ResourceError;
}) {
  const { name, error } = props;
  const text =
    RESOURCE_ERROR_TEXT[error.kind] ?? RESOURCE_ERROR_TEXT['aws-error'];
  const awsSetup =
    error.kind === 'account-not-configured' || error.kind === 'unreachable';
  return (
    <Alert
      severity={error.kind === 'throttled' ? 'warning' : 'error'}
      aria-label={`${name}: ${text.title}`}
    >
      <AlertTitle>{`${name}: ${text.title}`}</AlertTitle>
      {error.message} {text.hint}
      {awsSetup && <AwsConnectionPanel />}
    </Alert>
  );
}
