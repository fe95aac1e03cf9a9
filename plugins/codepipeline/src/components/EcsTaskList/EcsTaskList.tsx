import { Link, Table, TableColumn } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import type { EcsTask } from '@slipway/plugin-codepipeline-common';
import { formatRelative } from '../../format';
import { StatusLabel } from '../StatusLabel';

const columns: TableColumn<EcsTask>[] = [
  { title: 'Task', render: t => <Link to={t.consoleUrl}>{t.id}</Link> },
  { title: 'Status', render: t => <StatusLabel status={t.lastStatus} /> },
  { title: 'Health', render: t => t.healthStatus ?? '—' },
  { title: 'Task definition', field: 'taskDefinition' },
  { title: 'Started', render: t => formatRelative(t.startedAt) },
  {
    title: 'Stopped',
    render: t =>
      t.stoppedAt ? (
        <>
          <Typography variant="body2">
            {formatRelative(t.stoppedAt)}:{' '}
            {t.stopCode ? `${t.stopCode} — ` : ''}
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
      ) : (
        '—'
      ),
  },
];

/** Running tasks, then recently stopped ones with stop reason and container exit codes. */
export function EcsTaskList(props: { serviceName: string; tasks: EcsTask[] }) {
  return (
    <Table<EcsTask>
      title={`Tasks of ${props.serviceName}`}
      columns={columns}
      data={props.tasks}
      options={{
        paging: false,
        search: false,
        sorting: false,
        padding: 'dense',
      }}
      emptyContent={
        <Typography style={{ padding: 16 }}>
          No running or recently stopped tasks.
        </Typography>
      }
    />
  );
}
