import { AppError } from '../errors.js';
import type { TimeRange } from './export-queries.js';

/** The longest range `GET /export` takes, in days (a leap year). */
export const MAX_EXPORT_DAYS = 366;
const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The instants `?from=&to=&tz=` stand for: from the start of `from` to the end of `to` (both days included)
 * in the time zone `tz` (an IANA name; UTC without one). Bad input is a 400 that says what is wrong.
 */
export function exportRange(query: { from: string; to: string; tz?: string }): TimeRange {
  const zone = timeZone(query.tz);
  const from = calendarDay('from', query.from);
  const to = calendarDay('to', query.to);
  if (from > to) throw new AppError(400, 'INVALID_RANGE', `from (${query.from}) is after to (${query.to}).`);
  if ((to - from) / DAY_MS + 1 > MAX_EXPORT_DAYS) {
    throw new AppError(400, 'RANGE_TOO_LONG', `The range may cover at most ${MAX_EXPORT_DAYS} days; export a longer period in parts.`);
  }
  return { start: new Date(startOfDay(from, zone)), end: new Date(startOfDay(to + DAY_MS, zone)) };
}

/** The day as the UTC midnight that starts it (ms), if it is a real date written `YYYY-MM-DD`. */
function calendarDay(name: 'from' | 'to', value: string): number {
  const match = DATE.exec(value);
  if (match) {
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const at = new Date(0);
    // setUTCFullYear, not Date.UTC: the latter reads years 0–99 as 1900–1999.
    at.setUTCFullYear(year, month - 1, day);
    if (at.getUTCFullYear() === year && at.getUTCMonth() === month - 1 && at.getUTCDate() === day) return at.getTime();
  }
  throw new AppError(400, 'INVALID_DATE', `${name} must be a date written YYYY-MM-DD (for example 2026-11-30).`);
}

function timeZone(tz: string | undefined): string {
  if (tz === undefined || tz.trim() === '') return 'UTC';
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: tz.trim() }).resolvedOptions().timeZone;
  } catch {
    throw new AppError(400, 'INVALID_TIME_ZONE', 'tz must be an IANA time zone name (for example Africa/Lagos or Europe/London).');
  }
}

/** How far the zone's wall clock is ahead of UTC at this instant (ms). */
function offsetAt(instant: number, zone: string): number {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', {
    timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
  }).formatToParts(instant).map((part) => [part.type, Number(part.value)]));
  const wall = new Date(0);
  wall.setUTCFullYear(parts.year!, parts.month! - 1, parts.day!);
  wall.setUTCHours(parts.hour!, parts.minute!, parts.second!);
  return wall.getTime() - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant the day (given as its UTC midnight) starts in the zone. The offset is read twice: once near
 * the day, once at the first guess, so a change of clocks between them is taken into account.
 */
function startOfDay(utcMidnight: number, zone: string): number {
  const guess = utcMidnight - offsetAt(utcMidnight, zone);
  return utcMidnight - offsetAt(guess, zone);
}
