import type { Logger } from '../logger.js';
import { Alarm } from '../jobs/alarm.js';
import type { Db } from '../db/client.js';
import { isDatabaseUnavailable } from '../db/connection-errors.js';
import type { EventBus } from '../events/bus.js';
import { messageStatus } from '../events/payloads.js';
import { markAccepted, markSendFailed } from '../store/messages.js';
import { GroupCommit } from '../db/group-commit.js';
import { findMedia, recordUpload } from '../store/media.js';
import type { MediaStore } from '../media/store.js';
import { buffer } from 'node:stream/consumers';
import { inTransaction } from '../store/unit-of-work.js';
import { GraphApiError, reasonForCode } from '../whatsapp/errors.js';
import type { GraphClient } from '../whatsapp/graph-client.js';
import { markReadPayload, toGraphPayload } from '../whatsapp/graph-payloads.js';
import { DEFAULT_RETRY_POLICY, retryDelayMs, type RetryPolicy } from './backoff.js';
import { claimDueRows, markRowFailed, markRowsSent, reclaimAbandonedSends, renewLeases, rescheduleRow, type ClaimedRow } from './claim.js';

export interface DispatcherOptions {
  db: Db;
  bus: EventBus;
  client: GraphClient;
  log: Logger;
  retry?: RetryPolicy;
  /** How often to look for due rows when nobody wakes the dispatcher (retries, other instances' rows). */
  pollMs?: number;
  /** Sends under way at once at most (MAX_IN_FLIGHT). */
  maxInFlight?: number;
  leaseMs?: number;
  /** How long to stop sending after WhatsApp rejects the access token. */
  authPauseMs?: number;
  /** This process is the only sender on the database (PGlite): rows left `sending` by a crash come back at start. */
  soleSender?: boolean;
  /** Where agents' attachments are kept, to upload them before they are sent (the app always gives it). */
  media?: MediaStore;
}

/** A send WhatsApp accepted: its outbox row, its message and the wamid WhatsApp gave it. */
interface Accepted {
  rowId: number;
  messageId: number;
  wamid: string;
}

/** An uploaded media id lives 30 days at Meta; one older than this is uploaded again. */
const UPLOAD_LIFETIME_MS = 29 * 24 * 60 * 60 * 1000;

/**
 * What a crash can repeat. WhatsApp has no idempotency key, so a send whose answer was not yet recorded when
 * the process died is sent again after the restart. Each result is recorded the moment WhatsApp answers,
 * one row at a time, so what can be repeated is at most the sends in flight at the moment of the kill:
 * never more than MAX_IN_FLIGHT, and never more than one message per recipient.
 *
 * A place is freed once the answer is recorded, and under load that commit waits its turn behind the
 * webhooks: with 48 places, flat-out intake on PGlite left 7,142 replies waiting (230 sends/s while the
 * texts came at 338/s); with 256 the replies keep pace (backlog 111, reply lag p99 0.58 s,
 * docs/benchmarks.md). Meta's 1,000 messages/s at 100–250 ms per send needs that many in flight anyway.
 */
export const MAX_IN_FLIGHT = 256;
/** Short, and renewed while a send is under way: a crashed instance's rows come back within seconds. */
export const LEASE_MS = 15_000;
const DATABASE_RETRY_MS = 500;

/** Sends what the outbox holds, in order per recipient, retrying by error class. */
export class Dispatcher {
  private running = false;
  private loopDone: Promise<void> = Promise.resolve();
  /** A wake-up that comes while a batch is under way skips the next sleep instead of being lost. */
  private readonly alarm = new Alarm();
  private pausedUntil = 0;
  private pauseReason: 'auth' | 'rate_limited' | null = null;
  /** Throughput errors in a row, number-wide: each one doubles the pause. */
  private rateLimitStreak = 0;
  private databaseDown = false;
  /** The rows being sent, and the sends themselves (stop waits for them). */
  private readonly inFlight = new Set<number>();
  private readonly sending = new Set<Promise<void>>();
  private unsubscribe: (() => void) | null = null;
  private readonly retry: RetryPolicy;
  private readonly leaseMs: number;

  /** WhatsApp's answers to sends, recorded together: one transaction for all that came in meanwhile. */
  private readonly accepted: GroupCommit<Accepted, void>;
  /** Read receipts and typing indicators WhatsApp took, marked sent together. */
  private readonly receipts: GroupCommit<number, void>;

  constructor(private readonly options: DispatcherOptions) {
    this.retry = options.retry ?? DEFAULT_RETRY_POLICY;
    this.leaseMs = options.leaseMs ?? LEASE_MS;
    const recordAccepted = (sends: readonly Accepted[]) => inTransaction(options.db, options.bus, async (tx, events) => {
      await markRowsSent(tx, sends.map((send) => send.rowId));
      const { statuses, updated } = await markAccepted(tx, sends);
      for (const change of statuses) events.add(messageStatus(change));
      for (const event of updated) events.add(event);
      return sends.map(() => undefined);
    });
    this.accepted = new GroupCommit(recordAccepted, async (send) => void (await recordAccepted([send])));
    const markSent = async (ids: readonly number[]) => {
      await markRowsSent(options.db, ids);
      return ids.map(() => undefined);
    };
    this.receipts = new GroupCommit(markSent, async (id) => void (await markSent([id])));
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
    this.alarm.wake();
  }

  /** For /ready and the tests: whether the send loop runs, and why it is not sending if it is not. */
  state(): { running: boolean; pausedUntil: Date | null; pauseReason: 'auth' | 'rate_limited' | null; databaseReachable: boolean } {
    const paused = Date.now() < this.pausedUntil;
    return { running: this.running, pausedUntil: paused ? new Date(this.pausedUntil) : null, pauseReason: paused ? this.pauseReason : null, databaseReachable: !this.databaseDown };
  }

  /**
   * Claims as many due rows as there is room for and starts sending them, without waiting for the sends:
   * each one frees its place (and wakes the loop) when WhatsApp has answered and the answer is recorded,
   * so the next message to that recipient, due only then, goes at once instead of after a whole batch.
   * Returns how many rows it claimed and how many it asked for.
   */
  private async claimMore(): Promise<{ claimed: number; wanted: number }> {
    const max = this.options.maxInFlight ?? MAX_IN_FLIGHT;
    const wanted = max - this.inFlight.size;
    // Under load, claim for a quarter of the places at a time, not one claim per finished send: a claim
    // over a long backlog costs a few ms of the database's CPU (measured: claims per send made PostgreSQL
    // the bottleneck). With few sends under way it claims at once, so a reply never waits for others.
    const enough = this.inFlight.size === 0 ? 1 : Math.max(1, Math.floor(max / 4));
    if (wanted < enough || Date.now() < this.pausedUntil) return { claimed: 0, wanted };
    // Rows committed (or sends finished) from now on are seen by this claim or bring a later wake-up.
    this.alarm.reset();
    const rows = await claimDueRows(this.options.db, wanted, this.leaseMs);
    for (const row of rows) {
      this.inFlight.add(row.id);
      const sent: Promise<void> = this.send(row).catch((err: unknown) => {
        this.options.log.error({ err, outboxId: row.id }, 'outbox: a send failed unexpectedly; the row is sent again when its lease ends');
      }).finally(() => {
        this.inFlight.delete(row.id);
        this.sending.delete(sent);
        this.wake();
      });
      this.sending.add(sent);
    }
    return { claimed: rows.length, wanted };
  }

  private async loop(): Promise<void> {
    if (this.options.soleSender) await this.reclaim();
    const renewal = setInterval(() => void this.renewLeases(), this.leaseMs / 3);
    try {
      while (this.running) {
        let more = false;
        try {
          const { claimed, wanted } = await this.claimMore();
          // Everything due fitted: look again only when woken (new rows, a send done) or after a poll.
          more = claimed > 0 && claimed === wanted && this.inFlight.size < (this.options.maxInFlight ?? MAX_IN_FLIGHT);
          this.databaseReachable();
        } catch (err) {
          if (isDatabaseUnavailable(err)) this.databaseUnreachable(err);
          else this.options.log.error({ err }, 'outbox: claiming failed');
        }
        if (!more && this.running) await this.sleep(this.databaseDown ? Math.max(DATABASE_RETRY_MS, this.options.pollMs ?? 1_000) : this.options.pollMs ?? 1_000);
      }
      await Promise.all(this.sending);
    } finally {
      clearInterval(renewal);
    }
  }

  private async reclaim(): Promise<void> {
    try {
      const count = await reclaimAbandonedSends(this.options.db);
      if (count > 0) this.options.log.warn({ count }, 'outbox: sends interrupted by the last stop are queued again (WhatsApp may receive these few twice)');
    } catch (err) {
      this.options.log.error({ err }, 'outbox: could not return interrupted sends to the queue; they come back when their lease ends');
    }
  }

  private async renewLeases(): Promise<void> {
    try {
      await renewLeases(this.options.db, [...this.inFlight], this.leaseMs);
    } catch (err) {
      if (isDatabaseUnavailable(err)) this.databaseUnreachable(err);
      else this.options.log.warn({ err }, 'outbox: renewing leases failed');
    }
  }

  private databaseUnreachable(err: unknown): void {
    if (this.databaseDown) return;
    this.databaseDown = true;
    this.options.log.error({ reason: err instanceof Error ? err.message : String(err) }, 'outbox: database unreachable; sending paused until it is back');
  }

  private databaseReachable(): void {
    if (!this.databaseDown) return;
    this.databaseDown = false;
    this.options.log.info('outbox: database reachable again; sending resumed');
  }

  private sleep(ms: number): Promise<void> {
    return this.alarm.sleep(ms);
  }

  private async send(row: ClaimedRow): Promise<void> {
    let record: () => Promise<void>;
    try {
      if (row.kind !== 'message') {
        await this.options.client.markRead(markReadPayload(row.wamid ?? '', { typing: row.kind === 'typing' }));
        record = () => this.receipts.write([row.id]).then(() => undefined);
      } else {
        const payload = row.payload;
        const file = payload.kind === 'media' ? payload.file : payload.kind === 'template' && payload.header?.kind === 'media' ? payload.header.file : undefined;
        const uploaded = file === undefined ? undefined : { mediaId: await this.uploaded(file) };
        const body = toGraphPayload({ waId: row.wa_id, userId: row.user_id }, payload, uploaded);
        const wamid = await this.options.client.sendMessage(body);
        this.rateLimitStreak = 0;
        record = () => this.accepted.write([{ rowId: row.id, messageId: row.message_id, wamid }]).then(() => undefined);
      }
    } catch (err) {
      record = () => this.handleFailure(row, err);
    }
    await this.recordResult(row, record);
  }

  /**
   * The id WhatsApp knows an agent's attachment by: uploaded (`POST /{phone-number-id}/media`) the first
   * time it is sent, then kept — an uploaded id lives 30 days, so a retry does not upload again. Meta
   * fetching a public link instead is what fails behind many hosts (131053); an upload never asks it to.
   */
  private async uploaded(fileId: string): Promise<string> {
    const media = await findMedia(this.options.db, fileId);
    if (!media?.storageKey) throw new GraphApiError('The attachment is no longer stored', { code: null, httpStatus: 400 });
    if (media.whatsappId && media.uploadedAt && Date.now() - media.uploadedAt.getTime() < UPLOAD_LIFETIME_MS) return media.whatsappId;
    if (!this.options.media) throw new Error('the dispatcher has no media store to upload attachments from');
    const bytes = await buffer(await this.options.media.get(media.storageKey));
    const id = await this.options.client.uploadMedia({ bytes, mimeType: media.mimeType ?? 'application/octet-stream', filename: media.filename ?? media.id });
    await recordUpload(this.options.db, media.id, id);
    return id;
  }

  /**
   * WhatsApp has answered: the answer must be written, or the row would be sent again after its lease.
   * While the database is unreachable the answer is kept and written as soon as it is back.
   */
  private async recordResult(row: ClaimedRow, record: () => Promise<void>): Promise<void> {
    for (;;) {
      try {
        await record();
        return;
      } catch (err) {
        if (!isDatabaseUnavailable(err) || !this.running) {
          this.options.log.error({ err, outboxId: row.id }, 'outbox: recording a send’s result failed; the row is sent again when its lease ends');
          return;
        }
        this.databaseUnreachable(err);
        await new Promise((resolve) => setTimeout(resolve, DATABASE_RETRY_MS));
      }
    }
  }

  /** Stops all sending for `ms`: the cause (the token, the number's throughput) is not this message's. */
  private pauseSending(ms: number, reason: 'auth' | 'rate_limited'): boolean {
    const until = Date.now() + ms;
    const alreadyPaused = Date.now() < this.pausedUntil;
    if (until > this.pausedUntil) {
      this.pausedUntil = until;
      this.pauseReason = reason;
    }
    return !alreadyPaused;
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
      this.pauseSending(pauseMs, 'auth');
      log.error({ code: err.code }, 'WhatsApp rejected the access token: sending paused. Check WHATSAPP_ACCESS_TOKEN.');
      await rescheduleRow(db, row.id, pauseMs, summary, true);
      return;
    }
    if (err.errorClass === 'rate_limited' && row.attempts < this.retry.maxAttempts) {
      // Throughput limits (130429, 80007, 4) count messages of the whole number: slowing one row would let
      // the others keep hitting the limit. 131056 (one recipient throttled) stays per row, below.
      this.rateLimitStreak += 1;
      const pauseMs = retryDelayMs(this.rateLimitStreak, 'rate_limited', this.retry);
      if (this.pauseSending(pauseMs, 'rate_limited')) log.warn({ code: err.code, pauseMs }, 'WhatsApp throttles this number: all sending paused');
      await rescheduleRow(db, row.id, pauseMs, summary);
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
      const reason = reasonForCode(err.code);
      const change = await markSendFailed(tx, row.message_id, {
        code: exhausted ? null : err.code,
        title: exhausted ? `Gave up after ${row.attempts} attempts: ${reason ?? err.message}` : (reason ?? err.message),
        // Meta's own words stay beside the explanation.
        detail: reason ? [err.message, err.details].filter(Boolean).join(': ') : err.details,
      });
      if (change) events.add(messageStatus(change));
    });
  }
}
