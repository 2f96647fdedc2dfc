import { agentReply, endChat as endChatDecision, startChatByAgent } from '../bot/machine.js';
import { DomainError } from '../domain-error.js';
import { recordAgentResponse } from '../store/chat-sessions.js';
import { resetUnread, snapshotOf, type ConversationRow } from '../store/conversations.js';
import type { EventBatch } from '../events/bus.js';
import { LIMITS, whatsappLength } from '../whatsapp/limits.js';
import { takeIfUnassigned } from './assignment.js';
import { clockOf, withActiveChat, withConversation, type AgentRef, type UseCaseDeps } from './deps.js';
import { carryOutRating, prepareRating } from './csat.js';
import { isWindowOpen, requireOpenWindow } from './message-window.js';
import { recordDecision, type Quote } from './record-decision.js';
import type { Tx } from '../db/client.js';
import { findQuotable, latestInbound, queueReadReceipt } from '../store/messages.js';
import { markNotificationsRead } from '../store/notifications.js';

/**
 * What agents do to a support chat: answer, end it, start one, mark it read. The rules (the chat must be
 * active, the 24-hour window must be open) are checked with the conversation row locked, so two agents
 * acting at once are serialised: one ends the chat, the other gets CHAT_NOT_ACTIVE.
 */

/** An agent's message, sent with the "Support Team" prefix; the first reply to an unassigned chat takes it. */
export async function sendAgentMessage(
  deps: UseCaseDeps,
  contact: string,
  text: string,
  agent: AgentRef = { id: null },
  /** The id of a message of this conversation to quote. */
  replyTo?: number,
): Promise<{ sentAt: Date; messageId: number }> {
  const message = text.trim();
  if (message === '') throw new DomainError('EMPTY_MESSAGE', 'The message is empty.');
  return withActiveChat(deps, contact, async (tx, conversation, events) => {
    // The prefix is in the user's language, so its length is known once the conversation is.
    const content = deps.content.for(conversation);
    const prefix = content.chat.agentPrefix;
    if (whatsappLength(prefix + message) > LIMITS.textBody) {
      throw new DomainError('MESSAGE_TOO_LONG', `The message is too long: WhatsApp allows ${LIMITS.textBody} characters including the "${prefix.trim()}" prefix (${LIMITS.textBody - whatsappLength(prefix)} for your text).`);
    }
    requireOpenWindow(conversation.lastInboundAt, clockOf(deps));
    const quote = replyTo === undefined ? undefined : await quotable(tx, conversation.id, replyTo);
    const { stateData, replies } = agentReply(snapshotOf(conversation), message, content);
    const { replies: [row] } = await recordDecision(tx, conversation, { chat: null, replies, stateData }, {
      replySender: 'agent', agentId: agent.id, agentName: agent.name, replyText: message, resetUnread: true, quote,
    }, events);
    await recordAgentResponse(tx, conversation.activeChatSessionId);
    await takeIfUnassigned(tx, conversation, conversation.activeChatSessionId, agent, events);
    return { sentAt: row!.createdAt, messageId: row!.id };
  });
}

/** A message of this conversation that WhatsApp shows (not an internal note), to quote. */
export async function quotable(tx: Tx, conversationId: string, messageId: number): Promise<Quote> {
  const found = await findQuotable(tx, conversationId, messageId);
  if (!found || found.direction === 'internal') throw new DomainError('MESSAGE_NOT_FOUND', `No message ${messageId} in this conversation to reply to.`);
  return { message: found.quote, wamid: found.wamid };
}

/**
 * Ends the chat. When the window has closed the closing message cannot be delivered, so the chat ends
 * without it rather than leaving the user stuck in CHAT_SUPPORT_ACTIVE.
 */
export async function endChat(
  deps: UseCaseDeps,
  contact: string,
  closingText: string | undefined,
  agent: AgentRef = { id: null },
): Promise<{ endedAt: Date; closingSent: boolean }> {
  const closing = closingText?.trim() || undefined;
  if (closing && whatsappLength(closing) > LIMITS.interactiveBody) {
    throw new DomainError('MESSAGE_TOO_LONG', `The closing message is too long: WhatsApp allows ${LIMITS.interactiveBody} characters in a message with buttons.`);
  }
  return withActiveChat(deps, contact, (tx, conversation, events) => endActiveChat(deps, tx, conversation, events, closing, agent));
}

/** Ends the active chat of a conversation locked in the caller's transaction (see `endChat`). */
export async function endActiveChat(
  deps: UseCaseDeps,
  tx: Tx,
  conversation: ConversationRow & { activeChatSessionId: string },
  events: EventBatch,
  closing: string | undefined,
  agent: AgentRef,
): Promise<{ endedAt: Date; closingSent: boolean }> {
  const now = clockOf(deps);
  const closingSent = isWindowOpen(conversation.lastInboundAt, now);
  const content = deps.content.for(conversation);
  const ended = endChatDecision(snapshotOf(conversation), { closingText: closing }, content);
  const { decision, plan } = await prepareRating(tx, ended, conversation.activeChatSessionId, closingSent, closingSent && closing !== undefined);
  await recordDecision(tx, conversation, { ...decision, replies: closingSent ? decision.replies : [] }, {
    replySender: 'agent', agentId: agent.id, agentName: agent.name, endedBy: 'agent', closingMessage: closing ?? null, resetUnread: true,
  }, events);
  await carryOutRating(tx, conversation, conversation.activeChatSessionId, plan, content, events);
  return { endedAt: now, closingSent };
}

/** An agent opens a support chat with a user who wrote within the last 24 hours. */
export async function startChat(deps: UseCaseDeps, contact: string, agent: AgentRef = { id: null }): Promise<{ chatSessionId: string }> {
  return withConversation(deps, contact, async (tx, conversation, events) => {
    if (conversation.activeChatSessionId) throw new DomainError('CHAT_ALREADY_ACTIVE', 'A support chat with this user is already active.');
    requireOpenWindow(conversation.lastInboundAt, clockOf(deps));
    const decision = startChatByAgent(snapshotOf(conversation), deps.content.for(conversation));
    const { activeChatSessionId } = await recordDecision(tx, conversation, decision, {
      replySender: 'bot', agentId: agent.id, agentName: agent.name, startedBy: 'agent',
    }, events);
    return { chatSessionId: activeChatSessionId! };
  });
}

/**
 * The agent has seen the conversation: its unread count goes back to zero, and the user's messages of the
 * live chat get their blue ticks now — not when they arrived, so the ticks mean a person saw them.
 */
export async function markRead(deps: UseCaseDeps, contact: string, agent: AgentRef = { id: null }): Promise<void> {
  await withConversation(deps, contact, async (tx, conversation, events) => {
    // The agent's mentions in this conversation are read too: they have seen it.
    if (agent.id) await markNotificationsRead(tx, agent.id, { conversationId: conversation.id });
    if (conversation.unreadCount === 0) return;
    await resetUnread(tx, conversation.id);
    const latest = await latestInbound(tx, conversation.id);
    if (latest) {
      await queueReadReceipt(tx, conversation.id, latest.id);
      events.outbox = true;
    }
  });
}
