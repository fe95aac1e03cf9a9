import { Text } from '@backstage/ui';
import type { DoraTrendPoint } from '@slipway/plugin-codepipeline-common';
import { formatDate } from '../../format';
import styles from './DoraTrendChart.module.css';

const HEIGHT = 60;
const GROUP = 24;
const BAR = 9;

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
  const { trend, windowDays, partial = false } = props;
  const max = Math.max(
    1,
    ...trend.map(p => Math.max(p.deployments, p.failures)),
  );
  const width = Math.max(1, trend.length) * GROUP;
  const barHeight = (n: number) => (n / max) * (HEIGHT - 4);
  const period = windowDays === 7 ? 'Day' : 'Week';
  return (
    <figure className={styles.figure}>
      <svg
        role="img"
        aria-label={describeTrend(trend, windowDays, partial)}
        viewBox={`0 0 ${width} ${HEIGHT}`}
        preserveAspectRatio="none"
        height={HEIGHT}
        className={styles.chart}
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
                fill="currentColor"
                className={styles.deployments}
              />
              <rect
                x={x + BAR}
                y={HEIGHT - barHeight(p.failures)}
                width={BAR}
                height={barHeight(p.failures)}
                fill="currentColor"
                className={styles.failures}
              />
            </g>
          );
        })}
        <line
          x1={0}
          x2={width}
          y1={HEIGHT - 0.5}
          y2={HEIGHT - 0.5}
          stroke="currentColor"
          className={styles.baseline}
        />
      </svg>
      {trend.every(p => p.deployments === 0 && p.failures === 0) && (
        <Text as="p" variant="body-small" aria-hidden>
          {`No production deployments in the last ${windowDays} days${
            partial ? ' in the pipelines that could be read' : ''
          }.`}
        </Text>
      )}
      <figcaption className={styles.legend} aria-hidden>
        <Text variant="body-small">
          <span className={`${styles.swatch} ${styles.deployments}`} />
          Deployments
        </Text>
        <Text variant="body-small">
          <span className={`${styles.swatch} ${styles.failures}`} />
          Failures
        </Text>
        <Text variant="body-small">{`per ${period.toLowerCase()}`}</Text>
      </figcaption>
    </figure>
  );
}
