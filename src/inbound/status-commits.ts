import { isDatabaseUnavailable } from '../db/connection-errors.js';
import { GroupCommit } from '../db/group-commit.js';
import type { UseCaseDeps } from '../use-cases/deps.js';
import { recordDeliveryStatus, recordDeliveryStatuses } from '../use-cases/receive-message.js';
import type { InboundStatus } from '../whatsapp/types.js';
import { failureOf, type Failure } from './dead-letter-store.js';

/** What became of one status callback: moved its message (true), changed nothing (false), or failed. */
export type StatusOutcome = boolean | Failure;

/**
 * Status callbacks of concurrent webhooks, written together (see `GroupCommit`): measured with 50
 * connections, 0.04 transactions and 0.2–0.3 statements per status webhook instead of 1 and 5. A callback
 * the database refuses comes back as a `Failure` (kept as a dead letter by the caller); the others of its
 * batch land.
 */
export type StatusGroupCommit = GroupCommit<InboundStatus, StatusOutcome>;

export function statusGroupCommit(deps: Pick<UseCaseDeps, 'db' | 'bus'>): StatusGroupCommit {
  return new GroupCommit<InboundStatus, StatusOutcome>(
    (statuses) => recordDeliveryStatuses(deps, statuses),
    async (status) => {
      try {
        return await recordDeliveryStatus(deps, status);
      } catch (err) {
        if (isDatabaseUnavailable(err)) throw err;
        return failureOf(err);
      }
    },
  );
}
