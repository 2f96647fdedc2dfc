import type { Logger } from '../logger.js';
import { sql } from 'drizzle-orm';
import { rowsOf, type Database } from './client.js';

const EVERY_MS = 15 * 60_000;
/** How often PGlite's tables are checked for statistics gone stale (the check is two small statements). */
const STATISTICS_EVERY_MS = 10_000;

/**
 * Housekeeping: forgets delivered outbox rows and finished jobs after a week and the inbox's event log after
 * three days (messages and their statuses stay), and refreshes PGlite's planner statistics — PGlite never runs
 * autovacuum/ANALYZE by itself (measured: 20,000 inserts, never analysed), so plans go stale.
 *
 * On PGlite a table is analysed within seconds of changing as much as PostgreSQL's autovacuum waits for
 * (`refreshStatistics`, every 10 s and with the housekeeping). That matters more than it seems: statements are prepared once with generic plans
 * (pglite-connection.ts), and a plan is only made again when its tables are analysed. A plan made while a
 * table was small stays a sequential scan as it grows — measured on the bench: looking up the status
 * callbacks that came before a send was recorded scanned all of `status_events` (12.7 ms per send batch, half
 * of the outbox's drain) because the plan dated from when the table was empty.
 */
export class Maintenance {
  private timer: NodeJS.Timeout | null = null;
  private firstRun: NodeJS.Timeout | null = null;
  private stopped = false;
  private running: Promise<void> | null = null;
  private statisticsTimer: NodeJS.Timeout | null = null;
  private refreshing: Promise<void> | null = null;

  constructor(
    private readonly database: Database,
    private readonly log: Logger,
    /** More housekeeping from above this layer (deleting attachments past their retention). */
    private readonly more: Array<() => Promise<unknown>> = [],
  ) {}

  start(): void {
    this.stopped = false;
    this.timer = setInterval(() => void this.runOnce(), EVERY_MS);
    this.timer.unref();
    this.firstRun = setTimeout(() => void this.runOnce(), 5_000);
    this.firstRun.unref();
    if (this.database.kind === 'pglite') {
      this.statisticsTimer = setInterval(() => void this.refreshStatistics(), STATISTICS_EVERY_MS);
      this.statisticsTimer.unref();
    }
  }

  /**
   * Stops for good, the first run included: a run that started after the stop would query a database
   * that is being closed (seen: PGlite's close waiting on it, a shutdown that hung under load).
   */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.firstRun) clearTimeout(this.firstRun);
    if (this.statisticsTimer) clearInterval(this.statisticsTimer);
    this.timer = this.firstRun = this.statisticsTimer = null;
    await Promise.all([this.running, this.refreshing]);
  }

  /**
   * PGlite only: analyses the tables changed by more than PostgreSQL's autovacuum lets pass before it
   * analyses (50 rows + 10 % of the table), so their plans are made again with what they hold now.
   */
  refreshStatistics(): Promise<void> {
    if (this.stopped || this.database.kind !== 'pglite') return Promise.resolve();
    this.refreshing ??= this.staleTables()
      .then(async (tables) => {
        for (const table of tables) {
          if (this.stopped) return;
          // A sample of 3,000 rows rather than 30,000: on PGlite an ANALYZE holds the event loop (measured
          // on the bench's tables: messages 168 → 23 ms, status_events 51 → 8 ms; a million messages 0.6–1.4 s
          // → 79 ms), and what these plans need most is the tables' sizes.
          await this.database.db.transaction(async (tx) => {
            await tx.execute(sql`set local default_statistics_target = 10`);
            await tx.execute(sql`analyze ${sql.identifier(table)}`);
          });
        }
        if (tables.length > 0) this.log.debug({ tables }, 'maintenance: statistics refreshed');
      })
      .catch((err: unknown) => this.log.warn({ err }, 'maintenance: refreshing statistics failed; will try again'))
      .finally(() => {
        this.refreshing = null;
      });
    return this.refreshing;
  }

  private async staleTables(): Promise<string[]> {
    const { db } = this.database;
    // The counts of changes are flushed lazily; this makes the next statement's end flush them.
    await db.execute(sql`select pg_stat_force_next_flush()`);
    const rows = rowsOf<{ table: string }>(await db.execute(sql`
      select s.relname as table from pg_stat_user_tables s join pg_class c on c.oid = s.relid
      where s.schemaname = 'public' and s.n_mod_since_analyze > 50 + 0.1 * greatest(c.reltuples, 0)`));
    return rows.map((row) => row.table);
  }

  runOnce(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.running ??= this.tasks()
      .catch((err: unknown) => this.log.warn({ err }, 'maintenance failed; will try again'))
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  private async tasks(): Promise<void> {
    const { db, kind } = this.database;
    await db.execute(sql`delete from outbox where status in ('sent', 'failed') and created_at < now() - interval '7 days'`);
    await db.execute(sql`delete from domain_events where created_at < now() - interval '3 days'`);
    await db.execute(sql`delete from jobs where status = 'done' and finished_at < now() - interval '7 days'`);
    for (const task of this.more) await task();
    // Not a full ANALYZE: on PGlite it holds the event loop for as long as it samples (measured: the messages
    // table of a million rows 0.6–1.4 s, every 15 minutes), and the tables that changed are what need it.
    if (kind === 'pglite') await this.refreshStatistics();
  }
}
