import { Cell, CellText, ColumnConfig } from '@backstage/ui';
import Typography from '@material-ui/core/Typography';
import type { EcsTask } from '@slipway/plugin-codepipeline-common';
import { formatRelative } from '../../format';
import { DataTable } from '../DataTable';
import { StatusLabel } from '../StatusLabel';
import { ExternalLink } from '../ExternalLink';

function StopDetails(props: { task: EcsTask }) {
  const t = props.task;
  if (!t.stoppedAt) return <>—</>;
  return (
    <>
      <Typography variant="body2">
        {formatRelative(t.stoppedAt)}: {t.stopCode ? `${t.stopCode} — ` : ''}
        {t.stoppedReason}
      </Typography>
      {t.containers
        .filter(c => c.exitCode !== undefined || c.reason)
        .map(c => (
          <Typography key={c.name} variant="caption" display="block">
            {`${c.name}: exit code ${c.exitCode ?? '—'}${
              c.reason ? ` (${c.reason})` : ''
            }`}
          </Typography>
        ))}
    </>
  );
}

const columns: ColumnConfig<EcsTask>[] = [
  {
    id: 'task',
    label: 'Task',
    isRowHeader: true,
    cell: t => (
      <Cell>
        <ExternalLink href={t.consoleUrl}>{t.id}</ExternalLink>
      </Cell>
    ),
  },
  {
    id: 'status',
    label: 'Status',
    cell: t => (
      <Cell>
        <StatusLabel status={t.lastStatus} />
      </Cell>
    ),
  },
  {
    id: 'health',
    label: 'Health',
    cell: t => <CellText title={t.healthStatus ?? '—'} />,
  },
  {
    id: 'taskDefinition',
    label: 'Task definition',
    cell: t => <CellText title={t.taskDefinition ?? '—'} />,
  },
  {
    id: 'started',
    label: 'Started',
    cell: t => <CellText title={formatRelative(t.startedAt)} />,
  },
  {
    id: 'stopped',
    label: 'Stopped',
    cell: t => (
      <Cell>
        <StopDetails task={t} />
      </Cell>
    ),
  },
];

/** Running tasks, then recently stopped ones with stop reason and container exit codes. */
export function EcsTaskList(props: { serviceName: string; tasks: EcsTask[] }) {
  return (
    <DataTable<EcsTask>
      title={`Tasks of ${props.serviceName}`}
      titleAs="h4"
      columns={columns}
      rows={props.tasks}
      emptyState={
        <Typography style={{ padding: 16 }}>
          No running or recently stopped tasks.
        </Typography>
      }
    />
  );
}
