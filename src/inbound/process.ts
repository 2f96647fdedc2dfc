import type { Logger } from '../logger.js';
import type { UseCaseDeps } from '../use-cases/deps.js';
import type { InboundMessage, ParsedWebhook } from '../whatsapp/types.js';
import { keepDeadLetter, type NewDeadLetter } from './dead-letter-store.js';
import { receiveOne, type MessageGroupCommit, type MessageOutcome } from './message-commits.js';
import { statusGroupCommit, type StatusGroupCommit } from './status-commits.js';

export interface InboundDeps extends UseCaseDeps {
  /** Only messages to this business number are ours; a WABA's other numbers are ignored. */
  phoneNumberId: string;
  log: Logger;
  /**
   * Messages of concurrent webhooks written together (one per app, on PGlite); without it each message is
   * its own transaction, run in parallel with those of other webhooks (PostgreSQL: see app.ts).
   */
  messageCommits?: MessageGroupCommit;
  /** Status callbacks of concurrent webhooks written together (one per app); without it, a webhook's own are. */
  statusCommits?: StatusGroupCommit;
}

export interface InboundResult {
  processed: number;
  duplicates: number;
  ignored: number;
  statuses: number;
  /** Items that could not be processed, kept as dead letters. */
  deadLettered: number;
}

/** What to do with an item that cannot be processed. */
export type PoisonHandler = (item: NewDeadLetter) => Promise<void>;

/**
 * Handles everything one webhook POST carries, in order. Messages are written together with those of
 * concurrent webhooks (`MessageGroupCommit`: one transaction, each message in a savepoint of its own with
 * its contact's conversation row locked), so one that fails rolls back alone: it is kept as a dead letter
 * (`onPoison`) and the rest of the POST goes on. Status callbacks likewise (`StatusGroupCommit`), one by
 * one again when such a batch fails. Only a database that cannot be reached throws: the caller answers 200
 * only after this resolves, so Meta then redelivers, and the wamid makes the redelivery harmless.
 */
export async function processWebhook(
  deps: InboundDeps,
  parsed: ParsedWebhook,
  onPoison: PoisonHandler = (item) => keepAsDeadLetter(deps, item),
): Promise<InboundResult> {
  const result: InboundResult = { processed: 0, duplicates: 0, ignored: 0, statuses: 0, deadLettered: 0 };
  const poison = async (item: NewDeadLetter) => {
    await onPoison(item);
    result.deadLettered += 1;
  };
  const messages = parsed.messages.filter((message) => {
    if (!forAnotherNumber(deps, message.phoneNumberId)) return true;
    result.ignored += 1;
    return false;
  });
  const messageOutcomes = deps.messageCommits ? await deps.messageCommits.write(messages) : await eachOnItsOwn(deps, messages);
  for (const [i, outcome] of messageOutcomes.entries()) {
    if (outcome === true) result.processed += 1;
    else if (outcome === false) result.duplicates += 1;
    else await poison({ kind: 'message', source: messages[i]!.source, ...outcome });
  }
  const statusOutcomes = await (deps.statusCommits ?? statusGroupCommit(deps)).write(parsed.statuses);
  for (const [i, outcome] of statusOutcomes.entries()) {
    if (outcome === true) result.statuses += 1;
    else if (outcome !== false) await poison({ kind: 'status', source: parsed.statuses[i]!.source, ...outcome });
  }
  for (const item of parsed.unprocessable) {
    if (forAnotherNumber(deps, item.phoneNumberId)) result.ignored += 1;
    else await poison({ kind: item.kind, source: item.source, reason: item.reason, logReason: item.reason });
  }
  for (const error of parsed.errors) deps.log.error({ whatsappError: error }, 'WhatsApp reported an error in a webhook');
  return result;
}

/** One transaction per message, one after the other (a webhook's messages keep their order). */
async function eachOnItsOwn(deps: InboundDeps, messages: readonly InboundMessage[]): Promise<MessageOutcome[]> {
  const outcomes: MessageOutcome[] = [];
  for (const message of messages) outcomes.push(await receiveOne(deps, message));
  return outcomes;
}

function forAnotherNumber(deps: InboundDeps, phoneNumberId: string | null): boolean {
  if (phoneNumberId === null || phoneNumberId === deps.phoneNumberId) return false;
  deps.log.warn({ phoneNumberId }, 'webhook item for another business number ignored');
  return true;
}

/** One log line per dead letter, with nothing of the item in it (no text, no phone number). */
async function keepAsDeadLetter(deps: InboundDeps, item: NewDeadLetter): Promise<void> {
  const { id, isNew } = await keepDeadLetter(deps.db, item);
  const line = { deadLetterId: id, kind: item.kind, reason: item.logReason };
  if (isNew) deps.log.warn(line, 'webhook item kept as a dead letter');
  else deps.log.debug(line, 'webhook item already kept as a dead letter');
}
