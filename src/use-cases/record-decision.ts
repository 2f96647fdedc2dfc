import type { BotDecision, ConversationState, StateData } from '../bot/types.js';
import type { Tx } from '../db/client.js';
import type { QuotedMessage } from '../contract/conversations.js';
import type { MessageRow } from '../db/schema.js';
import type { EventBatch } from '../events/bus.js';
import { chatEnded, chatStarted, messageCreated } from '../events/payloads.js';
import { endChatSession, startChatSession } from '../store/chat-sessions.js';
import { updateConversation, type ConversationRow } from '../store/conversations.js';
import { insertOutboundMessages, insertSystemNote, setMessageChatSession } from '../store/messages.js';
import { applyStatus, nextStatus } from './status-rules.js';

export interface DecisionContext {
  /** The user message that caused the decision, if any (it joins the chat it starts, continues or ends). */
  inbound?: MessageRow;
  /** Who the replies come from. */
  replySender: 'bot' | 'agent';
  agentId?: string | null;
  /** The acting agent's name, for the notes in the history. */
  agentName?: string | null;
  /** Who ends the chat when the decision ends it. */
  endedBy?: 'user' | 'agent';
  startedBy?: 'user' | 'agent';
  closingMessage?: string | null;
  /** The text to store for the single reply (an agent message is stored without the "Support Team" prefix). */
  replyText?: string;
  /** Also reset the unread count (an agent acted on the conversation). */
  resetUnread?: boolean;
  /** The message the (first) reply quotes. */
  quote?: Quote;
}

/** A quoted message: how the history shows it, and its wamid when WhatsApp knows it. */
export interface Quote {
  message: QuotedMessage;
  wamid: string | null;
}

type Decision = Pick<BotDecision, 'chat' | 'replies' | 'survey'> & {
  state?: ConversationState;
  stateData: StateData;
  registeredName?: string;
};

/**
 * Records what the bot decided (or what an agent's action amounts to, decided by the same rules): chat
 * session start/end, the user's message joining the chat, the replies with their outbox rows, and the
 * conversation's new state — all in the caller's transaction — and gathers the events to publish after
 * commit. It decides nothing itself: the decision comes from `bot/`.
 */
export async function recordDecision(
  tx: Tx,
  conversation: ConversationRow,
  decision: Decision,
  context: DecisionContext,
  events: EventBatch,
): Promise<{ replies: MessageRow[]; activeChatSessionId: string | null }> {
  const { inbound } = context;
  let activeSessionId = conversation.activeChatSessionId;
  let replySessionId = activeSessionId;

  if (decision.chat === 'start') {
    const session = await startChatSession(tx, conversation.id, context.startedBy ?? 'user');
    activeSessionId = replySessionId = session.id;
    events.add(chatStarted(conversation, session.id, context.startedBy ?? 'user'));
  } else if ((decision.chat === 'message' || decision.chat === 'end') && activeSessionId && inbound) {
    await setMessageChatSession(tx, inbound.id, activeSessionId);
    inbound.chatSessionId = activeSessionId;
  }
  if (decision.chat === 'end' && activeSessionId) {
    const endedBy = context.endedBy ?? 'user';
    await endChatSession(tx, activeSessionId, { endedBy, agentId: context.agentId, closingMessage: context.closingMessage });
    events.add(chatEnded(conversation, activeSessionId, endedBy));
    activeSessionId = null;
  }

  if (inbound) events.add(messageCreated(conversation, inbound, null));
  const note = chatNote(conversation, decision.chat, context);
  if (note && replySessionId) events.add(messageCreated(conversation, await insertSystemNote(tx, conversation.id, replySessionId, note), null));
  const replies = await insertOutboundMessages(tx, decision.replies.map((reply, i) => {
    const quote = i === 0 ? context.quote : undefined;
    return {
      conversationId: conversation.id,
      chatSessionId: replySessionId,
      sender: context.replySender,
      agentId: context.agentId,
      message: quote?.wamid ? { ...reply, replyTo: quote.wamid } : reply,
      text: decision.replies.length === 1 ? context.replyText : undefined,
      quote: quote?.message ?? null,
    };
  }));
  for (const row of replies) events.add(messageCreated(conversation, row, context.agentName ?? null));
  if (replies.length > 0) events.outbox = true;

  await updateConversation(tx, conversation.id, {
    state: decision.state,
    stateData: decision.stateData,
    ...(decision.registeredName !== undefined ? { registeredName: decision.registeredName } : {}),
    activeChatSessionId: activeSessionId,
    ...(inbound ? { inboundAt: inbound.sentAt ?? new Date(), unreadDelta: activeSessionId ? 1 : 0 } : {}),
    ...(context.resetUnread ? { resetUnread: true } : {}),
  });
  // An answer to the rating question is not a new request: a resolved conversation stays resolved.
  const status = nextStatus(conversation.status, { chat: decision.chat, inbound: inbound !== undefined && !decision.survey, active: activeSessionId !== null });
  await applyStatus(tx, conversation, status, events, { actor: inbound ? null : { id: context.agentId ?? null, name: context.agentName } });
  return { replies, activeChatSessionId: activeSessionId };
}

/** What the history says when a chat starts or ends, naming who did it. */
function chatNote(conversation: ConversationRow, chat: Decision['chat'], context: DecisionContext): string | null {
  const user = conversation.registeredName ?? conversation.profileName ?? conversation.phoneNumber ?? 'The user';
  const agent = context.agentName ?? 'An agent';
  if (chat === 'start') return (context.startedBy ?? 'user') === 'agent' ? `${agent} started a support chat` : `${user} asked for support`;
  if (chat === 'end') return (context.endedBy ?? 'user') === 'agent' ? `${agent} ended the chat` : `${user} ended the chat`;
  return null;
}
