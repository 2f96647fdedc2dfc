/** How the dashboard writes its figures: durations people read at a glance, ratings, shares. */

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * 42 → "42 s", 150 → "2 min 30 s", 1461 → "24 min", 3900 → "1 h 5 min", 97200 → "1 d 3 h"; null → "—". Past
 * ten minutes the seconds no longer matter to anyone reading it.
 */
export function duration(seconds: number | null): string {
  if (seconds === null) return '—';
  if (seconds < 10) return `${Math.round(seconds * 10) / 10} s`;
  if (seconds < MINUTE) return `${Math.round(seconds)} s`;
  const whole = Math.round(seconds);
  const pair = (big: number, bigUnit: string, small: number, smallUnit: string) => (small ? `${big} ${bigUnit} ${small} ${smallUnit}` : `${big} ${bigUnit}`);
  if (whole < 10 * MINUTE) return pair(Math.floor(whole / MINUTE), 'min', whole % MINUTE, 's');
  if (whole < HOUR) return `${Math.round(whole / MINUTE)} min`;
  if (whole < DAY) return pair(Math.floor(whole / HOUR), 'h', Math.round((whole % HOUR) / MINUTE), 'min');
  return pair(Math.floor(whole / DAY), 'd', Math.round((whole % DAY) / HOUR), 'h');
}

/** An axis tick: one unit ("30 s", "5 min", "1.5 h"). */
export function shortDuration(seconds: number): string {
  if (seconds < MINUTE) return `${Math.round(seconds)} s`;
  if (seconds < HOUR) return `${Math.round((seconds / MINUTE) * 10) / 10} min`;
  if (seconds < DAY) return `${Math.round((seconds / HOUR) * 10) / 10} h`;
  return `${Math.round((seconds / DAY) * 10) / 10} d`;
}

/** 3.5 → "3.50", null → "—". */
export const rating = (average: number | null) => (average === null ? '—' : average.toFixed(2));

/** The share of `part` in `whole` as a whole percentage ("67 %"), or null when there is no whole. */
export const share = (part: number, whole: number) => (whole > 0 ? `${Math.round((part / whole) * 100)} %` : null);

export const count = (n: number) => n.toLocaleString('en');

export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

/** "2026-03-02" → "Mon 2 Mar" (the day as written, whatever the browser's zone). */
export function dayLabel(date: string): string {
  return new Date(`${date}T00:00:00Z`).toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });
}

/** "Mon 2 Mar – Thu 5 Mar 2026"; the first year too when the range spans two. */
export function rangeLabel(from: string, to: string): string {
  const first = from.slice(0, 4) === to.slice(0, 4) ? dayLabel(from) : `${dayLabel(from)} ${from.slice(0, 4)}`;
  return from === to ? `${dayLabel(to)} ${to.slice(0, 4)}` : `${first} – ${dayLabel(to)} ${to.slice(0, 4)}`;
}

/** A day on a chart's axis: "2 Mar". */
export const axisDay = (date: Date) => date.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
