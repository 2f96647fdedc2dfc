import { isDatabaseUnavailable } from '../db/connection-errors.js';
import { GroupCommit } from '../db/group-commit.js';
import type { UseCaseDeps } from '../use-cases/deps.js';
import { receiveMessage, receiveMessages } from '../use-cases/receive-message.js';
import type { InboundMessage } from '../whatsapp/types.js';
import { failureOf, type Failure } from './dead-letter-store.js';

/** What became of one message: stored and answered (true), a redelivery (false), or failed. */
export type MessageOutcome = boolean | Failure;

/**
 * The messages of concurrent webhooks, written together (see `GroupCommit` and `receiveMessages`): one
 * transaction for the messages that arrived meanwhile, each in its own savepoint. A message the database
 * refuses comes back as a `Failure` (kept as a dead letter by the caller); the others of its batch land.
 * A batch holds the row locks of its conversations until it commits, so it is kept small.
 */
export type MessageGroupCommit = GroupCommit<InboundMessage, MessageOutcome>;

const MAX_MESSAGES_PER_COMMIT = 64;

export function messageGroupCommit(deps: UseCaseDeps): MessageGroupCommit {
  return new GroupCommit<InboundMessage, MessageOutcome>(
    async (messages) => (await receiveMessages(deps, messages)).map((outcome) => (typeof outcome === 'boolean' ? outcome : failureOf(outcome.error))),
    async (message) => {
      try {
        return await receiveMessage(deps, message);
      } catch (err) {
        if (isDatabaseUnavailable(err)) throw err;
        return failureOf(err);
      }
    },
    MAX_MESSAGES_PER_COMMIT,
  );
}
