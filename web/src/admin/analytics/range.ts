/** The days the dashboard asks about: presets counted from today in the chosen time zone, or any two days. */

export type Preset = 'last-7' | 'last-30' | 'this-month' | 'custom';

export const PRESETS: ReadonlyArray<{ id: Preset; label: string }> = [
  { id: 'last-7', label: 'Last 7 days' },
  { id: 'last-30', label: 'Last 30 days' },
  { id: 'this-month', label: 'This month' },
  { id: 'custom', label: 'Custom' },
];

export const MAX_DAYS = 366;

export interface DayRange {
  from: string;
  to: string;
}

/** Today as YYYY-MM-DD in `tz`. */
export function today(tz: string, now = new Date()): string {
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

export function addDays(day: string, days: number): string {
  const at = new Date(`${day}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() + days);
  return at.toISOString().slice(0, 10);
}

export function presetRange(preset: Exclude<Preset, 'custom'>, tz: string, now = new Date()): DayRange {
  const to = today(tz, now);
  if (preset === 'this-month') return { from: `${to.slice(0, 8)}01`, to };
  return { from: addDays(to, preset === 'last-7' ? -6 : -29), to };
}

export const daysIn = ({ from, to }: DayRange) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;

/** What is wrong with a range typed by hand, in words; null when it can be asked. */
export function rangeProblem(range: DayRange): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(range.from) || !/^\d{4}-\d{2}-\d{2}$/.test(range.to)) return 'Choose both days.';
  if (range.from > range.to) return 'The first day comes after the last.';
  if (daysIn(range) > MAX_DAYS) return `At most ${MAX_DAYS} days at a time.`;
  return null;
}

/** The browser's time zone, and every zone it knows (the server checks the name again). */
export const browserTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

export function timeZones(current: string): string[] {
  const known = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return [...new Set(['UTC', current, ...known])].sort((a, b) => (a === 'UTC' ? -1 : b === 'UTC' ? 1 : a.localeCompare(b)));
}
