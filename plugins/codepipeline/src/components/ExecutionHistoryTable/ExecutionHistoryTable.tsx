import { ResponseErrorPanel } from '@backstage/core-components';
import {
  Box,
  Button,
  Cell,
  CellText,
  ColumnConfig,
  Flex,
  Select,
  Text,
} from '@backstage/ui';
import type {
  PipelineExecutionStatus,
  PipelineExecutionSummary,
} from '@slipway/plugin-codepipeline-common';
import { useMemo, useState } from 'react';
import {
  formatDuration,
  formatTimestamp,
  secondsBetween,
  shortExecutionId,
} from '../../format';
import { useExecutions } from '../../hooks/useExecutions';
import { DataTable } from '../DataTable';
import { CommitLink, describeTrigger } from '../PipelineSummary';
import { RefreshButton } from '../RefreshButton';
import { SlipwayCard } from '../SlipwayCard';
import { humanizeStatus, StatusLabel } from '../StatusLabel';
import { ExternalLink } from '../ExternalLink';

type ExecutionRow = PipelineExecutionSummary & { id: string };

const STATUSES: PipelineExecutionStatus[] = [
  'InProgress',
  'Succeeded',
  'Failed',
  'Stopped',
  'Stopping',
  'Superseded',
  'Cancelled',
];

const ALL = 'all';

/** The filter's choices in words (`InProgress` → "In progress"), not AWS's enum values. */
const STATUS_OPTIONS = [
  { id: ALL, label: 'All statuses' },
  ...STATUSES.map(s => ({ id: s, label: humanizeStatus(s) })),
];

export interface ExecutionHistoryTableProps {
  pipelineArn: string;
  pipelineName: string;
  pollIntervalSeconds?: number;
  onSelect: (executionId: string) => void;
}

/** A pipeline's runs, newest first, one server page at a time (cursor paging), filtered by status. */
export function ExecutionHistoryTable(props: ExecutionHistoryTableProps) {
  // Cursors of the pages before the current one; the current one is the last.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [status, setStatus] = useState<'' | PipelineExecutionStatus>('');
  const cursor = cursors[cursors.length - 1];
  const page = useExecutions(
    props.pipelineArn,
    cursor,
    props.pollIntervalSeconds,
  );
  const rows = useMemo<ExecutionRow[]>(
    () =>
      (page.value?.executions ?? [])
        .filter(e => !status || e.status === status)
        .map(e => ({ ...e, id: e.executionId })),
    [page.value, status],
  );

  const { onSelect } = props;
  const columns = useMemo<ColumnConfig<ExecutionRow>[]>(
    () => [
      {
        id: 'status',
        label: 'Status',
        cell: e => (
          <Cell>
            <StatusLabel status={e.status} />
          </Cell>
        ),
      },
      {
        id: 'execution',
        label: 'Execution',
        isRowHeader: true,
        cell: e => (
          <Cell>
            <Button
              size="small"
              variant="tertiary"
              onPress={() => onSelect(e.executionId)}
              aria-label={`Show execution ${e.executionId}`}
            >
              {/* As AWS gives them: never re-cased by a theme's button style;
                  a UUID shortened, since a button does not wrap. */}
              <span style={{ textTransform: 'none' }} title={e.executionId}>
                {shortExecutionId(e.executionId)}
              </span>
            </Button>
          </Cell>
        ),
      },
      {
        id: 'commit',
        label: 'Commit',
        cell: e => (
          <Cell>
            <CommitLink execution={e} />
          </Cell>
        ),
      },
      {
        id: 'trigger',
        label: 'Trigger',
        cell: e => <CellText title={describeTrigger(e)} />,
      },
      {
        id: 'started',
        label: 'Started',
        cell: e => <CellText title={formatTimestamp(e.startTime)} />,
      },
      {
        id: 'duration',
        label: 'Duration',
        cell: e => (
          <CellText
            title={formatDuration(
              e.durationSeconds ?? secondsBetween(e.startTime, e.endTime),
            )}
          />
        ),
      },
      {
        id: 'console',
        label: 'Console',
        cell: e => (
          <Cell>
            <ExternalLink href={e.consoleUrl}>Open</ExternalLink>
          </Cell>
        ),
      },
    ],
    [onSelect],
  );

  const title = `Executions of ${props.pipelineName}`;
  // The filter, the table and its paging are one card, like the pipeline card above it.
  return (
    <SlipwayCard
      title={title}
      action={
        <RefreshButton refreshing={page.refreshing} onRefresh={page.refresh} />
      }
    >
      <Flex direction="column" gap="3">
        {page.error && (
          <ResponseErrorPanel
            title="Could not read the execution history"
            error={page.error}
          />
        )}
        <Select
          label="Status"
          size="small"
          options={STATUS_OPTIONS}
          value={status || ALL}
          onChange={selected =>
            setStatus(
              selected === ALL || selected === null
                ? ''
                : (selected as PipelineExecutionStatus),
            )
          }
          style={{ flex: 'none', width: 200 }}
        />
        <DataTable<ExecutionRow>
          title={title}
          titleHidden
          columns={columns}
          rows={rows}
          loading={page.loading && !page.value}
          emptyState={
            <Box py="2">
              <Text as="p" variant="body-medium">
                {status
                  ? `No ${humanizeStatus(
                      status,
                    ).toLowerCase()} executions on this page.`
                  : 'No executions yet.'}
              </Text>
            </Box>
          }
        />
        <nav aria-label={`Pages of ${title}`}>
          <Flex justify="end" gap="2">
            <Button
              variant="secondary"
              isDisabled={cursors.length === 1}
              onPress={() => setCursors(c => c.slice(0, -1))}
            >
              Newer
            </Button>
            <Button
              variant="secondary"
              isDisabled={!page.value?.nextCursor}
              onPress={() => setCursors(c => [...c, page.value!.nextCursor])}
            >
              Older
            </Button>
          </Flex>
        </nav>
      </Flex>
    </SlipwayCard>
  );
}
