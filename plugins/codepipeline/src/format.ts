/** `8m 05s`, `1h 02m`, `42s`. */
export function formatDuration(seconds?: number): string {
  if (seconds === undefined || seconds < 0) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

/** Seconds between two ISO times, or until now when `end` is missing. */
export function secondsBetween(
  start?: string,
  end?: string,
): number | undefined {
  if (!start) return undefined;
  const to = end ? Date.parse(end) : Date.now();
  return Math.max(0, (to - Date.parse(start)) / 1000);
}

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/** `5 minutes ago`, `yesterday`. */
export function formatRelative(iso?: string): string {
  if (!iso) return '—';
  const diff = (Date.parse(iso) - Date.now()) / 1000;
  const abs = Math.abs(diff);
  if (abs < 45) return 'just now';
  if (abs < 3600) return relative.format(Math.round(diff / 60), 'minute');
  if (abs < 86400) return relative.format(Math.round(diff / 3600), 'hour');
  return relative.format(Math.round(diff / 86400), 'day');
}

/** Full local date and time, for tooltips and detail views. */
export function formatTimestamp(iso?: string): string {
  return iso ? new Date(iso).toLocaleString() : '—';
}

/** The short (7-character) id of a commit. */
export function shortCommit(
  revisionId?: string,
  shortRevisionId?: string,
): string | undefined {
  return shortRevisionId ?? revisionId?.slice(0, 7);
}
