import { InfoCard } from '@backstage/core-components';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import {
  EntityDoraResponse,
  isCodePipelineAvailable,
  PIPELINE_ANNOTATIONS,
} from '@slipway/plugin-codepipeline-common';
import { useState } from 'react';
import type { DoraWindowDays } from '../../api';
import { formatDate } from '../../format';
import { useDoraMetrics } from '../../hooks/useDoraMetrics';
import { BackendErrorState } from '../BackendErrorState';
import { DoraMetricList } from '../DoraMetricList';
import { DoraTrendChart } from '../DoraTrendChart';
import { LoadingSkeleton } from '../LoadingSkeleton';
import { RefreshButton } from '../RefreshButton';
import { ResourceErrorPanel } from '../ResourceErrorPanel';

const WINDOWS: DoraWindowDays[] = [7, 30, 90];

const useStyles = makeStyles(theme => ({
  toolbar: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1),
  },
  spacer: { flex: 1 },
  // Lab's unselected toggle text is 38% of the icon colour (2.7:1): use the
  // theme's secondary text (4.5:1 or more in both themes), and the primary
  // text for the pressed one.
  window: {
    color: theme.palette.text.secondary,
    '&$windowSelected, &$windowSelected:hover': {
      color: theme.palette.text.primary,
      fontWeight: theme.typography.fontWeightBold as number,
    },
  },
  windowSelected: {},
  note: { marginTop: theme.spacing(1) },
  footnote: { marginTop: theme.spacing(2), display: 'block' },
}));

/** Which stage counts as production in each pipeline, and why, in one line. */
function productionLine(dora: EntityDoraResponse): string {
  // An older backend sends only the stage names.
  const stages = dora.productionStages ?? [];
  if (stages.length === 0) {
    return dora.pipelines
      .filter(p => p.productionStage)
      .map(p => `${p.name} → ${p.productionStage}`)
      .join(', ');
  }
  return stages
    .map(p => `${p.pipeline} → ${p.stage ?? 'no stage'} (${p.explanation})`)
    .join('; ');
}

function DoraDetails(props: { dora: EntityDoraResponse }) {
  const classes = useStyles();
  const { dora } = props;
  const production = productionLine(dora);
  const unread = dora.pipelines.filter(p => p.error).length;
  const errors = dora.pipelines.map(
    p =>
      p.error && (
        <div key={`${p.arn}/${p.name}`} className={classes.note}>
          <ResourceErrorPanel name={p.name} error={p.error} />
        </div>
      ),
  );
  // Nothing could be read: no metrics at all, rather than zeros that claim "no deployments".
  if (unread > 0 && unread === dora.pipelines.length) {
    return <>{errors}</>;
  }
  const readable = unread > 0 ? ' in the pipelines that could be read' : '';
  return (
    <>
      {errors}
      {dora.truncated && (
        <Alert severity="info" className={classes.note}>
          Only the most recent part of this window's history was read (history
          paging stopped at its bound), so these metrics cover fewer runs than
          the whole window.
        </Alert>
      )}
      {dora.deploymentFrequency.sampleSize === 0 && (
        <Alert severity="info" className={classes.note}>
          {`No production deployments in the last ${dora.windowDays} days${readable} yet. The metrics start with the first successful run of the production stage.`}
        </Alert>
      )}
      <DoraMetricList dora={dora} />
      <DoraTrendChart
        trend={dora.trend}
        windowDays={dora.windowDays}
        partial={unread > 0}
      />
      <Typography
        variant="caption"
        color="textSecondary"
        className={classes.footnote}
      >
        {`${formatDate(dora.from)} – ${formatDate(dora.to)}. `}
        Lead time for changes is measured from the pipeline execution's start,
        which the push triggers, to the successful production deploy.
        {production ? ` Counts as production: ${production}.` : ''}
      </Typography>
    </>
  );
}

function DoraMetrics() {
  const classes = useStyles();
  const [windowDays, setWindowDays] = useState<DoraWindowDays>(30);
  const dora = useDoraMetrics(windowDays);
  let body;
  if (dora.loading) {
    body = <LoadingSkeleton label="Loading DORA metrics" rows={3} />;
  } else if (!dora.value) {
    body = (
      <BackendErrorState
        error={dora.error!}
        annotations={PIPELINE_ANNOTATIONS}
        onRetry={dora.refresh}
      />
    );
  } else {
    body = <DoraDetails dora={dora.value} />;
  }
  return (
    <>
      <div className={classes.toolbar}>
        <ToggleButtonGroup
          exclusive
          size="small"
          value={windowDays}
          aria-label="Time window"
          onChange={(_event, value: DoraWindowDays | null) => {
            if (value) setWindowDays(value);
          }}
        >
          {WINDOWS.map(days => (
            <ToggleButton
              key={days}
              value={days}
              aria-label={`Last ${days} days`}
              classes={{
                root: classes.window,
                selected: classes.windowSelected,
              }}
            >
              {`${days} days`}
            </ToggleButton>
          ))}
        </ToggleButtonGroup>
        <span className={classes.spacer} />
        {!dora.loading && (
          <RefreshButton
            refreshing={dora.refreshing}
            onRefresh={dora.refresh}
            refreshedAt={dora.value?.refreshedAt}
          />
        )}
      </div>
      {body}
    </>
  );
}

/**
 * DORA metrics over 7, 30 or 90 days: deployment frequency, lead time for
 * changes, change failure rate and time to restore, with bands and a trend.
 */
export function EntityDoraMetricsCard(props: { title?: string }) {
  const { entity } = useEntity();
  if (!isCodePipelineAvailable(entity)) {
    return (
      <MissingAnnotationEmptyState annotation={[...PIPELINE_ANNOTATIONS]} />
    );
  }
  return (
    <InfoCard title={props.title ?? 'DORA metrics'}>
      <DoraMetrics />
    </InfoCard>
  );
}
