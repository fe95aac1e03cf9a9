import { Alert, type AlertProps } from '@backstage/ui';
import type { ResourceError } from '@slipway/plugin-codepipeline-common';
import { RESOURCE_ERROR_TEXT, resourceErrorSeverity } from '../../errors';
import { AwsSetupNotice } from '../AwsSetupNotice';

/** Backstage UI's alert status for each severity of a resource error. */
const ALERT_STATUS: Record<
  ReturnType<typeof resourceErrorSeverity>,
  AlertProps['status']
> = {
  error: 'danger',
  warning: 'warning',
  info: 'info',
};

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
  const title = `${name}: ${text.title}`;
  const alert = (
    <Alert
      status={ALERT_STATUS[resourceErrorSeverity(error.kind)]}
      icon
      role="alert"
      aria-label={title}
      title={title}
      description={`${error.message} ${text.hint}`}
    />
  );
  const awsSetup =
    error.kind === 'account-not-configured' || error.kind === 'unreachable';
  return awsSetup ? <AwsSetupNotice name={name} fallback={alert} /> : alert;
}
