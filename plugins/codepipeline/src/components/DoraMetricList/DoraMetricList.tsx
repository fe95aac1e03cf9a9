import { Badge, Flex, Text } from '@backstage/ui';
import type {
  DoraBand,
  DoraMetric,
  EntityDoraResponse,
} from '@slipway/plugin-codepipeline-common';
import { formatDoraValue } from '../../format';
import styles from './DoraMetricList.module.css';

type MetricKey =
  | 'deploymentFrequency'
  | 'leadTimeForChanges'
  | 'changeFailureRate'
  | 'timeToRestore';

const plural = (n: number, one: string, many: string) =>
  `${n} ${n === 1 ? one : many}`;

/** The four DORA metrics, in DORA's order, with what their sample counts. */
const METRICS: Array<{
  key: MetricKey;
  label: string;
  sample: (n: number) => string;
}> = [
  {
    key: 'deploymentFrequency',
    label: 'Deployment frequency',
    sample: n => plural(n, 'production deployment', 'production deployments'),
  },
  {
    key: 'leadTimeForChanges',
    label: 'Lead time for changes',
    sample: n => plural(n, 'change', 'changes'),
  },
  {
    key: 'changeFailureRate',
    label: 'Change failure rate',
    sample: n => plural(n, 'deployment', 'deployments'),
  },
  {
    key: 'timeToRestore',
    label: 'Time to restore',
    sample: n => plural(n, 'failure restored', 'failures restored'),
  },
];

const BAND_LABEL: Record<DoraBand, string> = {
  elite: 'Elite',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
};

/** A DORA performance band, coloured from Backstage UI's status tokens. */
export function DoraBandBadge(props: { band: DoraBand }) {
  return (
    <Badge
      size="medium"
      title="DORA performance band (elite, high, medium, low)"
      className={styles[props.band]}
    >
      {BAND_LABEL[props.band]}
    </Badge>
  );
}

function MetricTile(props: {
  label: string;
  metric: DoraMetric;
  sample: (n: number) => string;
}) {
  const { metric } = props;
  const shown = formatDoraValue(metric);
  return (
    <li className={styles.tile} aria-label={props.label}>
      <Text as="h3" variant="body-small" weight="bold" className={styles.label}>
        {props.label}
      </Text>
      <Flex align="baseline" gap="1" style={{ flexWrap: 'wrap' }}>
        <Text variant="title-small">{shown.value}</Text>
        <Text variant="body-small">{shown.unit}</Text>
      </Flex>
      {metric.band && <DoraBandBadge band={metric.band} />}
      <Text as="div" variant="body-small">
        {`from ${props.sample(metric.sampleSize)}`}
      </Text>
    </li>
  );
}

/** Deployment frequency, lead time, change failure rate and time to restore, each with its band. */
export function DoraMetricList(props: { dora: EntityDoraResponse }) {
  return (
    <ul className={styles.metrics} aria-label="DORA metrics">
      {METRICS.map(m => (
        <MetricTile
          key={m.key}
          label={m.label}
          metric={props.dora[m.key]}
          sample={m.sample}
        />
      ))}
    </ul>
  );
}
