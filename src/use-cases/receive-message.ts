import { TransactionRollbackError } from 'drizzle-orm';
import { handleIncoming } from '../bot/machine.js';
import { messageStatus, messageUpdated } from '../events/payloads.js';
import { lockConversationForContact, snapshotOf, updateConversation } from '../store/conversations.js';
import { agentNameOf, applyReaction, applyStatuses, insertInboundMessage, queueReadReceipt } from '../store/messages.js';
import { inTransaction } from '../store/unit-of-work.js';
import type { InboundMessage, InboundStatus } from '../whatsapp/types.js';
import type { UseCaseDeps } from './deps.js';
import { recordDecision } from './record-decision.js';

/**
 * A user's message arrived: it is stored, marked read, and answered by the bot (or joins the support
 * chat) in one transaction, with the contact's conversation row locked so that two messages of one
 * contact are handled one at a time. Returns false when its wamid is already stored (a redelivery):
 * nothing is written then.
 */
export async function receiveMessage(deps: UseCaseDeps, message: InboundMessage): Promise<boolean> {
  return inTransaction(deps.db, deps.bus, async (tx, events) => {
    const conversation = await lockConversationForContact(tx, message.contact);
    const inbound = await insertInboundMessage(tx, conversation.id, message, null);
    // Rolled back, not committed: the same wamid from another sender would otherwise leave that sender
    // an empty conversation (found by the fuzz suite).
    if (!inbound) return tx.rollback();
    if (message.contact.profileName && message.contact.profileName !== conversation.profileName) {
      await updateConversation(tx, conversation.id, { profileName: message.contact.profileName });
      conversation.profileName = message.contact.profileName;
    }
    if (message.reaction) {
      const target = await applyReaction(tx, conversation.id, message.reaction.messageId, { emoji: message.reaction.emoji, sender: 'user', at: message.timestamp });
      if (target) events.add(messageUpdated(conversation, target, await agentNameOf(tx, target)));
    }
    const decision = handleIncoming(snapshotOf(conversation), message, deps.content);
    // Blue ticks mean someone read it: the bot reads at once; in a live chat the agent does, on opening it.
    if (decision.chat !== 'message') {
      await queueReadReceipt(tx, conversation.id, inbound.id);
      events.outbox = true;
    }
    // Its attachment is fetched by a job, after this commit: the webhook's 200 never waits for the CDN.
    if (inbound.media) events.jobs = true;
    await recordDecision(tx, conversation, decision, { inbound, replySender: 'bot', endedBy: 'user' }, events);
    return true;
  }).catch((err: unknown) => {
    if (err instanceof TransactionRollbackError) return false;
    throw err;
  });
}

/**
 * WhatsApp reported a delivery status (sent, delivered, read, failed) for one of our messages. Returns
 * false when nothing moved: an older status, or a wamid not stored yet (kept and applied when it is).
 */
export async function recordDeliveryStatus(deps: Pick<UseCaseDeps, 'db' | 'bus'>, status: InboundStatus): Promise<boolean> {
  const [moved] = await recordDeliveryStatuses(deps, [status]);
  return moved!;
}

/**
 * `recordDeliveryStatus` for many callbacks in one transaction (see `applyStatuses`); returns, for each
 * callback, whether it moved its message. The group commit of status webhooks calls it.
 */
export async function recordDeliveryStatuses(deps: Pick<UseCaseDeps, 'db' | 'bus'>, statuses: readonly InboundStatus[]): Promise<boolean[]> {
  return inTransaction(deps.db, deps.bus, async (tx, events) => {
    const applied = await applyStatuses(tx, statuses);
    for (const change of applied.changes) events.add(messageStatus(change));
    return statuses.map((status) => applied.moved(status));
  });
}
