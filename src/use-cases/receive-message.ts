import { TransactionRollbackError } from 'drizzle-orm';
import { phraseOpening } from '../bot/away.js';
import { handleIncoming } from '../bot/machine.js';
import type { Tx } from '../db/client.js';
import { isDatabaseUnavailable, isTransientFailure } from '../db/connection-errors.js';
import { EventBatch } from '../events/bus.js';
import { messageCreated, messageUpdated } from '../events/payloads.js';
import { lockConversationForContact, snapshotOf, updateConversation } from '../store/conversations.js';
import { agentNameOf, applyReaction, insertInboundMessage, insertSystemNote, queueReadReceipt, statusBatch } from '../store/messages.js';
import { inTransaction } from '../store/unit-of-work.js';
import { writeWithEvents } from '../events/log.js';
import type { InboundMessage, InboundStatus } from '../whatsapp/types.js';
import { clockOf, type UseCaseDeps } from './deps.js';
import { awayNow, readBusinessHours } from './business-hours.js';
import { carryOutRating, prepareRating, recordRatingAnswer } from './csat.js';
import { recordDecision } from './record-decision.js';

/**
 * A user's message arrived: it is stored, marked read, and answered by the bot (or joins the support
 * chat) in one transaction, with the contact's conversation row locked so that two messages of one
 * contact are handled one at a time. Returns false when its wamid is already stored (a redelivery):
 * nothing is written then.
 */
export async function receiveMessage(deps: UseCaseDeps, message: InboundMessage): Promise<boolean> {
  return inTransaction(deps.db, deps.bus, async (tx, events) => {
    // Rolled back, not committed: the same wamid from another sender would otherwise leave that sender
    // an empty conversation (found by the fuzz suite).
    if (!(await storeAndAnswer(deps, tx, events, message))) return tx.rollback();
    return true;
  }).catch((err: unknown) => {
    if (err instanceof TransactionRollbackError) return false;
    throw err;
  });
}

/** What became of one message of `receiveMessages`: stored (true), a redelivery (false), or its error. */
export type ReceiveOutcome = boolean | { error: unknown };

const REDELIVERY = Symbol('redelivery');

/**
 * `receiveMessage` for the messages of concurrent webhooks, in one transaction: each message in a
 * savepoint of its own, so that one that fails (returned as `{ error }`) or turns out to be a redelivery
 * is rolled back alone and the others land. Messages of one contact keep their order; contacts are taken
 * in the order of their keys, so that two instances' batches lock conversation rows in the same order.
 * Throws — and nothing of the batch is committed — when the database is unreachable or a failure is of
 * the moment (a deadlock…): the caller then runs each message again on its own.
 */
export async function receiveMessages(deps: UseCaseDeps, messages: readonly InboundMessage[]): Promise<ReceiveOutcome[]> {
  // Alone (the usual case below a few hundred messages a second): its own transaction is its savepoint,
  // two statements fewer.
  if (messages.length === 1) {
    try {
      return [await receiveMessage(deps, messages[0]!)];
    } catch (err) {
      if (isDatabaseUnavailable(err) || isTransientFailure(err)) throw err;
      return [{ error: err }];
    }
  }
  const order = messages.map((_, i) => i).sort((a, b) => {
    const [ka, kb] = [messages[a]!.contact.key, messages[b]!.contact.key];
    return ka < kb ? -1 : ka > kb ? 1 : a - b;
  });
  return inTransaction(deps.db, deps.bus, async (tx, events) => {
    const outcomes: ReceiveOutcome[] = new Array<ReceiveOutcome>(messages.length);
    for (const i of order) {
      const own = new EventBatch();
      try {
        await tx.transaction(async (savepoint) => {
          if (!(await storeAndAnswer(deps, savepoint, own, messages[i]!))) throw REDELIVERY;
        });
        events.merge(own);
        outcomes[i] = true;
      } catch (err) {
        if (err === REDELIVERY) outcomes[i] = false;
        else if (isDatabaseUnavailable(err) || isTransientFailure(err)) throw err;
        else outcomes[i] = { error: err };
      }
    }
    return outcomes;
  });
}

/** Stores one message and what the bot makes of it; false (nothing to keep) when its wamid is stored already. */
async function storeAndAnswer(deps: UseCaseDeps, tx: Tx, events: EventBatch, message: InboundMessage): Promise<boolean> {
  const conversation = await lockConversationForContact(tx, message.contact);
  const inbound = await insertInboundMessage(tx, conversation.id, message, null);
  if (!inbound) return false;
  if (message.contact.profileName && message.contact.profileName !== conversation.profileName) {
    await updateConversation(tx, conversation.id, { profileName: message.contact.profileName });
    conversation.profileName = message.contact.profileName;
  }
  if (message.reaction) {
    const target = await applyReaction(tx, conversation.id, message.reaction.messageId, { emoji: message.reaction.emoji, sender: 'user', at: message.timestamp });
    if (target) events.add(messageUpdated(conversation, target, await agentNameOf(tx, target)));
  }
  const content = deps.content.for(conversation);
  const languages = deps.content.languages();
  let decision = handleIncoming(snapshotOf(conversation), message, content, { languages });
  // A chat starting outside business hours: decided again, knowing the team is away (the hours are read
  // only when a chat starts).
  // The same for the acknowledgement in a chat nobody has answered yet.
  const acknowledged = decision.chat === 'message' && decision.replies.length > 0 && !conversation.stateData?.answered;
  const away = decision.chat === 'start' || acknowledged ? awayNow(await readBusinessHours(tx), clockOf(deps)) : null;
  if (away) decision = handleIncoming(snapshotOf(conversation), message, content, { languages, away });
  if (decision.language !== undefined) {
    await updateConversation(tx, conversation.id, { language: decision.language });
    conversation.language = decision.language;
  }
  const ending = decision.chat === 'end' ? conversation.activeChatSessionId : null;
  // The user wrote just now, so the window is open: the rating question can go as a list.
  const rating = ending ? await prepareRating(tx, decision, ending, true) : null;
  if (rating) decision = rating.decision;
  // Blue ticks mean someone read it: the bot reads at once; in a live chat the agent does, on opening it.
  if (decision.chat !== 'message') {
    await queueReadReceipt(tx, conversation.id, inbound.id);
    events.outbox = true;
  }
  // Its attachment is fetched by a job, after this commit: the webhook's 200 never waits for the CDN.
  if (inbound.media) events.jobs = true;
  const { activeChatSessionId } = await recordDecision(tx, conversation, decision, { inbound, replySender: 'bot', endedBy: 'user' }, events);
  if (away && activeChatSessionId) {
    const note = `Outside business hours: the user was told the team is back ${phraseOpening(away.next, content)}.`;
    events.add(messageCreated(conversation, await insertSystemNote(tx, conversation.id, activeChatSessionId, note), null));
  }
  if (ending && rating) await carryOutRating(tx, conversation, ending, rating.plan, content, events);
  if (decision.csat) await recordRatingAnswer(tx, conversation, decision.csat, events);
  return true;
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
 * `recordDeliveryStatus` for many callbacks at once (see `statusBatch`); returns, for each callback,
 * whether it moved its message. The group commit of status webhooks calls it. One statement — the
 * callbacks kept, the messages moved, their events logged (`writeWithEvents`) — so no transaction around
 * it: a status webhook is most of what a busy number receives (a reply brings sent, delivered and read),
 * and BEGIN, the append and COMMIT were three of its four round trips.
 */
export async function recordDeliveryStatuses(deps: Pick<UseCaseDeps, 'db' | 'bus'>, statuses: readonly InboundStatus[]): Promise<boolean[]> {
  if (statuses.length === 0) return [];
  const batch = statusBatch(statuses);
  const { stored, keys } = await writeWithEvents(deps.db, batch.prelude, batch.events, deps.bus.sharedLog);
  deps.bus.committed(stored);
  const moved = batch.moved(new Set(keys));
  return statuses.map((status) => moved(status));
}
