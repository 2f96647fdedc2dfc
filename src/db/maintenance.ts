import type { Logger } from '../logger.js';
import { sql } from 'drizzle-orm';
import type { Database } from './client.js';

const EVERY_MS = 15 * 60_000;

/**
 * Housekeeping: forgets delivered outbox rows and finished jobs after a week and the inbox's event log after
 * three days (messages and their statuses stay), and refreshes PGlite's planner statistics — PGlite never runs
 * autovacuum/ANALYZE by itself (measured: 20,000 inserts, never analysed), so plans go stale.
 */
export class Maintenance {
  private timer: NodeJS.Timeout | null = null;
  private firstRun: NodeJS.Timeout | null = null;
  private stopped = false;
  private running: Promise<void> | null = null;

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
  }

  /**
   * Stops for good, the first run included: a run that started after the stop would query a database
   * that is being closed (seen: PGlite's close waiting on it, a shutdown that hung under load).
   */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.firstRun) clearTimeout(this.firstRun);
    this.timer = this.firstRun = null;
    await this.running;
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
    if (kind === 'pglite') await db.execute(sql`analyze`);
  }
}
