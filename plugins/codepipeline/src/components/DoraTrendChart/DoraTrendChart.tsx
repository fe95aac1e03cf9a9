import { makeStyles, useTheme } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import type { DoraTrendPoint } from '@slipway/plugin-codepipeline-common';
import { formatDate } from '../../format';
import { GRAPHIC_CONTRAST, readableColor } from '../../readableColor';

const HEIGHT = 60;
const GROUP = 24;
const BAR = 9;

const useStyles = makeStyles(theme => ({
  svg: { width: '100%', maxWidth: 480, height: HEIGHT, display: 'block' },
  legend: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(2),
    alignItems: 'center',
  },
  swatch: {
    display: 'inline-block',
    width: 10,
    height: 10,
    marginRight: theme.spacing(0.5),
    borderRadius: 2,
  },
}));

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** What the chart shows, in words, for screen readers. */
export function describeTrend(
  trend: DoraTrendPoint[],
  windowDays: number,
  partial = false,
): string {
  const period = windowDays === 7 ? 'day' : 'week';
  const deployments = trend.map(p => p.deployments);
  const failures = trend.map(p => p.failures);
  const readable = partial ? ' in the pipelines that could be read' : '';
  if (sum(deployments) === 0 && sum(failures) === 0) {
    return `No deployments in the last ${windowDays} days${readable}.`;
  }
  return (
    `Deployments per ${period} over the last ${windowDays} days${readable}: ` +
    `${deployments.join(', ')} (${sum(deployments)} in total); ` +
    `failures: ${failures.join(', ')} (${sum(failures)} in total).`
  );
}

/** Deployments and failures per period as small paired bars, oldest on the left. */
export function DoraTrendChart(props: {
  trend: DoraTrendPoint[];
  windowDays: number;
  /** Some pipelines could not be read: the chart covers only the others, and says so. */
  partial?: boolean;
}) {
  const classes = useStyles();
  const theme = useTheme();
  const { trend, windowDays, partial = false } = props;
  const max = Math.max(
    1,
    ...trend.map(p => Math.max(p.deployments, p.failures)),
  );
  const width = Math.max(1, trend.length) * GROUP;
  const barHeight = (n: number) => (n / max) * (HEIGHT - 4);
  const period = windowDays === 7 ? 'Day' : 'Week';
  const deployColor = theme.palette.primary.main;
  // Bars and legend swatches: at least 3:1 against the card in either theme.
  const failColor = readableColor(
    theme,
    theme.palette.error.main,
    GRAPHIC_CONTRAST,
  );
  return (
    <figure style={{ margin: 0 }}>
      <svg
        role="img"
        aria-label={describeTrend(trend, windowDays, partial)}
        viewBox={`0 0 ${width} ${HEIGHT}`}
        preserveAspectRatio="none"
        className={classes.svg}
      >
        {trend.map((p, i) => {
          const x = i * GROUP + (GROUP - 2 * BAR) / 2;
          return (
            <g key={p.periodStart}>
              <title>
                {`${period} of ${formatDate(p.periodStart)}: ${
                  p.deployments
                } deployments, ${p.failures} failures`}
              </title>
              <rect
                x={x}
                y={HEIGHT - barHeight(p.deployments)}
                width={BAR}
                height={barHeight(p.deployments)}
                fill={deployColor}
              />
              <rect
                x={x + BAR}
                y={HEIGHT - barHeight(p.failures)}
                width={BAR}
                height={barHeight(p.failures)}
                fill={failColor}
              />
            </g>
          );
        })}
        <line
          x1={0}
          x2={width}
          y1={HEIGHT - 0.5}
          y2={HEIGHT - 0.5}
          stroke={theme.palette.divider}
        />
      </svg>
      {trend.every(p => p.deployments === 0 && p.failures === 0) && (
        <Typography variant="body2" color="textSecondary" aria-hidden>
          {`No production deployments in the last ${windowDays} days${
            partial ? ' in the pipelines that could be read' : ''
          }.`}
        </Typography>
      )}
      <Typography
        variant="caption"
        color="textSecondary"
        component="figcaption"
        className={classes.legend}
        aria-hidden
      >
        <span>
          <span
            className={classes.swatch}
            style={{ backgroundColor: deployColor }}
          />
          Deployments
        </span>
        <span>
          <span
            className={classes.swatch}
            style={{ backgroundColor: failColor }}
          />
          Failures
        </span>
        <span>{`per ${period.toLowerCase()}`}</span>
      </Typography>
    </figure>
  );
}
