import { eq, sql } from 'drizzle-orm';
import { anyOf } from '../db/any-of.js';
import { rowsOf, type Executor } from '../db/client.js';
import { outbox } from '../db/schema.js';
import type { OutboundMessage } from '../whatsapp/types.js';

/**
 * A claimed row with what sending needs, read in the same round trip: the recipient, and the message's
 * wamid (a read receipt) or the reply to send (a message: its stored OutboundMessage).
 */
export type ClaimedRow = {
  id: number;
  conversation_id: string;
  message_id: number;
  attempts: number;
  wamid: string | null;
  wa_id: string | null;
  user_id: string | null;
} & ({ kind: 'read' | 'typing'; payload: unknown } | { kind: 'message'; payload: OutboundMessage });

/**
 * Claims due outbox rows for this sender. A message is due only when no earlier message to the same
 * conversation is still waiting, which keeps the order of messages to one recipient (WhatsApp itself does
 * not guarantee it); read receipts (and typing indicators) skip the line. `SKIP LOCKED` lets several instances share the work, and
 * the lease returns the rows of a crashed sender to the pool.
 */
export async function claimDueRows(db: Executor, limit: number, leaseMs: number): Promise<ClaimedRow[]> {
  // The due rows in the order they fell due, read from `outbox_waiting_idx` no further than the limit
  // needs; a message is a head when no earlier message to its conversation waits: one probe of
  // `outbox_waiting_messages_idx` on both its columns, the plan PGlite and PostgreSQL choose even with the
  // statistics of before a burst (bench/explain.ts). The claim before this one found every conversation's
  // head over the whole backlog first: with 4,000 rows waiting, 9 ms per claim (30 ms in the queue behind
  // the rest), most of the outbox's drain (docs/benchmarks.md, "The outbox's claim"). A `min(id)` per
  // conversation instead of `not exists` was planned over the wrong index with such statistics (27 ms).
  const result = await db.execute(sql`
    with due as (
      select o.id from outbox o
      where o.status in ('pending', 'sending') and o.next_attempt_at <= now()
        and (o.status = 'pending' or o.locked_until < now())
        and (o.kind <> 'message' or not exists (
          select 1 from outbox p
          where p.conversation_id = o.conversation_id and p.kind = 'message' and p.status in ('pending', 'sending') and p.id < o.id))
      order by o.next_attempt_at, o.id
      limit ${limit}
      for update skip locked
    )
    update outbox set status = 'sending', attempts = outbox.attempts + 1,
      locked_until = now() + ${`${leaseMs} milliseconds`}::interval
    from due, messages m, conversations c
    where outbox.id = due.id and m.id = outbox.message_id and c.id = m.conversation_id
    returning outbox.id, outbox.conversation_id, outbox.message_id, outbox.kind, outbox.attempts,
      m.wamid, m.payload, c.wa_id, c.user_id`);
  return rowsOf<ClaimedRow>(result).map((row) => ({ ...row, id: Number(row.id), message_id: Number(row.message_id) }));
}

export async function markRowsSent(db: Executor, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await db.update(outbox).set({ status: 'sent', sentAt: sql`now()`, lockedUntil: null, lastError: null }).where(anyOf(outbox.id, ids, 'bigint'));
}

export async function rescheduleRow(db: Executor, id: number, delayMs: number, error: string, refundAttempt = false): Promise<void> {
  await db
    .update(outbox)
    .set({
      status: 'pending',
      lockedUntil: null,
      lastError: error,
      nextAttemptAt: sql`now() + ${`${delayMs} milliseconds`}::interval`,
      ...(refundAttempt ? { attempts: sql`${outbox.attempts} - 1` } : {}),
    })
    .where(eq(outbox.id, id));
}

export async function markRowFailed(db: Executor, id: number, error: string): Promise<void> {
  await db.update(outbox).set({ status: 'failed', lockedUntil: null, lastError: error }).where(eq(outbox.id, id));
}

/**
 * Extends the lease of rows this sender is still sending, so a short lease (a crashed instance's rows come
 * back within seconds) never expires under a slow send and lets another instance send the same row.
 */
export async function renewLeases(db: Executor, ids: number[], leaseMs: number): Promise<void> {
  if (ids.length === 0) return;
  await db.execute(sql`
    update outbox set locked_until = now() + ${`${leaseMs} milliseconds`}::interval
    where status = 'sending' and ${anyOf(sql`id`, ids, 'bigint')}`);
}

/**
 * Returns to the queue every row left in `sending` by a process that stopped without recording the result
 * (kill -9, power loss). Only for a database this process is sure to be the only sender on (PGlite, whose
 * folder lock proves it): the rows come back at once instead of after the lease.
 */
export async function reclaimAbandonedSends(db: Executor): Promise<number> {
  const result = await db.execute(sql`
    update outbox set status = 'pending', locked_until = null, next_attempt_at = now()
    where status = 'sending' returning id`);
  return rowsOf(result).length;
}
