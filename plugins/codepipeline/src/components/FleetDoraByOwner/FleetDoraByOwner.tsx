import { CellText, ColumnConfig, Text } from '@backstage/ui';
import type {
  DoraBand,
  DoraMetric,
  FleetDoraGroup,
} from '@slipway/plugin-codepipeline-common';
import { formatDoraValue } from '../../format';
import { readableRef } from '../../fleetLabels';
import { DataTable } from '../DataTable';

type Row = FleetDoraGroup & { id: string };

const BAND_LABEL: Record<DoraBand, string> = {
  elite: 'Elite',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
};

const plural = (n: number, one: string, many = `${one}s`) =>
  `${n} ${n === 1 ? one : many}`;

/** A metric as value and unit, with its band and what it was measured from. */
function metricCell(metric: DoraMetric, sample: (n: number) => string) {
  const shown = formatDoraValue(metric);
  const title =
    shown.value === '—' ? 'No data' : `${shown.value} ${shown.unit}`;
  const band = metric.band ? `${BAND_LABEL[metric.band]} · ` : '';
  return (
    <CellText
      title={title}
      description={`${band}from ${sample(metric.sampleSize)}`}
    />
  );
}

const COLUMNS: ColumnConfig<Row>[] = [
  {
    id: 'owner',
    label: 'Owner',
    isRowHeader: true,
    cell: g => (
      <CellText
        title={readableRef(g.owner, 'group')}
        description={`${plural(g.entities.length, 'service')}${
          g.pending > 0 ? `, ${g.pending} not counted yet` : ''
        }`}
      />
    ),
  },
  {
    id: 'deploymentFrequency',
    label: 'Deployment frequency',
    cell: g =>
      metricCell(g.deploymentFrequency, n =>
        plural(n, 'production deployment'),
      ),
  },
  {
    id: 'leadTimeForChanges',
    label: 'Lead time for changes',
    cell: g => metricCell(g.leadTimeForChanges, n => plural(n, 'change')),
  },
  {
    id: 'changeFailureRate',
    label: 'Change failure rate',
    cell: g => metricCell(g.changeFailureRate, n => plural(n, 'deployment')),
  },
  {
    id: 'timeToRestore',
    label: 'Time to restore',
    cell: g =>
      metricCell(g.timeToRestore, n =>
        plural(n, 'failure restored', 'failures restored'),
      ),
  },
];

/**
 * The four DORA metrics per owner group over the last 30 days, pooled over
 * the services that match the filters (owner, system and search; not status).
 */
export function FleetDoraByOwner(props: {
  groups: FleetDoraGroup[];
  loading: boolean;
}) {
  const rows = props.groups.map(g => ({ ...g, id: g.owner }));
  return (
    <section>
      <DataTable<Row>
        title="DORA metrics by owner, last 30 days"
        titleAs="h2"
        columns={COLUMNS}
        rows={rows}
        loading={props.loading}
        emptyState={
          <Text as="p" color="secondary" style={{ padding: 16 }}>
            No DORA metrics yet: they appear once the services' pipeline
            histories are read.
          </Text>
        }
      />
      <Text as="p" variant="body-small" color="secondary">
        Deployments to production per owner, summed over their services; lead
        time and time to restore are the services' medians, weighted by how many
        changes and failures each had.
      </Text>
    </section>
  );
}
