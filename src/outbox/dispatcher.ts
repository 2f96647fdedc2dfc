import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../db/client.js';
import type { EventBus } from '../events/bus.js';
import { markAccepted, markSendFailed } from '../store/messages.js';
import { inTransaction } from '../store/unit-of-work.js';
import { GraphApiError } from '../whatsapp/errors.js';
import type { GraphClient } from '../whatsapp/graph-client.js';
import { markReadPayload, toGraphPayload } from '../whatsapp/outbound.js';
import type { OutboundMessage } from '../whatsapp/types.js';
import { DEFAULT_RETRY_POLICY, retryDelayMs, type RetryPolicy } from './backoff.js';
import { claimDueRows, markRowFailed, markRowSent, rescheduleRow, type ClaimedRow } from './claim.js';

export interface DispatcherOptions {
  db: Db;
  bus: EventBus;
  client: GraphClient;
  log: FastifyBaseLogger;
  retry?: RetryPolicy;
  /** How often to look for due rows when nobody wakes the dispatcher (retries, other instances' rows). */
  pollMs?: number;
  batchSize?: number;
  leaseMs?: number;
  /** How long to stop sending after WhatsApp rejects the access token. */
  authPauseMs?: number;
}

/** Sends what the outbox holds, in order per recipient, retrying by error class. */
export class Dispatcher {
  private running = false;
  private loopDone: Promise<void> = Promise.resolve();
  private wakeUp: (() => void) | null = null;
  /** A wake-up that came while a batch was under way: the next sleep is skipped, not lost. */
  private woken = false;
  private pausedUntil = 0;
  private unsubscribe: (() => void) | null = null;
  private readonly retry: RetryPolicy;

  constructor(private readonly options: DispatcherOptions) {
    this.retry = options.retry ?? DEFAULT_RETRY_POLICY;
  }

  /** Whether the send loop runs (between start and stop): what /ready reports. */
  get isRunning(): boolean {
    return this.running;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.unsubscribe = this.options.bus.onOutboxReady(() => this.wake());
    this.loopDone = this.loop();
  }

  /** Stops claiming; resolves when the sends under way have finished and been recorded. */
  async stop(): Promise<void> {
    this.running = false;
    this.unsubscribe?.();
    this.wake();
    await this.loopDone;
  }

  wake(): void {
    if (this.wakeUp) this.wakeUp();
    else this.woken = true;
  }

  /** Claims and sends one batch; returns how many rows it handled. */
  async runOnce(): Promise<number> {
    if (Date.now() < this.pausedUntil) return 0;
    // Rows committed from now on are seen by this claim or bring a later wake-up.
    this.woken = false;
    const rows = await claimDueRows(this.options.db, this.options.batchSize ?? 50, this.options.leaseMs ?? 60_000);
    await Promise.all(rows.map((row) => this.send(row)));
    return rows.length;
  }

  private async loop(): Promise<void> {
    while (this.running) {
      let handled = 0;
      try {
        handled = await this.runOnce();
      } catch (err) {
        this.options.log.error({ err }, 'outbox: claiming failed');
      }
      if (handled === 0 && this.running) await this.sleep(this.options.pollMs ?? 1_000);
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const self = this;
      function done() {
        clearTimeout(timer);
        self.wakeUp = null;
        resolve();
      }
      this.wakeUp = done;
    });
  }

  private async send(row: ClaimedRow): Promise<void> {
    try {
      if (row.kind === 'read') {
        await this.options.client.markRead(markReadPayload(row.wamid ?? ''));
        await markRowSent(this.options.db, row.id);
        return;
      }
      const body = toGraphPayload({ waId: row.wa_id, userId: row.user_id }, row.payload as OutboundMessage);
      const wamid = await this.options.client.sendMessage(body);
      await inTransaction(this.options.db, this.options.bus, async (tx, events) => {
        await markRowSent(tx, row.id);
        events.add('message.status', await markAccepted(tx, row.message_id, wamid));
      });
    } catch (err) {
      await this.handleFailure(row, err).catch((e: unknown) => this.options.log.error({ err: e, outboxId: row.id }, 'outbox: recording a failure failed'));
    }
  }

  private async handleFailure(row: ClaimedRow, err: unknown): Promise<void> {
    const { log, db, bus } = this.options;
    if (!(err instanceof GraphApiError)) {
      log.error({ err, outboxId: row.id }, 'outbox: unexpected error while sending; will retry');
      await rescheduleRow(db, row.id, retryDelayMs(row.attempts, 'transient', this.retry), String(err));
      return;
    }
    const summary = `${err.code ?? 'no code'} (${err.errorClass}): ${err.message}`;
    if (err.errorClass === 'auth') {
      const pauseMs = this.options.authPauseMs ?? 60_000;
      this.pausedUntil = Date.now() + pauseMs;
      log.error({ code: err.code }, 'WhatsApp rejected the access token: sending paused. Check WHATSAPP_ACCESS_TOKEN.');
      await rescheduleRow(db, row.id, pauseMs, summary, true);
      return;
    }
    if (err.retryable && row.attempts < this.retry.maxAttempts) {
      log.warn({ outboxId: row.id, attempt: row.attempts, code: err.code }, 'outbox: send failed, will retry');
      await rescheduleRow(db, row.id, retryDelayMs(row.attempts, err.errorClass, this.retry), summary);
      return;
    }
    log.warn({ outboxId: row.id, code: err.code, errorClass: err.errorClass }, 'outbox: send failed for good');
    await inTransaction(db, bus, async (tx, events) => {
      await markRowFailed(tx, row.id, summary);
      if (row.kind !== 'message') return;
      const exhausted = err.retryable;
      const change = await markSendFailed(tx, row.message_id, {
        code: exhausted ? null : err.code,
        title: exhausted ? `Gave up after ${row.attempts} attempts: ${err.message}` : err.message,
        detail: err.details,
      });
      if (change) events.add('message.status', change);
    });
  }
}
