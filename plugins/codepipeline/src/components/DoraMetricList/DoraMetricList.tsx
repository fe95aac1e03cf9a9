import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import type {
  DoraBand,
  DoraMetric,
  EntityDoraResponse,
} from '@slipway/plugin-codepipeline-common';
import { formatDoraValue } from '../../format';

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

const useStyles = makeStyles(theme => ({
  list: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(160px, 1fr))',
    gap: theme.spacing(2),
    margin: theme.spacing(2, 0),
    padding: 0,
    listStyle: 'none',
  },
  // The overline's own line height (2.66) splits a two-line label apart.
  label: {
    display: 'block',
    lineHeight: 1.4,
    marginBottom: theme.spacing(0.5),
  },
  tile: {
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
    padding: theme.spacing(1.5),
  },
  value: {
    display: 'flex',
    alignItems: 'baseline',
    flexWrap: 'wrap',
    gap: theme.spacing(0.5),
  },
  elite: {
    backgroundColor: theme.palette.success.main,
    color: theme.palette.success.contrastText,
  },
  // White text needs the darker shades: info.main and error.main give only
  // 3.12:1 and 3.68:1, info.dark and error.dark 4.60:1 and 4.98:1.
  high: {
    backgroundColor: theme.palette.info.dark,
    color: theme.palette.common.white,
  },
  medium: {
    backgroundColor: theme.palette.warning.main,
    color: theme.palette.warning.contrastText,
  },
  low: {
    backgroundColor: theme.palette.error.dark,
    color: theme.palette.common.white,
  },
}));

const BAND_LABEL: Record<DoraBand, string> = {
  elite: 'Elite',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
};

/** A DORA performance band, coloured from the theme's status palette. */
export function DoraBandChip(props: { band: DoraBand }) {
  const classes = useStyles();
  return (
    <Chip
      size="small"
      label={BAND_LABEL[props.band]}
      title="DORA performance band (elite, high, medium, low)"
      className={classes[props.band]}
    />
  );
}

function MetricTile(props: {
  label: string;
  metric: DoraMetric;
  sample: (n: number) => string;
}) {
  const classes = useStyles();
  const { metric } = props;
  const shown = formatDoraValue(metric);
  return (
    <li className={classes.tile} aria-label={props.label}>
      <Typography variant="overline" component="h3" className={classes.label}>
        {props.label}
      </Typography>
      <div className={classes.value}>
        <Typography variant="h5" component="span">
          {shown.value}
        </Typography>
        <Typography variant="body2" component="span" color="textSecondary">
          {shown.unit}
        </Typography>
      </div>
      {metric.band && <DoraBandChip band={metric.band} />}
      <Typography variant="caption" color="textSecondary" component="div">
        {`from ${props.sample(metric.sampleSize)}`}
      </Typography>
    </li>
  );
}

/** Deployment frequency, lead time, change failure rate and time to restore, each with its band. */
export function DoraMetricList(props: { dora: EntityDoraResponse }) {
  const classes = useStyles();
  return (
    <ul className={classes.list} aria-label="DORA metrics">
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
