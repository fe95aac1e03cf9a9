import { parseEntityRef } from '@backstage/catalog-model';
import {
  Button,
  Cell,
  CellText,
  ColumnConfig,
  Flex,
  Text,
} from '@backstage/ui';
import type { FleetEntitySummary } from '@slipway/plugin-codepipeline-common';
import { memo, useMemo } from 'react';
import { readableRef } from '../../fleetLabels';
import { DataTable } from '../DataTable';
import {
  ApprovalsCell,
  ExecutionsCell,
  ProductionCell,
  RolloutsCell,
  StatusCell,
} from '../FleetEntityCells';
import { EntityPagePath, WithEntityRoute } from './EntityRoute';

type Row = FleetEntitySummary & { id: string };

/** Where a row links to: the entity page, and its CI/CD tab. */
type EntityLinks = (ref: string) => { page: string; ciCd: string };

export interface FleetEntityTableProps {
  rows: FleetEntitySummary[];
  /** Skeleton rows until the first answer. */
  loading: boolean;
  /** After an approval or rejection: ask the backend again. */
  onChanged: () => void | Promise<void>;
  /** Offered when no row matches the filters. */
  onClearFilters: () => void;
}

function columnsFor(
  links: EntityLinks,
  onChanged: () => void | Promise<void>,
): ColumnConfig<Row>[] {
  return [
    {
      id: 'service',
      label: 'Service',
      isRowHeader: true,
      cell: row => (
        <CellText
          title={row.title ?? parseEntityRef(row.entityRef).name}
          href={links(row.entityRef).page}
          description={[
            readableRef(row.owner, 'group'),
            row.system && readableRef(row.system, 'system'),
          ]
            .filter(Boolean)
            .join(' · ')}
        />
      ),
    },
    {
      id: 'status',
      label: 'Status',
      cell: row => (
        <Cell>
          <StatusCell row={row} />
        </Cell>
      ),
    },
    {
      id: 'executions',
      label: 'Latest executions',
      cell: row => (
        <Cell>
          <ExecutionsCell row={row} />
        </Cell>
      ),
    },
    {
      id: 'approvals',
      label: 'Approvals waiting',
      cell: row => (
        <Cell>
          <ApprovalsCell
            row={row}
            ciCdPath={links(row.entityRef).ciCd}
            onChanged={onChanged}
          />
        </Cell>
      ),
    },
    {
      id: 'rollouts',
      label: 'Rollouts in progress',
      cell: row => (
        <Cell>
          <RolloutsCell row={row} />
        </Cell>
      ),
    },
    {
      id: 'production',
      label: 'In production',
      cell: row => (
        <Cell>
          <ProductionCell row={row} />
        </Cell>
      ),
    },
  ];
}

/**
 * One row per entity: status, latest runs, approvals, rollouts and what
 * production runs. Memoized: with 100 rows a page, the page's own updates
 * (a poll in flight, a filter being typed) must not render every row again.
 */
export const FleetEntityTable = memo(function EntityTable(
  props: FleetEntityTableProps,
) {
  return (
    <WithEntityRoute>
      {entityPage => <Table {...props} entityPage={entityPage} />}
    </WithEntityRoute>
  );
});

function Table(props: FleetEntityTableProps & { entityPage: EntityPagePath }) {
  const { entityPage, onChanged, onClearFilters } = props;
  const columns = useMemo(() => {
    const links: EntityLinks = ref => {
      const page = entityPage(ref);
      return { page, ciCd: `${page.replace(/\/$/, '')}/ci-cd` };
    };
    return columnsFor(links, onChanged);
  }, [entityPage, onChanged]);
  const rows = useMemo(
    () => props.rows.map(r => ({ ...r, id: r.entityRef })),
    [props.rows],
  );
  const emptyState = useMemo(
    () => (
      <Flex direction="column" gap="2" p="4" align="start">
        <Text as="p">No services match these filters.</Text>
        <Button variant="secondary" onPress={onClearFilters}>
          Clear filters
        </Button>
      </Flex>
    ),
    [onClearFilters],
  );
  return (
    <DataTable<Row>
      title="Services"
      titleAs="h2"
      columns={columns}
      rows={rows}
      loading={props.loading}
      emptyState={emptyState}
    />
  );
}
