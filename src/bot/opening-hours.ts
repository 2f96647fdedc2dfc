/**
 * When the team is there: weekly opening hours in one time zone, and closed dates (holidays). Pure: the
 * clock is passed in. Times are wall-clock times of the zone, so a change to or from summer time moves
 * nothing ("08:00" stays 8 o'clock on the day of the change); only the instant of the next opening in
 * UTC differs, and it is computed from the zone's offset on that day.
 */

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** `["08:00", "16:00"]`: open from 8:00 until 16:00 ("24:00" = until midnight). */
export type OpeningRange = [string, string];

export interface OpeningHours {
  /** IANA name ("Africa/Lagos"); null with an empty `weekly` = always open. */
  timezone: string | null;
  /** Days absent are closed. */
  weekly: Partial<Record<Weekday, OpeningRange[]>>;
  /** `YYYY-MM-DD` in the zone: closed all day. */
  closedDates: string[];
}

export const ALWAYS_OPEN: OpeningHours = { timezone: null, weekly: {}, closedDates: [] };

/** The next opening: when (UTC) and how the zone's calendar reads it. */
export interface Opening {
  at: Date;
  /** `YYYY-MM-DD` in the zone. */
  date: string;
  weekday: Weekday;
  /** "08:00" as configured. */
  time: string;
  /** Whole days from the local date of `now` (0 = today, 1 = tomorrow). */
  daysAhead: number;
}

/** No time zone = no hours set = always open (the default). With a zone, a day absent from `weekly` is closed. */
export function isAlwaysOpen(hours: OpeningHours): boolean {
  return hours.timezone === null;
}

/** What is wrong with these hours, in words an admin understands; empty when they are fine. */
export function openingHoursProblems(hours: OpeningHours): string[] {
  const problems: string[] = [];
  const days = Object.keys(hours.weekly);
  if (hours.timezone === null) {
    if (days.length > 0 || hours.closedDates.length > 0) problems.push('timezone is required with opening hours or closed dates');
  } else if (!isTimeZone(hours.timezone)) {
    problems.push(`timezone "${hours.timezone}" is not an IANA time zone name (such as "Africa/Lagos" or "Europe/Paris")`);
  }
  for (const day of days) {
    if (!(WEEKDAYS as readonly string[]).includes(day)) {
      problems.push(`weekly.${day} is not a day: use ${WEEKDAYS.join(', ')}`);
      continue;
    }
    const ranges = hours.weekly[day as Weekday] ?? [];
    let previousEnd = -1;
    ranges.forEach(([from, to], i) => {
      const [start, end] = [minutesOf(from), minutesOf(to)];
      const where = `weekly.${day}[${i}]`;
      if (start === null || start >= 24 * 60) problems.push(`${where}: "${from}" is not a time from 00:00 to 23:59`);
      if (end === null) problems.push(`${where}: "${to}" is not a time from 00:01 to 24:00`);
      if (start === null || end === null) return;
      if (end <= start) problems.push(`${where}: it closes (${to}) before it opens (${from}); split a range past midnight over two days`);
      else if (start < previousEnd) problems.push(`${where}: it overlaps the range before it; give each day's ranges in order, apart`);
      previousEnd = Math.max(previousEnd, end);
    });
  }
  for (const date of hours.closedDates) {
    if (!isDate(date)) problems.push(`closed date "${date}" is not a date written YYYY-MM-DD`);
  }
  return problems;
}

/** True when the team is there at `now`. */
export function isOpen(hours: OpeningHours, now: Date): boolean {
  if (isAlwaysOpen(hours)) return true;
  const local = wallClock(now, hours.timezone!);
  if (hours.closedDates.includes(local.date)) return false;
  const minute = local.hour * 60 + local.minute;
  return (hours.weekly[local.weekday] ?? []).some(([from, to]) => minutesOf(from)! <= minute && minute < minutesOf(to)!);
}

/** The next time the team opens after `now` (within a year), or null when no opening is configured. */
export function nextOpening(hours: OpeningHours, now: Date): Opening | null {
  if (isAlwaysOpen(hours)) return null;
  const zone = hours.timezone!;
  const today = wallClock(now, zone);
  const nowMinute = today.hour * 60 + today.minute;
  for (let daysAhead = 0; daysAhead <= 366; daysAhead += 1) {
    const date = addDays(today.date, daysAhead);
    if (hours.closedDates.includes(date)) continue;
    const weekday = weekdayOf(date);
    for (const [from] of hours.weekly[weekday] ?? []) {
      const start = minutesOf(from)!;
      if (daysAhead === 0 && start <= nowMinute) continue;
      return { at: zonedToUtc(date, start, zone), date, weekday, time: from, daysAhead };
    }
  }
  return null;
}

/** "08:00" → 480; "24:00" → 1440; null when it is not a time. */
export function minutesOf(time: string): number | null {
  const match = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(time);
  if (!match) return null;
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  return minutes > 24 * 60 ? null : minutes;
}

export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return name.includes('/') || name === 'UTC';
  } catch {
    return false;
  }
}

function isDate(value: string): boolean {
  if (!/^\d{4}-\d\d-\d\d$/.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(value);
}

interface WallClock {
  date: string;
  weekday: Weekday;
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** What a clock on the wall in `zone` shows at `instant`. */
export function wallClock(instant: Date, zone: string): WallClock {
  let format = formatters.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(zone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(instant).map((p) => [p.type, p.value]));
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  return { date, weekday: weekdayOf(date), hour: Number(parts.hour), minute: Number(parts.minute) };
}

/** The instant when the wall clock in `zone` reads `minute` minutes after midnight on `date`. */
function zonedToUtc(date: string, minute: number, zone: string): Date {
  const asIfUtc = Date.parse(`${date}T00:00:00Z`) + minute * 60_000;
  // The zone's offset at the guess, then at the corrected instant (they differ across a change of offset).
  let instant = asIfUtc - offsetAt(new Date(asIfUtc), zone);
  const second = asIfUtc - offsetAt(new Date(instant), zone);
  if (second !== instant) instant = second;
  return new Date(instant);
}

/** How far ahead of UTC the zone's wall clock is at `instant`, in milliseconds. */
function offsetAt(instant: Date, zone: string): number {
  const wall = wallClock(instant, zone);
  const seconds = instant.getUTCSeconds() * 1000 + instant.getUTCMilliseconds();
  const wallAsUtc = Date.parse(`${wall.date}T00:00:00Z`) + (wall.hour * 60 + wall.minute) * 60_000 + seconds;
  return wallAsUtc - instant.getTime();
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function weekdayOf(date: string): Weekday {
  // getUTCDay: 0 = Sunday.
  return WEEKDAYS[(new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7]!;
}
