import { createHash } from 'node:crypto';
import { and, desc, eq, isNull, lt, sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { deadLetters } from '../db/schema.js';

export type DeadLetterRow = typeof deadLetters.$inferSelect;

/** Why an item failed: `reason` is stored for admins; `logReason` carries nothing from the item or its values. */
export interface Failure {
  reason: string;
  logReason: string;
}

export interface NewDeadLetter extends Failure {
  kind: 'message' | 'status';
  /** The change value narrowed to the item (see `InboundMessage.source`). */
  source: unknown;
}

/**
 * Keeps an item as a dead letter. The same item delivered again (Meta redelivers) is kept once: returns
 * its id and whether it was new.
 */
export async function keepDeadLetter(db: Executor, item: NewDeadLetter): Promise<{ id: number; isNew: boolean }> {
  const fingerprint = createHash('sha256').update(`${item.kind}\n${JSON.stringify(item.source)}`).digest('hex');
  const [inserted] = await db
    .insert(deadLetters)
    .values({ kind: item.kind, raw: item.source, reason: item.reason, fingerprint })
    .onConflictDoNothing({ target: deadLetters.fingerprint })
    .returning({ id: deadLetters.id });
  if (inserted) return { id: inserted.id, isNew: true };
  const [existing] = await db.select({ id: deadLetters.id }).from(deadLetters).where(eq(deadLetters.fingerprint, fingerprint));
  if (!existing) throw new Error('dead letter vanished between insert and select');
  return { id: existing.id, isNew: false };
}

/** Newest first; `beforeId` is the last id of the previous page. */
export async function selectDeadLetters(db: Executor, page: { limit: number; beforeId?: number }): Promise<DeadLetterRow[]> {
  return db
    .select()
    .from(deadLetters)
    .where(page.beforeId === undefined ? undefined : lt(deadLetters.id, page.beforeId))
    .orderBy(desc(deadLetters.id))
    .limit(page.limit);
}

export async function findDeadLetter(db: Executor, id: number): Promise<DeadLetterRow | null> {
  const [row] = await db.select().from(deadLetters).where(eq(deadLetters.id, id));
  return row ?? null;
}

/**
 * Records a replay attempt: a success marks the dead letter replayed (once: returns null when another
 * replay got there first), a failure keeps it with the new reason.
 */
export async function recordReplay(db: Executor, id: number, failure: Failure | null): Promise<DeadLetterRow | null> {
  const [row] = await db
    .update(deadLetters)
    .set({ attempts: sql`${deadLetters.attempts} + 1`, ...(failure ? { reason: failure.reason } : { replayedAt: sql`now()` }) })
    .where(and(eq(deadLetters.id, id), isNull(deadLetters.replayedAt)))
    .returning();
  return row ?? null;
}

/**
 * Turns what an item's processing threw into a reason. The SQLSTATE and PostgreSQL's own message are
 * stored (they may quote a value from the item, so only the SQLSTATE is logged); Drizzle's wrapper is
 * skipped: its message holds the whole query with its parameters.
 */
export function failureOf(err: unknown): Failure {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth += 1) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) {
      return { reason: `database error ${code}: ${String(message)}`, logReason: `database error ${code}` };
    }
  }
  const name = err instanceof Error ? err.name : typeof err;
  return { reason: `unexpected error (${name}): ${err instanceof Error ? err.message : String(err)}`, logReason: `unexpected error (${name})` };
}
