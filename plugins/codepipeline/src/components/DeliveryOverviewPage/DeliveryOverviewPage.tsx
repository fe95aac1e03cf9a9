import { EmptyState } from '@backstage/core-components';
import {
  Alert,
  Container,
  Flex,
  PluginHeader,
  TablePagination,
  Text,
} from '@backstage/ui';
import {
  CODEPIPELINE_ARN_ANNOTATION,
  CODEPIPELINE_TAGS_ANNOTATION,
  ECS_SERVICE_ARN_ANNOTATION,
  ECS_SERVICE_TAGS_ANNOTATION,
} from '@slipway/plugin-codepipeline-common';
import { useCallback, useEffect, useRef, useState } from 'react';
import { describeError } from '../../errors';
import { formatRelative } from '../../format';
import { useDeliveryOverview } from '../../hooks/useDeliveryOverview';
import { useFleetFilterParams } from '../../hooks/useFleetFilterParams';
import { BackendErrorState } from '../BackendErrorState';
import { FleetDoraByOwner } from '../FleetDoraByOwner';
import { FleetEntityTable } from '../FleetEntityTable';
import { FleetFilters, FleetFilterValues } from '../FleetFilters';
import { FleetLoadProgress } from '../FleetLoadProgress';

/** Page sizes offered; the backend serves at most 100 per page. */
export const PAGE_SIZES = [25, 50, 100];

const ANNOTATIONS = [
  CODEPIPELINE_ARN_ANNOTATION,
  CODEPIPELINE_TAGS_ANNOTATION,
  ECS_SERVICE_ARN_ANNOTATION,
  ECS_SERVICE_TAGS_ANNOTATION,
];

export interface DeliveryOverviewPageProps {
  /**
   * Show the page's own header. The new frontend system's page shell shows
   * the title already, so the `/alpha` page turns it off.
   */
  header?: boolean;
}

interface Page {
  cursor?: string;
  offset: number;
}
const FIRST_PAGE: Page = { offset: 0 };

const hasFilters = (f: FleetFilterValues) =>
  Boolean(f.owner || f.system || f.status || f.q);

/**
 * Every service with Slipway annotations the user may see, one page at a
 * time: status, latest runs, approvals (with a way to act on them), rollouts,
 * what runs in production, and DORA metrics per owner.
 */
export function DeliveryOverviewPage(props: DeliveryOverviewPageProps) {
  const [filters, setFilters] = useFleetFilterParams();
  const [pageSize, setPageSize] = useState(PAGE_SIZES[0]);
  // The pages up to the current one (the last): each one's cursor (the
  // first has none) and the position of its first row. They belong to the
  // filters they were paged under; other filters (changed here, or by Back
  // in the browser) start from the first page.
  const filterKey = JSON.stringify(filters);
  const [paging, setPaging] = useState({ filterKey, pages: [FIRST_PAGE] });
  const pages = paging.filterKey === filterKey ? paging.pages : [FIRST_PAGE];
  const setPages = useCallback(
    (update: Page[] | ((current: Page[]) => Page[])) =>
      setPaging(previous => {
        const current =
          previous.filterKey === filterKey ? previous.pages : [FIRST_PAGE];
        return {
          filterKey,
          pages: typeof update === 'function' ? update(current) : update,
        };
      }),
    [filterKey],
  );
  const page = pages[pages.length - 1];
  const overview = useDeliveryOverview({
    ...filters,
    limit: pageSize,
    cursor: page.cursor,
  });
  const { value, error, refresh } = overview;

  // Stable across pages and filters, so the table's rows are not rendered
  // again when only the query changes (its answer renders them once).
  const latestRefresh = useRef(refresh);
  latestRefresh.current = refresh;
  const onChanged = useCallback(() => latestRefresh.current(), []);
  const clearFilters = useCallback(() => setFilters({}), [setFilters]);

  // A later page can empty out while it is shown (services changed status or
  // left the catalog): start again from the first page rather than show none.
  const pageEmptied =
    value !== undefined &&
    value.items.length === 0 &&
    value.totalItems > 0 &&
    pages.length > 1;
  useEffect(() => {
    if (pageEmptied) setPages([FIRST_PAGE]);
  }, [pageEmptied, setPages]);

  let body;
  if (!value && error) {
    body = (
      <BackendErrorState
        error={error}
        annotations={ANNOTATIONS}
        onRetry={refresh}
      />
    );
  } else if (value && value.progress.total === 0 && !hasFilters(filters)) {
    body = (
      <EmptyState
        missing="field"
        title="No services with Slipway annotations yet"
        description={`The overview lists catalog entities you may see that carry one of ${ANNOTATIONS.join(
          ', ',
        )}. Create a service from the Slipway template, or annotate an existing one.`}
      />
    );
  } else {
    const offset = page.offset;
    body = (
      <>
        <FleetFilters
          value={filters}
          owners={value?.filters.owners ?? []}
          systems={value?.filters.systems ?? []}
          onChange={setFilters}
        />
        {value && value.progress.ready < value.progress.total && (
          <FleetLoadProgress
            ready={value.progress.ready}
            total={value.progress.total}
          />
        )}
        {error && (
          <Alert
            status="warning"
            icon
            title="Could not refresh the overview"
            description={`${
              describeError(error).message
            } The last answer stays shown; Slipway asks again shortly.`}
          />
        )}
        <section>
          <FleetEntityTable
            rows={value?.items ?? []}
            loading={!value}
            onChanged={onChanged}
            onClearFilters={clearFilters}
          />
          {value && value.totalItems > 0 && (
            <TablePagination
              pageSize={pageSize}
              pageSizeOptions={PAGE_SIZES.map(n => ({
                label: `${n} per page`,
                value: n,
              }))}
              showPageSizeOptions
              offset={offset}
              totalCount={value.totalItems}
              hasPreviousPage={pages.length > 1}
              hasNextPage={Boolean(value.nextCursor)}
              onPreviousPage={() => setPages(p => p.slice(0, -1))}
              onNextPage={() =>
                setPages(p => [
                  ...p,
                  {
                    cursor: value.nextCursor,
                    offset: offset + value.items.length,
                  },
                ])
              }
              onPageSizeChange={size => {
                setPageSize(size);
                setPages([FIRST_PAGE]);
              }}
              getLabel={() =>
                `${offset + 1}–${offset + value.items.length} of ${
                  value.totalItems
                } services`
              }
            />
          )}
        </section>
        <FleetDoraByOwner groups={value?.dora ?? []} loading={!value} />
        {value && (
          <Text as="p" variant="body-small" color="secondary">
            {`Updated ${formatRelative(value.refreshedAt)}.`}
          </Text>
        )}
      </>
    );
  }

  return (
    <>
      {props.header !== false && <PluginHeader title="Delivery overview" />}
      <Container py="6">
        <Flex direction="column" gap="6">
          {body}
        </Flex>
      </Container>
    </>
  );
}
