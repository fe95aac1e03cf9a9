import { makeStyles, Theme, useTheme } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import SvgIcon from '@material-ui/core/SvgIcon';
import CheckCircleOutline from '@material-ui/icons/CheckCircleOutline';
import ErrorOutline from '@material-ui/icons/ErrorOutline';
import HighlightOff from '@material-ui/icons/HighlightOff';
import ReportProblemOutlined from '@material-ui/icons/ReportProblemOutlined';
import Schedule from '@material-ui/icons/Schedule';
import Sync from '@material-ui/icons/Sync';
import { GRAPHIC_CONTRAST, readableColor } from '../../readableColor';

/** The visual family of a CodePipeline, ECS, CodeBuild or CodeDeploy status. */
export type StatusTone =
  | 'ok'
  | 'error'
  | 'running'
  | 'pending'
  | 'aborted'
  | 'warning';

const TONES: Record<string, StatusTone> = {
  succeeded: 'ok',
  completed: 'ok',
  steady_state: 'ok',
  healthy: 'ok',
  running: 'running',
  inprogress: 'running',
  in_progress: 'running',
  in_progress_rollback: 'running',
  stopping: 'running',
  ready: 'pending',
  pending: 'pending',
  queued: 'pending',
  created: 'pending',
  provisioning: 'pending',
  activating: 'pending',
  notreached: 'pending',
  failed: 'error',
  fault: 'error',
  timed_out: 'error',
  unhealthy: 'error',
  stopped: 'aborted',
  cancelled: 'aborted',
  abandoned: 'aborted',
  superseded: 'aborted',
  skipped: 'aborted',
  inactive: 'aborted',
  deactivating: 'aborted',
  // The delivery overview's one word per entity (FleetEntityStatus).
  failing: 'error',
  'awaiting-approval': 'pending',
  'rolling-out': 'running',
  'in-progress': 'running',
  loading: 'pending',
};

/** Maps any status string Slipway shows to a tone; unknown ones are warnings. */
export function statusTone(status?: string): StatusTone {
  if (!status) return 'pending';
  return TONES[status.toLowerCase()] ?? 'warning';
}

/** `InProgress` → `In progress`, `IN_PROGRESS` → `In progress`. */
export function humanizeStatus(status?: string): string {
  if (!status) return 'Not run';
  const words = status
    .replace(/_/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The colour of a tone's marks (stage borders, timeline dots, status icons). */
export function toneColor(theme: Theme, tone: StatusTone): string {
  switch (tone) {
    case 'ok':
      return theme.palette.success.main;
    case 'error':
      return theme.palette.error.main;
    case 'running':
      return theme.palette.info.main;
    case 'warning':
      return theme.palette.warning.main;
    default:
      return theme.palette.text.disabled;
  }
}

const ICONS: Record<StatusTone, typeof SvgIcon> = {
  ok: CheckCircleOutline,
  error: ErrorOutline,
  running: Sync,
  pending: Schedule,
  aborted: HighlightOff,
  warning: ReportProblemOutlined,
};

const useStyles = makeStyles(
  theme => ({
    status: {
      display: 'inline-flex',
      alignItems: 'baseline',
      fontWeight: theme.typography.fontWeightMedium as number,
    },
    icon: {
      flexShrink: 0,
      width: '0.9em',
      height: '0.9em',
      position: 'relative',
      top: '0.125em',
      marginRight: theme.spacing(0.75),
    },
  }),
  { name: 'SlipwayStatusLabel' },
);

/**
 * A status as an icon and a word, never as a colour alone: the text keeps the
 * theme's text colour, the icon its tone (at least 3:1 against the theme's
 * backgrounds), and both stay visible to assistive technology.
 */
export function StatusLabel(props: { status?: string; label?: string }) {
  const classes = useStyles();
  const theme = useTheme();
  const tone = statusTone(props.status);
  const Icon = ICONS[tone];
  return (
    <Typography component="span" className={classes.status} data-tone={tone}>
      <Icon
        className={classes.icon}
        htmlColor={readableColor(
          theme,
          toneColor(theme, tone),
          GRAPHIC_CONTRAST,
        )}
        data-testid={`status-${tone}`}
      />
      {props.label ?? humanizeStatus(props.status)}
    </Typography>
  );
}
