import { AppError } from '../errors.js';

/** What the analytics are asked for, checked: the days, and the time zone they are days of. */

export const MAX_RANGE_DAYS = 366;

const DAY_MS = 24 * 60 * 60 * 1000;

/** Days since the epoch of a YYYY-MM-DD that names a real day (not 2026-02-30), else null. */
function dayNumber(day: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return null;
  const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const at = Date.UTC(year, month - 1, date);
  const back = new Date(at);
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== date) return null;
  return at / DAY_MS;
}

/** `from`–`to` inclusive: real days, in order, at most 366 of them. */
export function checkRange(from: string, to: string): void {
  const first = dayNumber(from);
  const last = dayNumber(to);
  if (first === null) throw new AppError(400, 'VALIDATION_ERROR', `"from" is not a day: ${JSON.stringify(from)} (YYYY-MM-DD).`);
  if (last === null) throw new AppError(400, 'VALIDATION_ERROR', `"to" is not a day: ${JSON.stringify(to)} (YYYY-MM-DD).`);
  if (first > last) throw new AppError(400, 'INVALID_RANGE', `"from" (${from}) is after "to" (${to}).`);
  if (last - first + 1 > MAX_RANGE_DAYS) {
    throw new AppError(400, 'INVALID_RANGE', `The range is ${last - first + 1} days long; ${MAX_RANGE_DAYS} at most.`);
  }
}

/**
 * The IANA name of a time zone, as the database spells it ("europe/paris" → "Europe/Paris"), or null for
 * anything else. Names only: PostgreSQL reads "+01:00" or "UTC+1" as POSIX offsets, whose sign is the
 * opposite of ISO 8601's, so such strings are refused rather than silently read backwards.
 */
export function timeZoneName(name: string): string | null {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/.test(name) || /^(UTC|GMT)[+-]/i.test(name)) return null;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

export const unknownTimeZone = (name: string) =>
  new AppError(400, 'UNKNOWN_TIME_ZONE', `Unknown time zone ${JSON.stringify(name)}: give an IANA name such as Africa/Lagos or Europe/Paris.`);
