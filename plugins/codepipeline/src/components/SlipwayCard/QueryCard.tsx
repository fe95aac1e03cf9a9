import type { ReactNode } from 'react';
import type { PollingQuery } from '../../hooks/usePollingQuery';
import { BackendErrorState } from '../BackendErrorState';
import { LoadingSkeleton } from '../LoadingSkeleton';
import { RefreshButton } from '../RefreshButton';
import { SlipwayCard } from './SlipwayCard';

export interface QueryCardProps<T extends { refreshedAt?: string }> {
  title: string;
  /** The live answer the card shows. */
  query: PollingQuery<T>;
  /** Names the skeleton shown until the first answer. */
  loadingLabel: string;
  /** Skeleton rows; one by default. */
  loadingRows?: number;
  /** The annotations that would make the card work, named when they are missing. */
  annotations: readonly string[];
  /** The card's content once the backend has answered. */
  children: (value: T) => ReactNode;
}

/**
 * A SlipwayCard over one polling query: a skeleton until the first answer,
 * the backend's error while there is no answer, else `children(value)`; with
 * a refresh button beside the heading once there is an answer.
 */
export function QueryCard<T extends { refreshedAt?: string }>(
  props: QueryCardProps<T>,
) {
  const { query } = props;
  const { value } = query;
  let body;
  if (query.loading) {
    body = (
      <LoadingSkeleton label={props.loadingLabel} rows={props.loadingRows} />
    );
  } else if (!value) {
    body = (
      <BackendErrorState
        error={query.error!}
        annotations={props.annotations}
        onRetry={query.refresh}
      />
    );
  } else {
    body = props.children(value);
  }
  return (
    <SlipwayCard
      title={props.title}
      action={
        value && (
          <RefreshButton
            refreshing={query.refreshing}
            onRefresh={query.refresh}
            refreshedAt={value.refreshedAt}
          />
        )
      }
    >
      {body}
    </SlipwayCard>
  );
}
