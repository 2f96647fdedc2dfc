import { eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.js';
import { isDatabaseUnavailable } from '../db/connection-errors.js';
import { webhookFanOut } from '../db/schema.js';
import type { EventBus } from '../events/bus.js';
import { latestEventId, loggedEventsSince, type LoggedEvent } from '../events/log.js';
import { Alarm } from '../jobs/alarm.js';
import type { Logger } from '../logger.js';
import { anyEnabledWebhook, enabledWebhooks, queueDeliveries } from './store.js';

const CURSOR_ID = 1;
const PAGE = 500;
/**
 * How long an id missing below the cursor is looked for. Ids are taken from a sequence when a transaction
 * writes its events, just before it commits, so one commits after a later one only by moments; an id
 * still missing after this long belongs to a transaction that rolled back.
 */
const GAP_TTL_MS = 10 * 60_000;
/** Passes are at least this far apart (less when polling faster, as tests do). */
const MIN_PASS_GAP_MS = 200;
/** With no webhook enabled, how often the position is moved to the end of the log. */
const SKIP_EVERY_MS = 30_000;
/** A jump larger than this (a sequence that skipped ahead after a crash) is not tracked id by id. */
const MAX_TRACKED_GAP = 1_000;

type Gap = { id: number; since: number };

export interface FanOutOptions {
  db: Db;
  bus: EventBus;
  log: Logger;
  /** A look at the log without a wake-up (another instance's events arrive by the bus too, this is the safety net). */
  pollMs?: number;
  /** Deliveries were queued: the delivery runner should look now. */
  onQueued(): void;
}

/**
 * Turns events into webhook deliveries, apart from the message path: a commit only wakes this loop, which
 * reads the event log after its persisted position and queues one delivery per (event, webhook subscribed
 * to it) in the same transaction that moves the position — so an event is never lost (a crash before the
 * commit reads it again) nor queued twice (and a unique index backs that up). The position row is taken
 * `FOR UPDATE SKIP LOCKED`: with several instances on one PostgreSQL, one fans out at a time and the others
 * skip the pass. Ids that are missing below the position (a transaction that took an id commits after one
 * that took a later id) are remembered with the position and picked up when they appear, so a slow commit
 * delays nobody and is not skipped.
 */
export class WebhookFanOut {
  private running = false;
  private loop: Promise<void> = Promise.resolve();
  private readonly alarm = new Alarm();
  private unsubscribe: (() => void) | null = null;
  private cursorExists = false;
  private skippedAt = 0;

  constructor(private readonly options: FanOutOptions) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.unsubscribe = this.options.bus.subscribe(() => this.alarm.wake());
    this.loop = this.work();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.unsubscribe?.();
    this.alarm.wake();
    await this.loop;
  }

  get isRunning(): boolean {
    return this.running;
  }

  private async work(): Promise<void> {
    const pollMs = this.options.pollMs ?? 2_000;
    // Every commit wakes the loop; passes at most this often gather many events each, so a busy desk pays
    // a few small transactions a second for its webhooks, not several per message.
    const gapMs = Math.min(MIN_PASS_GAP_MS, pollMs);
    while (this.running) {
      const started = Date.now();
      let more = false;
      try {
        more = await this.pass();
      } catch (err) {
        if (isDatabaseUnavailable(err)) this.options.log.warn({ code: (err as { code?: string }).code }, 'webhooks: fan-out waits for the database');
        else this.options.log.error({ err }, 'webhooks: fanning out events failed; trying again');
      }
      if (more || !this.running) continue;
      await this.alarm.sleep(pollMs);
      const wait = started + gapMs - Date.now();
      if (wait > 0 && this.running) await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  /** One page of the log; true when there may be more right away. */
  async pass(): Promise<boolean> {
    const { db } = this.options;
    if (!this.cursorExists) {
      // Where a fresh install (or the first start after an upgrade) begins: now, not the whole history.
      await db.insert(webhookFanOut).values({ id: CURSOR_ID, position: await latestEventId(db) }).onConflictDoNothing();
      this.cursorExists = true;
    }
    // Nobody listens: one cheap look, and the position moves ahead only now and then.
    if (!(await anyEnabledWebhook(db)) && Date.now() - this.skippedAt < SKIP_EVERY_MS) return false;
    let queued = 0;
    let more = false;
    await db.transaction(async (tx) => {
      const [cursor] = await tx.select().from(webhookFanOut).where(eq(webhookFanOut.id, CURSOR_ID)).for('update', { skipLocked: true });
      if (!cursor) return; // another instance is fanning out
      const subscribers = await enabledWebhooks(tx);
      if (subscribers.length === 0) {
        // Nobody listens: skip ahead without reading events (a webhook created later starts from its creation).
        const latest = await latestEventId(tx);
        if (latest !== cursor.position || cursor.gaps.length > 0) await this.save(tx, latest, []);
        this.skippedAt = Date.now();
        return;
      }
      const events = await loggedEventsSince(tx, cursor.position, cursor.gaps.map((gap) => gap.id), PAGE);
      const next = advance(cursor.position, cursor.gaps, events, Date.now());
      if (next.expired.length > 0) this.options.log.warn({ ids: next.expired }, 'webhooks: event ids never committed; taken for rolled-back transactions');
      const deliveries = events.flatMap((event) => subscribers
        .filter((webhook) => webhook.events.includes(event.name) && event.createdAt >= webhook.createdAt)
        .map((webhook) => ({ webhookId: webhook.id, eventId: event.id, event: event.name, body: deliveryBody(event) })));
      queued = (await queueDeliveries(tx, deliveries)).length;
      if (next.position !== cursor.position || !sameGaps(next.gaps, cursor.gaps)) await this.save(tx, next.position, next.gaps);
      more = events.filter((event) => event.id > cursor.position).length >= PAGE;
    });
    if (queued > 0) this.options.onQueued();
    return more;
  }

  private async save(tx: Tx, position: number, gaps: Gap[]): Promise<void> {
    await tx.update(webhookFanOut).set({ position, gaps, updatedAt: sql`now()` }).where(eq(webhookFanOut.id, CURSOR_ID));
  }
}

/**
 * The new position and missing ids after reading `events` (ascending; those above `position` and those of
 * `gaps` that have appeared). Pure, so its cases are tested as a table.
 */
export function advance(position: number, gaps: readonly Gap[], events: readonly LoggedEvent[], now: number): { position: number; gaps: Gap[]; expired: number[] } {
  const seen = new Set(events.map((event) => event.id));
  const kept: Gap[] = [];
  const expired: number[] = [];
  for (const gap of gaps) {
    if (seen.has(gap.id)) continue;
    if (now - gap.since >= GAP_TTL_MS) expired.push(gap.id);
    else kept.push(gap);
  }
  let next = position;
  for (const event of events) {
    if (event.id <= position) continue;
    if (event.id - next - 1 <= MAX_TRACKED_GAP) for (let id = next + 1; id < event.id; id += 1) kept.push({ id, since: now });
    next = event.id;
  }
  return { position: next, gaps: kept, expired };
}

const sameGaps = (a: readonly Gap[], b: readonly Gap[]) => a.length === b.length && a.every((gap, i) => gap.id === b[i]!.id);

/** What a receiver gets: `id` is stable across retries (for de-duplication), `created_at` when it happened. */
export function deliveryBody(event: Pick<LoggedEvent, 'id' | 'name' | 'payload' | 'createdAt'>): string {
  return JSON.stringify({ id: `evt_${event.id}`, event: event.name, created_at: event.createdAt.toISOString(), data: event.payload });
}
