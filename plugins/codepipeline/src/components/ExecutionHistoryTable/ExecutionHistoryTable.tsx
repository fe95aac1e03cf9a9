import { InfoCard, ResponseErrorPanel } from '@backstage/core-components';
import { Button, Cell, CellText, ColumnConfig } from '@backstage/ui';
import MenuItem from '@material-ui/core/MenuItem';
import { makeStyles } from '@material-ui/core/styles';
import TextField from '@material-ui/core/TextField';
import type {
  PipelineExecutionStatus,
  PipelineExecutionSummary,
} from '@slipway/plugin-codepipeline-common';
import { useId, useMemo, useState } from 'react';
import { formatDuration, formatTimestamp, secondsBetween } from '../../format';
import { useExecutions } from '../../hooks/useExecutions';
import { DataTable } from '../DataTable';
import { CommitLink, describeTrigger } from '../PipelineSummary';
import { RefreshButton } from '../RefreshButton';
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

const useStyles = makeStyles(theme => ({
  controls: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    padding: theme.spacing(1, 2),
  },
  paging: { justifyContent: 'flex-end' },
  // Execution ids as AWS gives them: never re-cased by a theme's button style.
  executionId: { textTransform: 'none' },
}));

export interface ExecutionHistoryTableProps {
  pipelineArn: string;
  pipelineName: string;
  pollIntervalSeconds?: number;
  onSelect: (executionId: string) => void;
}

/** A pipeline's runs, newest first, one server page at a time (cursor paging), filtered by status. */
export function ExecutionHistoryTable(props: ExecutionHistoryTableProps) {
  const classes = useStyles();
  // Cursors of the pages before the current one; the current one is the last.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [status, setStatus] = useState<'' | PipelineExecutionStatus>('');
  // MUI names the select by its label only when the field has an id.
  const statusFilterId = useId();
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
              <span className={classes.executionId}>{e.executionId}</span>
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
    [onSelect, classes.executionId],
  );

  const title = `Executions of ${props.pipelineName}`;
  // The filter, the table and its paging are one card, like the pipeline card above it.
  return (
    <InfoCard
      title={title}
      titleTypographyProps={{ component: 'h3' }}
      noPadding
      action={
        <RefreshButton refreshing={page.refreshing} onRefresh={page.refresh} />
      }
    >
      {page.error && (
        <ResponseErrorPanel
          title="Could not read the execution history"
          error={page.error}
        />
      )}
      <div className={classes.controls}>
        <TextField
          select
          id={statusFilterId}
          size="small"
          label="Status"
          value={status}
          onChange={e => setStatus(e.target.value as typeof status)}
          SelectProps={{ displayEmpty: true }}
          InputLabelProps={{ shrink: true }}
          style={{ minWidth: 160 }}
        >
          <MenuItem value="">All statuses</MenuItem>
          {STATUSES.map(s => (
            <MenuItem key={s} value={s}>
              {humanizeStatus(s)}
            </MenuItem>
          ))}
        </TextField>
      </div>
      <DataTable<ExecutionRow>
        title={title}
        titleHidden
        columns={columns}
        rows={rows}
        loading={page.loading && !page.value}
        emptyState={
          <div className={classes.controls}>
            {status
              ? `No ${humanizeStatus(
                  status,
                ).toLowerCase()} executions on this page.`
              : 'No executions yet.'}
          </div>
        }
      />
      <nav
        className={`${classes.controls} ${classes.paging}`}
        aria-label={`Pages of ${title}`}
      >
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
      </nav>
    </InfoCard>
  );
}
