import {
  Column,
  ColumnConfig,
  Row,
  TableBody,
  TableBodySkeleton,
  TableHeader,
  TableItem,
  TableRoot,
} from '@backstage/ui';
import { ReactNode } from 'react';

export interface DataTableProps<T extends TableItem> {
  /** The table's accessible name, e.g. `Tasks of checkout-web`. */
  label: string;
  /** Keep it stable (useMemo or module scope): a new array re-renders every row. */
  columns: ColumnConfig<T>[];
  rows: T[];
  loading?: boolean;
  emptyState: ReactNode;
}

/**
 * A read-only Backstage UI table with its own accessible name (the `Table`
 * convenience component names every table "Data table").
 */
export function DataTable<T extends TableItem>(props: DataTableProps<T>) {
  return (
    <TableRoot aria-label={props.label} isPending={props.loading}>
      <TableHeader columns={props.columns}>
        {column => (
          <Column id={column.id} isRowHeader={column.isRowHeader}>
            {column.label}
          </Column>
        )}
      </TableHeader>
      {props.loading ? (
        <TableBodySkeleton columns={props.columns} />
      ) : (
        <TableBody
          items={props.rows}
          dependencies={[props.columns]}
          renderEmptyState={() => props.emptyState}
        >
          {item => (
            <Row id={String(item.id)} columns={props.columns}>
              {column => column.cell(item)}
            </Row>
          )}
        </TableBody>
      )}
    </TableRoot>
  );
}
