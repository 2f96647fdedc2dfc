import type { Db, Tx } from '../db/client.js';
import { EventBatch, type EventBus } from '../events/bus.js';

/**
 * Runs `work` in one transaction and publishes the events it gathered only after the commit, so that
 * nobody (the inbox, the dispatcher) ever hears of something that was rolled back.
 */
export async function inTransaction<T>(db: Db, bus: EventBus, work: (tx: Tx, events: EventBatch) => Promise<T>): Promise<T> {
  const events = new EventBatch();
  const result = await db.transaction((tx) => work(tx, events));
  bus.publishAll(events.events);
  if (events.events.some((e) => e.name === 'message.created')) bus.publish('outbox.ready', {});
  return result;
}
