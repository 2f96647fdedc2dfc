import type { Db, Tx } from '../db/client.js';
import { EventBatch, type EventBus } from '../events/bus.js';
import type { StoredEvent } from '../events/catalog.js';
import { appendEvents } from '../events/log.js';

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
    // Delivered at commit to every instance listening (nothing if this rolls back).
    stored = await appendEvents(tx, batch.events, bus.sharedLog);
    return value;
  });
  bus.committed(stored);
  if (batch.outbox) bus.outboxReady();
  if (batch.jobs) bus.jobsReady();
  return result;
}
