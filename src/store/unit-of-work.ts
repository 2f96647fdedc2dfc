import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.js';
import { EVENTS_CHANNEL } from '../events/log-follower.js';
import { domainEvents } from '../db/schema.js';
import { EventBatch, type EventBus, type StoredEvent } from '../events/bus.js';

/**
 * Runs `work` in one transaction. The events it gathered are written to the event log inside the same
 * transaction and published only after the commit, so nobody (the inbox, the dispatcher) ever hears of
 * something that was rolled back, and a reconnecting inbox can replay what it missed.
 */
export async function inTransaction<T>(db: Db, bus: EventBus, work: (tx: Tx, events: EventBatch) => Promise<T>): Promise<T> {
  const batch = new EventBatch();
  let stored: StoredEvent[] = [];
  const result = await db.transaction(async (tx) => {
    const value = await work(tx, batch);
    if (batch.events.length > 0) {
      const ids = await tx
        .insert(domainEvents)
        .values(batch.events.map((e) => ({ name: e.name, payload: e.payload })))
        .returning({ id: domainEvents.id });
      const sorted = ids.map((r) => r.id).sort((a, b) => a - b);
      stored = batch.events.map((e, i) => ({ ...e, id: sorted[i]! }));
      // Delivered at commit to every instance listening (nothing if this rolls back).
      if (bus.sharedLog) await tx.execute(sql`select pg_notify(${EVENTS_CHANNEL}, '')`);
    }
    return value;
  });
  bus.committed(stored);
  if (batch.outbox) bus.outboxReady();
  return result;
}
