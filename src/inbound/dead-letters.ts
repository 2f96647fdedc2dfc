import type { Executor } from '../db/client.js';
import { DomainError } from '../domain-error.js';
import { parseWebhook } from '../whatsapp/webhook-parser.js';
import { findDeadLetter, recordReplay, selectDeadLetters, type DeadLetterRow, type Failure } from './dead-letter-store.js';
import { processWebhook, type InboundDeps, type InboundResult } from './process.js';

/**
 * Dead letters for admins (the API and the CLI): list them, and replay one through the normal pipeline
 * once whatever made it fail has been fixed.
 */

export interface DeadLetterView {
  id: number;
  kind: 'message' | 'status';
  reason: string;
  received_at: string;
  replayed_at: string | null;
  attempts: number;
  /** The change value narrowed to the item, as received. */
  raw: unknown;
}

export interface DeadLetterPage {
  dead_letters: DeadLetterView[];
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  next_cursor: string | null;
}

export function deadLetterView(row: DeadLetterRow): DeadLetterView {
  return {
    id: row.id,
    kind: row.kind,
    reason: row.reason,
    received_at: row.receivedAt.toISOString(),
    replayed_at: row.replayedAt?.toISOString() ?? null,
    attempts: row.attempts,
    raw: row.raw,
  };
}

/** Newest first. The cursor is the id of the last dead letter of the previous page. */
export async function listDeadLetters(db: Executor, page: { limit: number; cursor?: string }): Promise<DeadLetterPage> {
  if (page.cursor !== undefined && !/^[1-9]\d{0,15}$/.test(page.cursor)) {
    throw new DomainError('INVALID_CURSOR', 'The cursor is not one this API gave out.');
  }
  const rows = await selectDeadLetters(db, { limit: page.limit + 1, beforeId: page.cursor === undefined ? undefined : Number(page.cursor) });
  const shown = rows.slice(0, page.limit);
  return { dead_letters: shown.map(deadLetterView), next_cursor: rows.length > page.limit ? String(shown.at(-1)!.id) : null };
}

export interface ReplayOutcome {
  dead_letter: DeadLetterView;
  result: InboundResult;
}

/** Thrown inside a replay to stop at the first failure instead of keeping a new dead letter. */
class ReplayFailed extends Error {
  constructor(readonly failure: Failure) {
    super(failure.reason);
  }
}

/**
 * Runs a dead letter through the normal pipeline again. Success marks it replayed; a new failure keeps it
 * with the new reason and throws `422 REPLAY_FAILED`. Unknown ids are `404 NOT_FOUND`, one already
 * replayed `409 ALREADY_REPLAYED`. A database that cannot be reached throws as is.
 */
export async function replayDeadLetter(deps: InboundDeps, id: number): Promise<ReplayOutcome> {
  const row = await findDeadLetter(deps.db, id);
  if (!row) throw new DomainError('DEAD_LETTER_NOT_FOUND', `No dead letter ${id}.`);
  if (row.replayedAt) throw alreadyReplayed(id);
  // The stored value is one change of a webhook: wrapped back into an envelope, it parses as it first did.
  const parsed = parseWebhook({ object: 'whatsapp_business_account', entry: [{ changes: [{ field: 'messages', value: row.raw }] }] });
  let result: InboundResult;
  try {
    result = await processWebhook(deps, parsed, async (item) => {
      throw new ReplayFailed(item);
    });
  } catch (err) {
    if (!(err instanceof ReplayFailed)) throw err;
    await recordReplay(deps.db, id, err.failure);
    deps.log.warn({ deadLetterId: id, reason: err.failure.logReason }, 'dead letter failed again on replay');
    throw new DomainError('REPLAY_FAILED', `Dead letter ${id} could not be processed again: ${err.failure.reason}`);
  }
  const replayed = await recordReplay(deps.db, id, null);
  if (!replayed) throw alreadyReplayed(id);
  deps.log.info({ deadLetterId: id }, 'dead letter replayed');
  return { dead_letter: deadLetterView(replayed), result };
}

function alreadyReplayed(id: number): DomainError {
  return new DomainError('ALREADY_REPLAYED', `Dead letter ${id} has already been replayed.`);
}
