import { eq, sql } from 'drizzle-orm';
import { ALWAYS_OPEN, isOpen, nextOpening, openingHoursProblems, type Opening, type OpeningHours } from '../bot/opening-hours.js';
import type { Executor } from '../db/client.js';
import { settings } from '../db/schema.js';
import { DomainError } from '../domain-error.js';

/**
 * Business hours (`GET|PUT /api/admin/settings/business-hours`): outside them a user who asks for a
 * person is told when the team is back, and the chat waits in the queue. Read when a chat starts (one
 * statement, only then), so a change applies to the next chat on every instance.
 */

const KEY = 'business_hours';

/** Stored as the API writes it. */
interface Stored {
  timezone: string | null;
  weekly: OpeningHours['weekly'];
  closed_dates: string[];
}

export async function readBusinessHours(db: Executor): Promise<OpeningHours> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, KEY));
  if (!row) return ALWAYS_OPEN;
  const stored = row.value as Stored;
  return { timezone: stored.timezone ?? null, weekly: stored.weekly ?? {}, closedDates: stored.closed_dates ?? [] };
}

/** Replaces the hours; what is wrong is refused with every problem named. Closed dates are kept sorted, once each. */
export async function writeBusinessHours(db: Executor, hours: OpeningHours): Promise<OpeningHours> {
  const problems = openingHoursProblems(hours);
  if (problems.length > 0) throw new DomainError('INVALID_BUSINESS_HOURS', `Invalid business hours: ${problems.join('; ')}.`);
  const tidy: OpeningHours = { ...hours, closedDates: [...new Set(hours.closedDates)].sort() };
  const value: Stored = { timezone: tidy.timezone, weekly: tidy.weekly, closed_dates: tidy.closedDates };
  await db.insert(settings).values({ key: KEY, value }).onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: sql`now()` } });
  return tidy;
}

/** null when the team is there now; else when it is back (`next` null: no opening configured). */
export function awayNow(hours: OpeningHours, now: Date): { next: Opening | null } | null {
  return isOpen(hours, now) ? null : { next: nextOpening(hours, now) };
}
