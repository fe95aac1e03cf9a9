import { Box, Cell, CellText, ColumnConfig, Text } from '@backstage/ui';
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
      <Text as="p">
        {formatRelative(t.stoppedAt)}: {t.stopCode ? `${t.stopCode} — ` : ''}
        {t.stoppedReason}
      </Text>
      {t.containers
        .filter(c => c.exitCode !== undefined || c.reason)
        .map(c => (
          <Text key={c.name} as="p" variant="body-small">
            {`${c.name}: exit code ${c.exitCode ?? '—'}${
              c.reason ? ` (${c.reason})` : ''
            }`}
          </Text>
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
        <Box p="4">
          <Text as="p">No running or recently stopped tasks.</Text>
        </Box>
      }
    />
  );
}
