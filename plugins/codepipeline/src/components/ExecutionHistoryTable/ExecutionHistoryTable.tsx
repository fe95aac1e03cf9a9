import {
  Link,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import MenuItem from '@material-ui/core/MenuItem';
import { makeStyles } from '@material-ui/core/styles';
import TextField from '@material-ui/core/TextField';
import type {
  PipelineExecutionStatus,
  PipelineExecutionSummary,
} from '@slipway/plugin-codepipeline-common';
import { useState } from 'react';
import { formatDuration, formatTimestamp, secondsBetween } from '../../format';
import { useExecutions } from '../../hooks/useExecutions';
import { CommitLink, describeTrigger } from '../PipelineSummary';
import { RefreshButton } from '../RefreshButton';
import { StatusLabel } from '../StatusLabel';

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
  spacer: { flex: 1 },
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
  const cursor = cursors[cursors.length - 1];
  const page = useExecutions(
    props.pipelineArn,
    cursor,
    props.pollIntervalSeconds,
  );
  const rows = (page.value?.executions ?? []).filter(
    e => !status || e.status === status,
  );

  const columns: TableColumn<PipelineExecutionSummary>[] = [
    { title: 'Status', render: e => <StatusLabel status={e.status} /> },
    {
      title: 'Execution',
      render: e => (
        <Button
          size="small"
          onClick={() => props.onSelect(e.executionId)}
          aria-label={`Show execution ${e.executionId}`}
        >
          {e.executionId}
        </Button>
      ),
    },
    { title: 'Commit', render: e => <CommitLink execution={e} /> },
    { title: 'Trigger', render: e => describeTrigger(e) },
    { title: 'Started', render: e => formatTimestamp(e.startTime) },
    {
      title: 'Duration',
      render: e =>
        formatDuration(
          e.durationSeconds ?? secondsBetween(e.startTime, e.endTime),
        ),
    },
    { title: 'Console', render: e => <Link to={e.consoleUrl}>Open</Link> },
  ];

  return (
    <>
      {page.error && (
        <ResponseErrorPanel
          title="Could not read the execution history"
          error={page.error}
        />
      )}
      <Table<PipelineExecutionSummary>
        title={`Executions of ${props.pipelineName}`}
        isLoading={page.loading}
        columns={columns}
        data={rows}
        options={{
          paging: false,
          search: false,
          sorting: false,
          padding: 'dense',
          toolbar: true,
        }}
        emptyContent={
          <div className={classes.controls}>
            {status
              ? `No ${status} executions on this page.`
              : 'No executions yet.'}
          </div>
        }
      />
      <div className={classes.controls}>
        <TextField
          select
          size="small"
          label="Status"
          value={status}
          onChange={e => setStatus(e.target.value as typeof status)}
          style={{ minWidth: 160 }}
        >
          <MenuItem value="">All statuses</MenuItem>
          {STATUSES.map(s => (
            <MenuItem key={s} value={s}>
              {s}
            </MenuItem>
          ))}
        </TextField>
        <span className={classes.spacer} />
        <RefreshButton refreshing={page.refreshing} onRefresh={page.refresh} />
        <Button
          disabled={cursors.length === 1}
          onClick={() => setCursors(c => c.slice(0, -1))}
        >
          Newer
        </Button>
        <Button
          disabled={!page.value?.nextCursor}
          onClick={() => setCursors(c => [...c, page.value!.nextCursor])}
        >
          Older
        </Button>
      </div>
    </>
  );
}
