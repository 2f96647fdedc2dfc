import { and, lte, sql } from 'drizzle-orm';
import { applyStatus } from './status-rules.js';
import { conversations, type ConversationStatus } from '../db/schema.js';
import { DomainError } from '../domain-error.js';
import { conversationStatusChanged } from '../events/payloads.js';
import { inTransaction } from '../store/unit-of-work.js';
import { clockOf, withConversation, type AgentRef, type UseCaseDeps } from './deps.js';
import { endActiveChat } from './support-chats.js';

/**
 * An agent sets the status. `resolved` with an active chat ends it (as End chat does, with the default
 * closing message); `open` needs a chat to be open in (start one otherwise); `pending` hands a
 * conversation without a chat back to the bot; `snoozed` puts it aside until `until` or the user's next message.
 */
export async function setConversationStatus(
  deps: UseCaseDeps,
  contact: string,
  request: { status: ConversationStatus; snoozedUntil?: Date },
  agent: AgentRef = { id: null },
): Promise<{ status: ConversationStatus; snoozedUntil: Date | null }> {
  const now = clockOf(deps);
  if (request.snoozedUntil !== undefined && request.status !== 'snoozed') {
    throw new DomainError('INVALID_STATUS', 'snoozed_until goes only with the status "snoozed".');
  }
  if (request.snoozedUntil !== undefined && request.snoozedUntil.getTime() <= now.getTime()) {
    throw new DomainError('INVALID_STATUS', 'snoozed_until must be in the future.');
  }
  return withConversation(deps, contact, async (tx, conversation, events) => {
    const active = conversation.activeChatSessionId !== null;
    if (request.status === 'resolved' && conversation.state === 'CHAT_SUPPORT_ACTIVE' && conversation.activeChatSessionId) {
      // Ending the chat resolves the conversation (recordDecision moves it), with the closing message, in
      // this same transaction.
      await endActiveChat(deps, tx, { ...conversation, activeChatSessionId: conversation.activeChatSessionId }, events, undefined, agent);
      return { status: 'resolved' as const, snoozedUntil: null };
    }
    if (request.status === 'open' && !active) {
      throw new DomainError('CHAT_NOT_ACTIVE', 'There is no support chat to open: start one (chat-support/start) to write to this user.');
    }
    if (request.status === 'pending' && active) {
      throw new DomainError('CHAT_ALREADY_ACTIVE', 'A support chat is active: end it to hand the user back to the bot.');
    }
    const snoozedUntil = request.status === 'snoozed' ? (request.snoozedUntil ?? null) : null;
    await applyStatus(tx, conversation, request.status, events, { snoozedUntil, actor: agent });
    return { status: request.status, snoozedUntil };
  });
}

/**
 * Wakes the snoozes whose time has come: each goes back to `open` (a chat is active) or `pending`.
 * Safe on several instances at once: a row is taken only while it is still snoozed and due.
 */
export async function wakeSnoozed(deps: Pick<UseCaseDeps, 'db' | 'bus' | 'now'>): Promise<number> {
  const now = deps.now?.() ?? new Date();
  return inTransaction(deps.db, deps.bus, async (tx, events) => {
    const woken = await tx
      .update(conversations)
      .set({ status: sql`case when ${conversations.activeChatSessionId} is null then 'pending' else 'open' end`, snoozedUntil: null })
      .where(and(sql`${conversations.status} = 'snoozed'`, lte(conversations.snoozedUntil, now))) // literal: the partial index serves a cached plan
      .returning({ id: conversations.id, phoneNumber: conversations.phoneNumber, status: conversations.status, snoozedUntil: conversations.snoozedUntil });
    for (const row of woken) events.add(conversationStatusChanged(row, row.status, 'snoozed', null, null));
    return woken.length;
  });
}

/** Runs `wakeSnoozed` every few seconds while the server runs. */
export class SnoozeWaker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: Pick<UseCaseDeps, 'db' | 'bus' | 'now'> & { everyMs?: number; onError: (err: unknown) => void }) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.running = wakeSnoozed(this.deps).catch(this.deps.onError);
    }, this.deps.everyMs ?? 5_000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}

