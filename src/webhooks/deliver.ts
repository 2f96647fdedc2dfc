import type { Db } from '../db/client.js';
import { JobFailure, type JobHandler, type JobPolicy } from '../jobs/runner.js';
import type { JobRow } from '../jobs/queue.js';
import type { Logger } from '../logger.js';
import { postJson, SEND_DEFAULTS, type SendOptions } from './send.js';
import { signDelivery } from './signature.js';
import { closeDelivery, disableWebhook, findDelivery, recordAttempt } from './store.js';
import { RefusedTarget, resolveTarget, type Target } from './targets.js';

export interface DeliverDeps {
  db: Db;
  log: Logger;
  /** WEBHOOKS_ALLOW_PRIVATE_TARGETS. */
  allowPrivateTargets: boolean;
  send?: SendOptions;
  now?: () => Date;
}

/**
 * Retries of one delivery: 5 s, 10 s, 20 s … up to an hour apart (with jitter), twelve attempts — a
 * receiver that fails every one of them for about two hours gets its webhook disabled.
 */
export const WEBHOOK_RETRY_POLICY: JobPolicy = { baseMs: 5_000, maxMs: 60 * 60_000, maxAttempts: 12 };

/**
 * The `webhook.deliver` job: one attempt at one delivery. The destination is checked again (DNS may have
 * changed since the webhook was saved) and the connection pinned to the checked address; the body is the
 * one stored at fan-out, signed afresh with the current time. A failure is retried by the job runner with
 * back-off; the delivery that uses up its attempts disables its webhook, with the reason, for an admin to
 * see and turn back on. Logs name the webhook and the delivery, never the URL (it may hold a token), the
 * secret or the body (it holds what users wrote).
 */
export function deliverWebhooks(deps: DeliverDeps): JobHandler {
  const { db, log } = deps;
  const now = deps.now ?? (() => new Date());

  return {
    async run(job: JobRow) {
      const found = await findDelivery(db, job.subjectId);
      // Deleted with its webhook, or finished already (a job run twice after a lost lease).
      if (!found || found.delivery.status !== 'pending') return;
      const { delivery, webhook } = found;
      if (webhook.disabledAt) {
        await closeDelivery(db, delivery.id, 'cancelled', 'The webhook was disabled before this delivery went out.');
        return;
      }
      let target: Target;
      try {
        target = await resolveTarget(webhook.url, deps.allowPrivateTargets);
      } catch (err) {
        if (!(err instanceof RefusedTarget)) throw err;
        await recordAttempt(db, delivery, { delivered: false, responseStatus: null, error: err.message });
        throw new JobFailure(err.message, err.temporary);
      }
      const signature = signDelivery(delivery.body, webhook.secret, Math.floor(now().getTime() / 1000));
      const result = await postJson(target, delivery.body, {
        'x-wadesk-event': delivery.event,
        'x-wadesk-delivery': delivery.id,
        'x-wadesk-signature': signature,
      }, deps.send ?? SEND_DEFAULTS);
      await recordAttempt(db, delivery, { delivered: result.ok, responseStatus: result.status, error: result.ok ? null : result.error });
      if (!result.ok) throw new JobFailure(result.error, true);
    },

    async giveUp(job: JobRow, reason: string) {
      const found = await findDelivery(db, job.subjectId);
      if (!found) return;
      const { delivery, webhook } = found;
      await closeDelivery(db, delivery.id, 'failed', reason);
      if (await disableWebhook(db, webhook.id, `A delivery (${delivery.event}) could not be made: ${reason}`)) {
        log.warn({ webhookId: webhook.id, deliveryId: delivery.id, event: delivery.event, attempts: job.attempts }, 'webhook disabled after repeated failures');
      }
    },
  };
}
