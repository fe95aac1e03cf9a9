import {
  Box,
  Column,
  ColumnConfig,
  Row,
  TableBody,
  TableBodySkeleton,
  TableHeader,
  TableItem,
  TableRoot,
  Text,
} from '@backstage/ui';
import { ReactNode, useId } from 'react';

export interface DataTableProps<T extends TableItem> {
  /** Shown above the table and read as its name, e.g. `Tasks of checkout-web`. */
  title: string;
  /** The title's heading level in the surrounding view. */
  titleAs?: 'h2' | 'h3' | 'h4';
  /**
   * The surrounding card already shows the title as its heading: keep it only
   * as the table's name, not as a second heading.
   */
  titleHidden?: boolean;
  /** Keep it stable (useMemo or module scope): a new array re-renders every row. */
  columns: ColumnConfig<T>[];
  rows: T[];
  loading?: boolean;
  emptyState: ReactNode;
}

/**
 * A titled, read-only Backstage UI table (the `Table` convenience component
 * names every table "Data table").
 */
export function DataTable<T extends TableItem>(props: DataTableProps<T>) {
  const titleId = useId();
  return (
    <>
      {props.titleHidden ? (
        <span id={titleId} hidden>
          {props.title}
        </span>
      ) : (
        <Box pt="4" px="4" pb="2">
          <Text
            id={titleId}
            as={props.titleAs ?? 'h3'}
            variant="title-x-small"
            weight="bold"
          >
            {props.title}
          </Text>
        </Box>
      )}
      <TableRoot aria-labelledby={titleId} isPending={props.loading}>
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
    </>
  );
}
