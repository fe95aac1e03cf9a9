import { EmptyState, ResponseErrorPanel } from '@backstage/core-components';
import { MissingAnnotationEmptyState } from '@backstage/plugin-catalog-react';
import { Button } from '@backstage/ui';
import { describeError } from '../../errors';
import { AwsSetupNotice } from '../AwsSetupNotice';

export interface BackendErrorStateProps {
  error: Error;
  /** The annotations that would make this view work, named in the missing-annotation state. */
  annotations: readonly string[];
  onRetry: () => void;
}

/** A whole view failed: missing annotations, not permitted, not found, or the backend is down. */
export function BackendErrorState(props: BackendErrorStateProps) {
  const described = describeError(props.error);
  const retry = (
    <Button variant="secondary" onPress={props.onRetry}>
      Try again
    </Button>
  );
  switch (described.kind) {
    case 'not-annotated':
      return (
        <MissingAnnotationEmptyState annotation={[...props.annotations]} />
      );
    case 'forbidden':
      return (
        <EmptyState
          missing="info"
          title={described.title}
          description={described.message}
        />
      );
    case 'not-found':
      return (
        <EmptyState
          missing="data"
          title="Entity not found"
          description={described.message}
          action={retry}
        />
      );
    case 'backend-unavailable':
      return (
        <>
          <ResponseErrorPanel title={described.title} error={props.error} />
          {retry}
        </>
      );
    default:
      return (
        <>
          <ResponseErrorPanel title={described.title} error={props.error} />
          <AwsSetupNotice />
          {retry}
        </>
      );
  }
}
