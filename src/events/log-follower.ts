import type { Logger } from '../logger.js';
import type pg from 'pg';
import type { Db } from '../db/client.js';
import type { EventBus } from './bus.js';
import type { PresenceSignal } from './catalog.js';
import type { StoredEvent } from './catalog.js';
import { EVENTS_CHANNEL, eventsSince, latestEventId, PRESENCE_CHANNEL } from './log.js';

/** How long a missing id may stay missing before it is taken for a rolled-back transaction. */
const GAP_TIMEOUT_MS = 3_000;
const PAGE = 500;
/** Back-off between attempts to listen again after the LISTEN connection was lost. */
const RELISTEN_MS = { first: 500, max: 15_000 };

/**
 * With several instances on one PostgreSQL, each publishes events from the shared event log rather than
 * from its own commits, so an inbox connected to any instance sees everything, in id order.
 * `NOTIFY` (sent by the committing transaction) says when to look. Ids come from a sequence, so a
 * transaction that took id 10 can commit after one that took id 11: a missing id is waited for (briefly)
 * before later ones are published, which keeps SSE ids increasing and Last-Event-ID resume exact.
 */
export class EventLogFollower {
  private cursor = 0;
  private running: Promise<void> | null = null;
  private again = false;
  private gap: { id: number; since: number } | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private client: pg.PoolClient | null = null;
  private stopped = false;
  private relistenTimer: NodeJS.Timeout | null = null;
  private relistenDelayMs = RELISTEN_MS.first;

  constructor(
    private readonly db: Db,
    private readonly pool: pg.Pool,
    private readonly bus: EventBus,
    private readonly log: Logger,
  ) {}

  /** Whether it listens for new events (between start and stop): what /ready reports. */
  get isRunning(): boolean {
    return this.client !== null && !this.stopped;
  }

  async start(): Promise<void> {
    this.cursor = await latestEventId(this.db);
    await this.listen();
  }

  /**
   * LISTEN lives on one connection. When it breaks (database restart, failover, a proxy dropping it) the
   * other instances' events would stop arriving for good, so it is opened again with back-off, and a
   * catch-up then publishes whatever was committed while nobody listened.
   */
  private async listen(): Promise<void> {
    const client = await this.pool.connect();
    const lost = (err?: Error) => this.lost(client, err);
    client.on('notification', (message) => {
      if (message.channel !== PRESENCE_CHANNEL) return this.catchUp();
      try {
        this.bus.publishPresence(JSON.parse(message.payload ?? ''));
      } catch {
        // Presence is a hint; a garbled one is dropped.
      }
    });
    client.on('error', lost);
    client.on('end', () => lost());
    try {
      await client.query(`listen ${EVENTS_CHANNEL}`);
      await client.query(`listen ${PRESENCE_CHANNEL}`);
    } catch (err) {
      client.removeAllListeners('end');
      client.release(err as Error);
      throw err;
    }
    if (this.stopped) {
      client.release();
      return;
    }
    this.client = client;
  }

  private lost(client: pg.PoolClient, err?: Error): void {
    if (this.client !== client) return;
    this.client = null;
    client.removeAllListeners('end');
    // Released with an error: the pool destroys it instead of handing a dead connection to someone else.
    client.release(err ?? new Error('LISTEN connection ended'));
    if (this.stopped) return;
    this.log.warn({ code: (err as { code?: string } | undefined)?.code }, 'event log: LISTEN connection lost; listening again');
    this.relistenSoon();
  }

  private relistenSoon(): void {
    if (this.relistenTimer || this.stopped) return;
    this.relistenTimer = setTimeout(() => {
      this.relistenTimer = null;
      this.listen().then(
        () => {
          this.relistenDelayMs = RELISTEN_MS.first;
          this.log.info('event log: listening again');
          this.catchUp();
        },
        () => {
          this.relistenDelayMs = Math.min(RELISTEN_MS.max, this.relistenDelayMs * 2);
          this.relistenSoon();
        },
      );
    }, this.relistenDelayMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.relistenTimer) clearTimeout(this.relistenTimer);
    await this.running;
    const client = this.client;
    if (client) {
      this.client = null;
      client.removeAllListeners('end');
      await client.query(`unlisten ${EVENTS_CHANNEL}`).catch(() => undefined);
      await client.query(`unlisten ${PRESENCE_CHANNEL}`).catch(() => undefined);
      client.release();
    }
  }

  /** Tells every instance (this one too, through its LISTEN) who is viewing or typing. */
  sharePresence(signal: PresenceSignal): void {
    this.pool.query('select pg_notify($1, $2)', [PRESENCE_CHANNEL, JSON.stringify(signal)]).catch((err: unknown) => {
      this.log.warn({ err }, 'presence: could not notify the other instances');
    });
  }

  /** Reads and publishes what is new; concurrent calls fold into one extra pass. */
  catchUp(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .catch((err: unknown) => this.log.error({ err }, 'event log: reading failed'))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.catchUp();
        }
      });
  }

  private async drain(): Promise<void> {
    for (;;) {
      const rows = await eventsSince(this.db, this.cursor, PAGE);
      const ready: StoredEvent[] = [];
      for (const event of rows) {
        if (event.id !== this.cursor + 1 && !this.gapExpired(this.cursor + 1)) break;
        this.gap = null;
        ready.push(event);
        this.cursor = event.id;
      }
      this.bus.publish(ready);
      if (this.gap) this.retrySoon();
      if (rows.length < PAGE || ready.length === 0) return;
    }
  }

  private gapExpired(id: number): boolean {
    const now = Date.now();
    if (this.gap?.id !== id) this.gap = { id, since: now };
    return now - this.gap.since >= GAP_TIMEOUT_MS;
  }

  private retrySoon(): void {
    if (this.retryTimer || this.stopped) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.catchUp();
    }, 50);
  }
}
