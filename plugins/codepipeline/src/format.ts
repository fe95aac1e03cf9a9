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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * An execution id short enough for a table cell: a UUID's first group (as a
 * short commit id is its first characters); any other id as it is.
 */
export function shortExecutionId(executionId: string): string {
  return UUID.test(executionId) ? executionId.slice(0, 8) : executionId;
}

/** Local time of day, `09:52`, for start → end ranges. */
export function formatClock(iso?: string): string {
  return iso
    ? new Date(iso).toLocaleTimeString(undefined, {
        hour: '2-digit',
        minute: '2-digit',
      })
    : '—';
}

/** Local date without the time, `22 Nov 2026`. */
export function formatDate(iso?: string): string {
  return iso
    ? new Date(iso).toLocaleDateString(undefined, {
        day: 'numeric',
        month: 'short',
        year: 'numeric',
      })
    : '—';
}

const trimZero = (text: string) => text.replace(/\.0$/, '');

/**
 * A DORA metric as a person reads it: `2.4 per day`, `3 per week`,
 * `45 minutes`, `2.2 days`, `4.2 %`; `—` when there is no data.
 */
export function formatDoraValue(metric: {
  value?: number;
  unit: 'per-day' | 'hours' | 'percent';
}): { value: string; unit: string } {
  const v = metric.value;
  if (v === undefined) return { value: '—', unit: 'no data' };
  switch (metric.unit) {
    case 'per-day':
      if (v === 0 || v >= 1)
        return { value: trimZero(v.toFixed(1)), unit: 'per day' };
      if (v * 7 >= 1)
        return { value: trimZero((v * 7).toFixed(1)), unit: 'per week' };
      return { value: trimZero((v * 30).toFixed(1)), unit: 'per month' };
    case 'hours':
      if (v < 1) return { value: String(Math.round(v * 60)), unit: 'minutes' };
      if (v < 48) return { value: trimZero(v.toFixed(1)), unit: 'hours' };
      return { value: trimZero((v / 24).toFixed(1)), unit: 'days' };
    default:
      return {
        value: v < 10 ? trimZero(v.toFixed(1)) : String(Math.round(v)),
        unit: '%',
      };
  }
}
