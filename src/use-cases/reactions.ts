import { DomainError } from '../domain-error.js';
import { messageCreated, messageUpdated } from '../events/payloads.js';
import { agentNameOf, applyReaction, findQuotable, insertOutboundMessage } from '../store/messages.js';
import type { MessageRow } from '../db/schema.js';
import { isOneEmoji } from '../whatsapp/payload-rules.js';
import { clockOf, withActiveChat, type AgentRef, type UseCaseDeps } from './deps.js';
import { requireOpenWindow } from './message-window.js';

/**
 * An agent reacts to a message of the open chat (an empty emoji removes their reaction). The reaction
 * goes out through the outbox like any message, and shows on the message at once.
 */
export async function reactToMessage(deps: UseCaseDeps, contact: string, messageId: number, emoji: string, agent: AgentRef = { id: null }): Promise<MessageRow> {
  if (emoji !== '' && !isOneEmoji(emoji)) throw new DomainError('INVALID_EMOJI', 'A reaction is one emoji (or empty, to remove yours).');
  return withActiveChat(deps, contact, async (tx, conversation, events) => {
    const now = clockOf(deps);
    requireOpenWindow(conversation.lastInboundAt, now);
    const target = await findQuotable(tx, conversation.id, messageId);
    if (!target || target.direction === 'internal') throw new DomainError('MESSAGE_NOT_FOUND', `No message ${messageId} in this conversation to react to.`);
    if (target.wamid === null) throw new DomainError('NOT_REACTABLE', 'This message has not reached WhatsApp yet; react once it is sent.');
    const reaction = await insertOutboundMessage(tx, {
      conversationId: conversation.id, chatSessionId: conversation.activeChatSessionId, sender: 'agent', agentId: agent.id,
      message: { kind: 'reaction', messageWamid: target.wamid, emoji }, quote: target.quote,
    });
    events.add(messageCreated(conversation, reaction, agent.name ?? null));
    events.outbox = true;
    const updated = await applyReaction(tx, conversation.id, target.wamid, { emoji: emoji || null, sender: 'agent', at: now });
    if (!updated) throw new Error(`message ${messageId} vanished`);
    events.add(messageUpdated(conversation, updated, await agentNameOf(tx, updated)));
    return updated;
  });
}
