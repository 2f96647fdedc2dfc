import { asc, desc, gt, inArray, or, sql, type SQL } from 'drizzle-orm';
import { rowsOf } from '../db/client.js';
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

/**
 * `appendEvents` folded into the caller's own statement, for a write whose events follow from the rows it
 * changes: `prelude` is the statement's list of CTEs (without `with`), `events` a select over them giving
 * `name`, `payload` (jsonb), `ord` (the events' order) and `key` (text the caller wants back per event).
 * One statement: outside a transaction it is its own atomic unit — the rows, their events and the
 * notification commit together or not at all — in one round trip instead of BEGIN, the write, the
 * append, the notification and COMMIT. Returns the events as stored and the keys of the events.
 */
export async function writeWithEvents(db: Executor, prelude: SQL, events: SQL, notify: boolean): Promise<{ stored: StoredEvent[]; keys: string[] }> {
  const result = await db.execute(sql`
    with ${prelude},
    pending as (${events}),
    logged as (
      insert into domain_events (name, payload)
      select name, payload from pending order by ord
      returning id, name, payload
    )
    select id::text as id, name, payload, null::text as key${notify ? sql`, pg_notify(${EVENTS_CHANNEL}, '')::text as notified` : sql``} from logged
    union all
    select null, null, null, key${notify ? sql`, null` : sql``} from pending`);
  type Row = { id: string | null; name: StoredEvent['name'] | null; payload: StoredEvent['payload'] | null; key: string | null };
  const rows = rowsOf<Row>(result);
  const stored = rows
    .filter((row) => row.id !== null)
    .map((row) => ({ id: Number(row.id), name: row.name!, payload: row.payload! }))
    .sort((a, b) => a.id - b.id);
  return { stored, keys: rows.filter((row) => row.id === null && row.key !== null).map((row) => row.key!) };
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
