import { Text } from '@backstage/ui';
import { Theme, useTheme } from '@material-ui/core/styles';
import SvgIcon from '@material-ui/core/SvgIcon';
import CheckCircleOutline from '@material-ui/icons/CheckCircleOutline';
import ErrorOutline from '@material-ui/icons/ErrorOutline';
import HighlightOff from '@material-ui/icons/HighlightOff';
import ReportProblemOutlined from '@material-ui/icons/ReportProblemOutlined';
import Schedule from '@material-ui/icons/Schedule';
import Sync from '@material-ui/icons/Sync';
import { GRAPHIC_CONTRAST, readableColor } from '../../readableColor';
import styles from './StatusLabel.module.css';

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

/**
 * A status as an icon and a word, never as a colour alone: the text keeps the
 * primary text colour, the icon its tone (at least 3:1 against the theme's
 * backgrounds), and both stay visible to assistive technology.
 *
 * The icon's colour comes from the Material UI theme, as {@link toneColor}'s
 * marks do (stage borders, timeline dots), so a tone looks the same everywhere.
 */
export function StatusLabel(props: { status?: string; label?: string }) {
  const theme = useTheme();
  const tone = statusTone(props.status);
  const Icon = ICONS[tone];
  return (
    <Text className={styles.status} data-tone={tone}>
      <Icon
        className={styles.icon}
        fontSize="inherit"
        htmlColor={readableColor(
          theme,
          toneColor(theme, tone),
          GRAPHIC_CONTRAST,
        )}
        data-testid={`status-${tone}`}
      />
      {props.label ?? humanizeStatus(props.status)}
    </Text>
  );
}
