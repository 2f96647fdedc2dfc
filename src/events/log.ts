import { asc, desc, gt, inArray, or, sql } from 'drizzle-orm';
import type { Executor, Tx } from '../db/types.js';
import { domainEvents } from '../db/schema.js';
import type { PendingEvent, StoredEvent } from './catalog.js';

/**
 * The event log (`domain_events`): every client event, written in the transaction that caused it. Its ids
 * are the SSE ids, so an inbox that reconnects — to this or another instance, or after a restart —
 * resumes with Last-Event-ID. This module is the only one that reads or writes the table.
 */

/** The PostgreSQL channel a commit notifies when instances share the log (see log-follower.ts). */
export const EVENTS_CHANNEL = 'wadesk_events';
/** Where instances tell each other who is viewing or typing (the payload is the signal; nothing is stored). */
export const PRESENCE_CHANNEL = 'wadesk_presence';

/**
 * Appends `events` inside `tx`, in order; with `notify`, every instance listening hears of them when `tx`
 * commits (and nobody does if it rolls back).
 */
export async function appendEvents(tx: Tx, events: readonly PendingEvent[], notify: boolean): Promise<StoredEvent[]> {
  if (events.length === 0) return [];
  const ids = await tx
    .insert(domainEvents)
    .values(events.map((e) => ({ name: e.name, payload: e.payload })))
    .returning({ id: domainEvents.id });
  // One multi-row insert takes its ids in row order; sorting guards against a driver returning them otherwise.
  const sorted = ids.map((r) => r.id).sort((a, b) => a - b);
  if (notify) await tx.execute(sql`select pg_notify(${EVENTS_CHANNEL}, '')`);
  return events.map((e, i) => ({ id: sorted[i]!, name: e.name, payload: e.payload }));
}

/** The newest event's id (0 when the log is empty). */
export async function latestEventId(db: Executor): Promise<number> {
  const [latest] = await db.select({ id: domainEvents.id }).from(domainEvents).orderBy(desc(domainEvents.id)).limit(1);
  return latest?.id ?? 0;
}

/** Up to `limit` events after `id`, oldest first. */
export async function eventsSince(db: Executor, id: number, limit: number): Promise<StoredEvent[]> {
  return db
    .select({ id: domainEvents.id, name: domainEvents.name, payload: domainEvents.payload })
    .from(domainEvents)
    .where(gt(domainEvents.id, id))
    .orderBy(asc(domainEvents.id))
    .limit(limit);
}

/** An event as the log keeps it, with the time it was written (what outgoing webhooks carry). */
export interface LoggedEvent extends StoredEvent {
  createdAt: Date;
}

/**
 * For readers that keep their own place in the log (the webhook fan-out): up to `limit` events after `id`,
 * plus those of `missing` (ids below it that had not committed when the reader passed), oldest first.
 */
export async function loggedEventsSince(db: Executor, id: number, missing: readonly number[], limit: number): Promise<LoggedEvent[]> {
  const after = gt(domainEvents.id, id);
  return db
    .select({ id: domainEvents.id, name: domainEvents.name, payload: domainEvents.payload, createdAt: domainEvents.createdAt })
    .from(domainEvents)
    .where(missing.length > 0 ? or(after, inArray(domainEvents.id, [...missing])) : after)
    .orderBy(asc(domainEvents.id))
    .limit(limit + missing.length);
}
