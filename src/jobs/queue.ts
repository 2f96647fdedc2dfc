import { and, asc, eq, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { jobs, type JobKind } from '../db/schema.js';
import { anyOf } from '../db/any-of.js';

export type JobRow = typeof jobs.$inferSelect;

/**
 * Claims due jobs of `kinds` under a lease, as the outbox claims its rows: `SKIP LOCKED`, so instances share
 * the work; a `running` job whose lease ran out (its worker died) is due again.
 */
export async function claimDueJobs(db: Executor, limit: number, leaseMs: number, kinds: readonly JobKind[]): Promise<JobRow[]> {
  const due = db
    .select({ id: jobs.id })
    .from(jobs)
    .where(and(
      inArray(jobs.kind, [...kinds]),
      // A literal, not a parameter: a cached (generic) plan can then use the partial index jobs_waiting_idx.
      sql`${jobs.status} in ('pending', 'running')`,
      lte(jobs.nextAttemptAt, sql`now()`),
      or(isNull(jobs.lockedUntil), lt(jobs.lockedUntil, sql`now()`)),
    ))
    .orderBy(asc(jobs.nextAttemptAt), asc(jobs.id))
    .limit(limit)
    .for('update', { skipLocked: true });
  return db
    .update(jobs)
    .set({ status: 'running', attempts: sql`${jobs.attempts} + 1`, lockedUntil: sql`now() + ${leaseMs} * interval '1 millisecond'` })
    .where(inArray(jobs.id, due))
    .returning();
}

export async function markJobDone(db: Executor, id: number): Promise<void> {
  await db.update(jobs).set({ status: 'done', lockedUntil: null, lastError: null, finishedAt: sql`now()` }).where(eq(jobs.id, id));
}

export async function rescheduleJob(db: Executor, id: number, delayMs: number, error: string): Promise<void> {
  await db
    .update(jobs)
    .set({ status: 'pending', lockedUntil: null, lastError: error, nextAttemptAt: sql`now() + ${delayMs} * interval '1 millisecond'` })
    .where(eq(jobs.id, id));
}

export async function markJobFailed(db: Executor, id: number, error: string): Promise<void> {
  await db.update(jobs).set({ status: 'failed', lockedUntil: null, lastError: error, finishedAt: sql`now()` }).where(eq(jobs.id, id));
}

export async function renewJobLeases(db: Executor, ids: number[], leaseMs: number): Promise<void> {
  if (ids.length === 0) return;
  await db
    .update(jobs)
    .set({ lockedUntil: sql`now() + ${leaseMs} * interval '1 millisecond'` })
    .where(and(anyOf(jobs.id, ids, 'bigint'), eq(jobs.status, 'running')));
}

/** On PGlite this process is the only worker: jobs of `kinds` it left `running` when it died are due at once. */
export async function reclaimAbandonedJobs(db: Executor, kinds: readonly JobKind[]): Promise<number> {
  const rows = await db
    .update(jobs)
    .set({ status: 'pending', lockedUntil: null })
    .where(and(eq(jobs.status, 'running'), inArray(jobs.kind, [...kinds])))
    .returning({ id: jobs.id });
  return rows.length;
}
