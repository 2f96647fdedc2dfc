import { sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { migrationState } from '../db/migration-state.js';

/** A check's answer; `problem` is a fixed word, never an error message (they can name hosts). */
export interface Check {
  ok: boolean;
  problem?: 'timeout' | 'unreachable' | 'pending_migrations' | 'newer_database' | 'stopped';
  [detail: string]: unknown;
}

export interface ReadinessSources {
  database: Database;
  dispatcherRunning(): boolean;
  /** The background job runner (media downloads); absent: not checked. */
  jobsRunning?: () => boolean;
  /** Null where there is no follower (PGlite: events go straight from commit to the inbox). */
  followerRunning: (() => boolean) | null;
  timeoutMs?: number;
}

class CheckTimeout extends Error {}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CheckTimeout()), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** What `GET /ready` answers: every check, and whether all passed. */
export async function readiness(sources: ReadinessSources): Promise<{ ready: boolean; checks: Record<string, Check> }> {
  const timeoutMs = sources.timeoutMs ?? 2_000;
  const database = await databaseCheck(sources.database, timeoutMs);
  const checks: Record<string, Check> = { database };
  checks.migrations = database.ok ? await migrationsCheck(sources.database, timeoutMs) : { ok: false, problem: 'unreachable' };
  checks.dispatcher = running(sources.dispatcherRunning());
  if (sources.jobsRunning) checks.jobs = running(sources.jobsRunning());
  if (sources.followerRunning) checks.events = running(sources.followerRunning());
  return { ready: Object.values(checks).every((check) => check.ok), checks };
}

const running = (ok: boolean): Check => (ok ? { ok } : { ok, problem: 'stopped' });

async function databaseCheck(database: Database, timeoutMs: number): Promise<Check> {
  try {
    await withTimeout(database.db.execute(sql`select 1`), timeoutMs);
    return { ok: true, kind: database.kind };
  } catch (err) {
    return { ok: false, kind: database.kind, problem: err instanceof CheckTimeout ? 'timeout' : 'unreachable' };
  }
}

async function migrationsCheck(database: Database, timeoutMs: number): Promise<Check> {
  try {
    const state = await withTimeout(migrationState(database.db), timeoutMs);
    const counts = { applied: state.applied, expected: state.expected };
    if (state.unknown > 0) return { ok: false, problem: 'newer_database', ...counts };
    if (state.pending > 0) return { ok: false, problem: 'pending_migrations', ...counts };
    return { ok: true, ...counts };
  } catch (err) {
    return { ok: false, problem: err instanceof CheckTimeout ? 'timeout' : 'unreachable' };
  }
}
