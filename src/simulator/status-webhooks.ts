import { randomBytes } from 'node:crypto';
import type { BusinessNumber } from './payloads.js';
import { statusPayload, type StatusError } from './payloads.js';
import type { PendingWork } from './pending-work.js';
import type { SimulatorStore, StoredUser } from './store.js';
import type { WebhookSender } from './webhook-sender.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The ticks of an accepted message: `sent`, then `delivered` a little later, then `read` when the user
 * next opens the chat. Each is recorded on the phone's transcript and posted to the app as a webhook.
 */
export class StatusWebhooks {
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly deps: {
      business: BusinessNumber;
      store: SimulatorStore;
      sender: WebhookSender;
      pending: PendingWork;
      now: () => Date;
      delaysMs: { sent: number; delivered: number };
    },
  ) {}

  /** A reaction is reported `sent` only: WhatsApp never reports it delivered or read. */
  accepted(user: StoredUser, wamid: string, options: { sentOnly?: boolean } = {}): void {
    const { sent, delivered } = this.deps.delaysMs;
    // `delivered` is timed from `sent` so that it can never be queued first.
    this.after(sent, () => {
      this.report(user, wamid, 'sent');
      if (options.sentOnly !== true) this.after(delivered - sent, () => this.report(user, wamid, 'delivered'));
    });
  }

  /** An accepted message WhatsApp could not deliver: a `failed` status with the reason. */
  failed(user: StoredUser, wamid: string, error: StatusError): void {
    this.after(this.deps.delaysMs.sent, () => {
      const at = this.deps.now();
      void this.deps.sender.send(statusPayload(this.deps.business, { wamid, status: 'failed', at, recipientId: user.waId, conversationId: '', error }));
    });
  }

  /** The user looked at the chat: everything delivered to them so far is read. */
  readBy(user: StoredUser): void {
    for (const entry of user.transcript) {
      if (entry.direction === 'out' && entry.status === 'delivered') this.report(user, entry.wamid, 'read');
    }
  }

  close(): void {
    for (const timer of this.timers) {
      clearTimeout(timer);
      this.deps.pending.end();
    }
    this.timers.clear();
  }

  private after(ms: number, action: () => void): void {
    this.deps.pending.begin();
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      action();
      this.deps.pending.end();
    }, Math.max(0, ms));
    this.timers.add(timer);
  }

  private report(user: StoredUser, wamid: string, status: 'sent' | 'delivered' | 'read'): void {
    const entry = user.transcript.find((e) => e.wamid === wamid && e.direction === 'out');
    if (entry !== undefined) entry.status = status;
    const at = this.deps.now();
    const conversationId = this.conversationId(user, at);
    this.deps.store.changed();
    void this.deps.sender.send(statusPayload(this.deps.business, { wamid, status, at, recipientId: user.waId, conversationId }));
  }

  /** Meta bills per 24 h conversation; its id is what `conversation.id` carries. */
  private conversationId(user: StoredUser, at: Date): string {
    const current = user.conversation;
    if (current !== null && at.getTime() - Date.parse(current.startedAt) < DAY_MS) return current.id;
    user.conversation = { id: randomBytes(15).toString('hex'), startedAt: at.toISOString() };
    return user.conversation.id;
  }
}
