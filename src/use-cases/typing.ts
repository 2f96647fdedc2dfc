import { latestInbound, queueReadReceipt } from '../store/messages.js';
import { clockOf, withActiveChat, type UseCaseDeps } from './deps.js';
import { isWindowOpen } from './message-window.js';

/** WhatsApp shows "typing…" for up to 25 s; asking again sooner than this adds nothing. */
export const TYPING_INTERVAL_MS = 20_000;

/**
 * When each conversation was last shown "typing…", in this process. Several instances may each show it
 * once per interval: harmless (the indicator is idempotent), and it keeps every keystroke off the database.
 */
export class TypingThrottle {
  private readonly shown = new Map<string, number>();

  allow(conversationId: string, now: number): boolean {
    const last = this.shown.get(conversationId);
    if (last !== undefined && now - last < TYPING_INTERVAL_MS) return false;
    if (this.shown.size > 10_000) {
      for (const [id, at] of this.shown) if (now - at >= TYPING_INTERVAL_MS) this.shown.delete(id);
    }
    this.shown.set(conversationId, now);
    return true;
  }
}

/**
 * An agent is typing in the open chat: the user sees "typing…" (WhatsApp's indicator rides on a read
 * receipt for their latest message, so it also marks it read — the agent is looking at it). Never outside
 * the 24-hour window, at most once every 20 s; `shown` says whether this call showed it.
 */
export async function showTyping(deps: UseCaseDeps, contact: string, throttle: TypingThrottle): Promise<{ shown: boolean }> {
  return withActiveChat(deps, contact, async (tx, conversation, events) => {
    const now = clockOf(deps);
    if (!isWindowOpen(conversation.lastInboundAt, now)) return { shown: false };
    const latest = await latestInbound(tx, conversation.id);
    if (!latest || !throttle.allow(conversation.id, now.getTime())) return { shown: false };
    await queueReadReceipt(tx, conversation.id, latest.id, 'typing');
    events.outbox = true;
    return { shown: true };
  });
}
