import type { FastifyBaseLogger } from 'fastify';
import { handleIncoming } from '../bot/machine.js';
import type { BotContent } from '../bot/content.js';
import type { Db } from '../db/client.js';
import type { EventBus } from '../events/bus.js';
import { applyDecision } from '../support/apply-decision.js';
import { lockConversationForContact, snapshotOf, updateConversation } from '../store/conversations.js';
import { applyStatus, insertInboundMessage, queueReadReceipt } from '../store/messages.js';
import { inTransaction } from '../store/unit-of-work.js';
import type { InboundMessage, InboundStatus, ParsedWebhook } from '../whatsapp/types.js';

export interface InboundDeps {
  db: Db;
  bus: EventBus;
  content: BotContent;
  /** Only messages to this business number are ours; a WABA's other numbers are ignored. */
  phoneNumberId: string;
  log: FastifyBaseLogger;
}

export interface InboundResult {
  processed: number;
  duplicates: number;
  ignored: number;
  statuses: number;
}

/**
 * Handles everything one webhook POST carries, in order. Each message is its own transaction (the
 * contact's conversation row is locked inside it); the caller answers 200 only after this resolves, so
 * a failure makes WhatsApp redeliver, and the wamid makes the redelivery harmless.
 */
export async function processWebhook(deps: InboundDeps, parsed: ParsedWebhook): Promise<InboundResult> {
  const result: InboundResult = { processed: 0, duplicates: 0, ignored: 0, statuses: 0 };
  for (const message of parsed.messages) {
    if (message.phoneNumberId !== null && message.phoneNumberId !== deps.phoneNumberId) {
      deps.log.warn({ phoneNumberId: message.phoneNumberId }, 'message for another business number ignored');
      result.ignored += 1;
      continue;
    }
    if (await processMessage(deps, message)) result.processed += 1;
    else result.duplicates += 1;
  }
  for (const status of parsed.statuses) {
    if (await processStatus(deps, status)) result.statuses += 1;
  }
  for (const error of parsed.errors) deps.log.error({ whatsappError: error }, 'WhatsApp reported an error in a webhook');
  return result;
}

async function processMessage(deps: InboundDeps, message: InboundMessage): Promise<boolean> {
  return inTransaction(deps.db, deps.bus, async (tx, events) => {
    const conversation = await lockConversationForContact(tx, message.contact);
    const inbound = await insertInboundMessage(tx, conversation.id, message, null);
    if (!inbound) return false;
    if (message.contact.profileName && message.contact.profileName !== conversation.profileName) {
      await updateConversation(tx, conversation.id, { profileName: message.contact.profileName });
      conversation.profileName = message.contact.profileName;
    }
    await queueReadReceipt(tx, conversation.id, inbound.id);
    events.outbox = true;
    // Reactions and system notices are not things to answer; they are kept in the history only.
    const decision = ignoredByBot(message)
      ? { chat: conversation.activeChatSessionId ? ('message' as const) : null, replies: [], stateData: conversation.stateData }
      : handleIncoming(snapshotOf(conversation), message, deps.content);
    await applyDecision(tx, conversation, decision, { inbound, replySender: 'bot', endedBy: 'user' }, events);
    return true;
  });
}

function ignoredByBot(message: InboundMessage): boolean {
  return message.type === 'reaction' || message.type === 'system';
}

async function processStatus(deps: InboundDeps, status: InboundStatus): Promise<boolean> {
  return inTransaction(deps.db, deps.bus, async (tx, events) => {
    const change = await applyStatus(tx, status);
    if (!change) return false;
    events.add('message.status', change);
    return true;
  });
}
