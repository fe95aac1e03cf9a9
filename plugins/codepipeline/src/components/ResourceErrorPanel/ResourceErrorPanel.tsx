import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import type { ResourceError } from '@slipway/plugin-codepipeline-common';
import { RESOURCE_ERROR_TEXT, resourceErrorSeverity } from '../../errors';
import { AwsSetupNotice } from '../AwsSetupNotice';

/**
 * Why one pipeline or service could not be read, and what to do about it.
 * When the cause is that the backend has no AWS at all, the page's single
 * setup state stands in for the error (see `AwsSetupNotice`).
 */
export function ResourceErrorPanel(props: {
  name: string;
  error: ResourceError;
}) {
  const { name, error } = props;
  const text =
    RESOURCE_ERROR_TEXT[error.kind] ?? RESOURCE_ERROR_TEXT['aws-error'];
  const alert = (
    <Alert
      severity={resourceErrorSeverity(error.kind)}
      aria-label={`${name}: ${text.title}`}
    >
      <AlertTitle>{`${name}: ${text.title}`}</AlertTitle>
      {error.message} {text.hint}
    </Alert>
  );
  const awsSetup =
    error.kind === 'account-not-configured' || error.kind === 'unreachable';
  return awsSetup ? <AwsSetupNotice name={name} fallback={alert} /> : alert;
}
