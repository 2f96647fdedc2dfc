import { eq } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { conversations, type ConversationStatus } from '../db/schema.js';
import type { EventBatch } from '../events/bus.js';
import { conversationStatusChanged, type AgentNamed, type ConversationRef } from '../events/payloads.js';
import type { ConversationRow } from '../store/conversations.js';

/**
 * Where a conversation stands for the team, and the rules that move it:
 * - a support chat starts → `open`; it ends (user or agent) → `resolved`;
 * - the user writes while `snoozed` or `resolved` → back into the right queue: `open` when a chat is
 *   active, else `pending` (the bot has them again);
 * - an agent snoozes (until a time, or until the user writes), reopens, or resolves (which ends the chat);
 * - a snooze whose time has come is woken by `wakeSnoozed`, every few seconds.
 */
export function nextStatus(
  current: ConversationStatus,
  change: { chat: 'start' | 'end' | 'message' | null; inbound: boolean; active: boolean },
): ConversationStatus {
  if (change.chat === 'start') return 'open';
  if (change.chat === 'end') return 'resolved';
  if ((current === 'snoozed' || current === 'resolved') && change.inbound) return change.active ? 'open' : 'pending';
  if (current === 'pending' && change.active) return 'open';
  return current;
}

/** Records a status (and its snooze time) and the event that says so, when it changed. */
export async function applyStatus(
  tx: Executor,
  conversation: ConversationRef & Pick<ConversationRow, 'status' | 'snoozedUntil'>,
  status: ConversationStatus,
  events: EventBatch,
  options: { snoozedUntil?: Date | null; actor?: AgentNamed | null } = {},
): Promise<void> {
  const snoozedUntil = status === 'snoozed' ? (options.snoozedUntil ?? null) : null;
  if (status === conversation.status && (snoozedUntil?.getTime() ?? null) === (conversation.snoozedUntil?.getTime() ?? null)) return;
  await tx.update(conversations).set({ status, snoozedUntil }).where(eq(conversations.id, conversation.id));
  events.add(conversationStatusChanged(conversation, status, conversation.status, snoozedUntil, options.actor ?? null));
}
