import { describe, expect, it } from 'vitest';
import { phraseOpening } from '../../src/bot/away.js';
import { defaultContent } from '../../src/bot/content.js';
import { ALWAYS_OPEN, isOpen, nextOpening, openingHoursProblems, type OpeningHours } from '../../src/bot/opening-hours.js';

const WEEKDAYS_8_TO_4: OpeningHours['weekly'] = {
  mon: [['08:00', '16:00']], tue: [['08:00', '16:00']], wed: [['08:00', '16:00']], thu: [['08:00', '16:00']], fri: [['08:00', '16:00']],
};
const paris: OpeningHours = { timezone: 'Europe/Paris', weekly: WEEKDAYS_8_TO_4, closedDates: [] };
const at = (iso: string) => new Date(iso);
const phrase = (hours: OpeningHours, now: string) => phraseOpening(nextOpening(hours, at(now)), defaultContent);

describe('business hours', () => {
  it('are always open without a time zone (the default)', () => {
    expect(isOpen(ALWAYS_OPEN, at('2026-12-25T03:00:00Z'))).toBe(true);
    expect(nextOpening(ALWAYS_OPEN, at('2026-12-25T03:00:00Z'))).toBeNull();
  });

  it('read the wall clock of the zone: open from the first minute, closed at the closing minute', () => {
    // Monday 2 November 2026: Paris is UTC+1.
    expect(isOpen(paris, at('2026-11-02T06:59:00Z'))).toBe(false);
    expect(isOpen(paris, at('2026-11-02T07:00:00Z'))).toBe(true);
    expect(isOpen(paris, at('2026-11-02T14:59:00Z'))).toBe(true);
    expect(isOpen(paris, at('2026-11-02T15:00:00Z'))).toBe(false);
    // Saturday: absent from the week, closed.
    expect(isOpen(paris, at('2026-11-07T10:00:00Z'))).toBe(false);
  });

  it('find the next opening across the change from summer time (Paris, Sunday 25 October 2026)', () => {
    // Saturday noon in Paris (UTC+2, summer time): back on Monday at 8:00, which is then UTC+1.
    const next = nextOpening(paris, at('2026-10-24T10:00:00Z'))!;
    expect(next).toMatchObject({ date: '2026-10-26', weekday: 'mon', time: '08:00', daysAhead: 2 });
    expect(next.at.toISOString()).toBe('2026-10-26T07:00:00.000Z');
    // The Friday before, at the same wall-clock time, is two hours from UTC, not one.
    expect(nextOpening(paris, at('2026-10-23T05:00:00Z'))!.at.toISOString()).toBe('2026-10-23T06:00:00.000Z');
    // And into summer time (Sunday 29 March 2026): Monday 8:00 is 06:00 UTC.
    expect(nextOpening(paris, at('2026-03-28T12:00:00Z'))!.at.toISOString()).toBe('2026-03-30T06:00:00.000Z');
  });

  it('skip closed dates: Christmas Day on a Friday sends Thursday evening to Monday', () => {
    const christmas = { ...paris, closedDates: ['2026-12-25'] };
    expect(isOpen(christmas, at('2026-12-25T10:00:00Z'))).toBe(false);
    expect(nextOpening(christmas, at('2026-12-24T16:00:00Z'))).toMatchObject({ date: '2026-12-28', daysAhead: 4 });
  });

  it('phrase the next opening in the user\'s words: today, tomorrow, a weekday, a date beyond a week', () => {
    expect(phrase(paris, '2026-11-02T06:00:00Z')).toBe('today at 8:00');
    expect(phrase(paris, '2026-11-02T16:00:00Z')).toBe('tomorrow at 8:00');
    expect(phrase(paris, '2026-11-06T16:00:00Z')).toBe('on Monday at 8:00');
    const holidays = { ...paris, closedDates: ['2026-12-24', '2026-12-25', '2026-12-28', '2026-12-29', '2026-12-30', '2026-12-31', '2027-01-01'] };
    expect(phrase(holidays, '2026-12-23T16:00:00Z')).toBe('on Monday 4 January at 8:00');
    const lunch = { ...paris, weekly: { mon: [['08:00', '12:00'], ['13:30', '16:00']] as Array<[string, string]> } };
    expect(phrase(lunch, '2026-11-02T11:15:00Z')).toBe('today at 13:30');
    expect(phrase({ ...paris, weekly: {} }, '2026-11-02T11:15:00Z')).toBe(defaultContent.hours.unknown);
  });

  it('name every mistake an admin can make', () => {
    expect(openingHoursProblems({
      timezone: 'Europe/Pariss',
      weekly: { mon: [['08:00', '07:00']], tue: [['08:00', '12:00'], ['11:00', '16:00']], wed: [['25:00', '26:00']], fun: [['08:00', '09:00']] } as OpeningHours['weekly'],
      closedDates: ['2026-02-30', '25/12/2026'],
    })).toEqual([
      'timezone "Europe/Pariss" is not an IANA time zone name (such as "Africa/Lagos" or "Europe/Paris")',
      'weekly.mon[0]: it closes (07:00) before it opens (08:00); split a range past midnight over two days',
      'weekly.tue[1]: it overlaps the range before it; give each day\'s ranges in order, apart',
      'weekly.wed[0]: "25:00" is not a time from 00:00 to 23:59',
      'weekly.wed[0]: "26:00" is not a time from 00:01 to 24:00',
      'weekly.fun is not a day: use mon, tue, wed, thu, fri, sat, sun',
      'closed date "2026-02-30" is not a date written YYYY-MM-DD',
      'closed date "25/12/2026" is not a date written YYYY-MM-DD',
    ]);
    expect(openingHoursProblems({ timezone: null, weekly: { mon: [['08:00', '16:00']] }, closedDates: [] })).toEqual(['timezone is required with opening hours or closed dates']);
    expect(openingHoursProblems({ timezone: 'Africa/Lagos', weekly: { sat: [['00:00', '24:00']] }, closedDates: ['2026-12-25'] })).toEqual([]);
  });
});
