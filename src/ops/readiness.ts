import { sql } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { MIGRATIONS_FOLDER, rowsOf, type Database } from '../db/client.js';

/** A check's answer; `problem` is a fixed word, never an error message (they can name hosts). */
export interface Check {
  ok: boolean;
  problem?: 'timeout' | 'unreachable' | 'pending_migrations' | 'newer_database' | 'stopped';
  [detail: string]: unknown;
}

export interface ReadinessSources {
  database: Database;
  dispatcherRunning(): boolean;
  /** Null where there is no follower (PGlite: events go straight from commit to the inbox). */
  followerRunning: (() => boolean) | null;
  timeoutMs?: number;
}

const BUILD_MIGRATIONS = readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER });
const NEWEST_BUILD_MIGRATION = Math.max(...BUILD_MIGRATIONS.map((m) => m.folderMillis));

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
    const applied = rowsOf<{ hash: string; created_at: string | number }>(
      await withTimeout(database.db.execute(sql`select hash, created_at from drizzle.__drizzle_migrations`), timeoutMs),
    );
    const hashes = new Set(applied.map((row) => row.hash));
    const missing = BUILD_MIGRATIONS.filter((m) => !hashes.has(m.hash)).length;
    const newer = applied.filter((row) => Number(row.created_at) > NEWEST_BUILD_MIGRATION).length;
    const counts = { applied: applied.length, expected: BUILD_MIGRATIONS.length };
    if (newer > 0) return { ok: false, problem: 'newer_database', ...counts };
    if (missing > 0) return { ok: false, problem: 'pending_migrations', ...counts };
    return { ok: true, ...counts };
  } catch (err) {
    return { ok: false, problem: err instanceof CheckTimeout ? 'timeout' : 'unreachable' };
  }
}
