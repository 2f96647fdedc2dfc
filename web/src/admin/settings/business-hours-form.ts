import type { BusinessHours, BusinessHoursBody } from '@contract/settings';
import { dayLong } from '../opening-time';

/**
 * The business-hours form as the admin edits it, and the schedule the API takes. A time input cannot show
 * "24:00": a range that closes at midnight reads "00:00" here and is sent as "24:00" (a range closing at
 * 00:00 would otherwise close before it opens).
 */

export const DAYS = [
  ['mon', 'Monday'], ['tue', 'Tuesday'], ['wed', 'Wednesday'], ['thu', 'Thursday'], ['fri', 'Friday'], ['sat', 'Saturday'], ['sun', 'Sunday'],
] as const;
export type Day = (typeof DAYS)[number][0];

export type Range = [from: string, to: string];

export interface DayHours {
  open: boolean;
  /** Kept while the day is unticked, so ticking it again brings them back. */
  ranges: Range[];
}

export interface HoursDraft {
  alwaysOpen: boolean;
  timezone: string;
  days: Record<Day, DayHours>;
  closedDates: string[];
}

/** What "Set opening hours" starts from when none are set: weekdays, nine to five. */
const FIRST_RANGE: Range = ['09:00', '17:00'];

const MIDNIGHT = '24:00';

/** The form for the saved schedule; `browserZone` when none is set. */
export function draftOf(saved: BusinessHours, browserZone: string): HoursDraft {
  const none = saved.timezone === null;
  const days = Object.fromEntries(DAYS.map(([day], i) => {
    const ranges = (saved.weekly[day] ?? []).map(([from, to]): Range => [from, to === MIDNIGHT ? '00:00' : to]);
    const dayHours: DayHours = ranges.length > 0 ? { open: true, ranges } : { open: none && i < 5, ranges: [FIRST_RANGE] };
    return [day, dayHours];
  })) as Record<Day, DayHours>;
  return { alwaysOpen: none, timezone: saved.timezone ?? browserZone, days, closedDates: [...saved.closed_dates].sort() };
}

/** What is sent: the whole schedule (always open: no zone, no days, no closed dates). */
export function bodyOf(draft: HoursDraft): BusinessHoursBody {
  if (draft.alwaysOpen) return { timezone: null, weekly: {}, closed_dates: [] };
  const weekly: BusinessHoursBody['weekly'] = {};
  for (const [day] of DAYS) {
    const { open, ranges } = draft.days[day];
    if (!open) continue;
    weekly[day] = ranges
      .map(([from, to]): Range => [from, to === '00:00' ? MIDNIGHT : to])
      .sort(([a], [b]) => a.localeCompare(b));
  }
  return { timezone: draft.timezone.trim(), weekly, closed_dates: draft.closedDates };
}

/** The range "Add hours" offers: the hour after the day's last range closes, or blank when that runs past midnight. */
export function nextRange(ranges: Range[]): Range {
  const last = ranges.at(-1);
  if (!last) return FIRST_RANGE;
  const match = /^(\d\d):(\d\d)$/.exec(last[1]);
  const start = match ? Number(match[1]) * 60 + Number(match[2]) : null;
  if (start === null || last[1] === '00:00' || start + 60 > 24 * 60) return ['', ''];
  const time = (minute: number) => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
  return [last[1], start + 60 === 24 * 60 ? '00:00' : time(start + 60)];
}

/** Closed dates kept in order, once each. */
export const withDate = (dates: string[], date: string) => [...new Set([...dates, date])].sort();

/** "Friday 25 December 2026": a calendar date, the same in every zone. */
export const dateLong = (date: string) => dayLong(`${date}T00:00:00Z`, 'UTC', true);
