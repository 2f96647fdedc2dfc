import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import type { DeliveryItem, WebhookItem } from '../contract/webhooks.js';
import type { Executor } from '../db/client.js';
import { jobs, webhookDeliveries, webhooks, type WebhookRow } from '../db/schema.js';
import { DomainError } from '../domain-error.js';

/** Webhooks and their deliveries: the queries, and the views the API shows. */

export type DeliveryRow = typeof webhookDeliveries.$inferSelect;

export function webhookView(row: WebhookRow): WebhookItem {
  return {
    id: row.id,
    url: row.url,
    events: row.events,
    enabled: row.disabledAt === null,
    disabled_at: row.disabledAt?.toISOString() ?? null,
    disabled_reason: row.disabledReason,
    consecutive_failures: row.consecutiveFailures,
    created_at: row.createdAt.toISOString(),
  };
}

export function listWebhooks(db: Executor): Promise<WebhookRow[]> {
  return db.select().from(webhooks).orderBy(asc(webhooks.createdAt));
}

export async function getWebhook(db: Executor, id: string): Promise<WebhookRow> {
  const [row] = await db.select().from(webhooks).where(eq(webhooks.id, id));
  if (!row) throw new DomainError('WEBHOOK_NOT_FOUND', 'No such webhook.');
  return row;
}

/** The webhooks that take deliveries now. */
export function enabledWebhooks(db: Executor): Promise<Array<Pick<WebhookRow, 'id' | 'events' | 'createdAt'>>> {
  return db.select({ id: webhooks.id, events: webhooks.events, createdAt: webhooks.createdAt }).from(webhooks).where(isNull(webhooks.disabledAt));
}

export async function anyEnabledWebhook(db: Executor): Promise<boolean> {
  const rows = await db.select({ id: webhooks.id }).from(webhooks).where(isNull(webhooks.disabledAt)).limit(1);
  return rows.length > 0;
}

export async function insertWebhook(db: Executor, values: { url: string; events: string[]; secret: string; createdBy: string | null }): Promise<WebhookRow> {
  const [row] = await db.insert(webhooks).values(values).returning();
  return row!;
}

export async function updateWebhook(
  db: Executor,
  id: string,
  change: { url?: string; events?: string[]; enabled?: boolean },
): Promise<WebhookRow> {
  const [row] = await db
    .update(webhooks)
    .set({
      ...(change.url !== undefined ? { url: change.url } : {}),
      ...(change.events !== undefined ? { events: change.events } : {}),
      // Enabling starts afresh: no reason, no count of failures.
      ...(change.enabled === true ? { disabledAt: null, disabledReason: null, consecutiveFailures: 0 } : {}),
      ...(change.enabled === false ? { disabledAt: sql`coalesce(${webhooks.disabledAt}, now())`, disabledReason: sql`coalesce(${webhooks.disabledReason}, 'Disabled by an admin.')` } : {}),
    })
    .where(eq(webhooks.id, id))
    .returning();
  if (!row) throw new DomainError('WEBHOOK_NOT_FOUND', 'No such webhook.');
  return row;
}

export async function deleteWebhook(db: Executor, id: string): Promise<void> {
  const [row] = await db.delete(webhooks).where(eq(webhooks.id, id)).returning({ id: webhooks.id });
  if (!row) throw new DomainError('WEBHOOK_NOT_FOUND', 'No such webhook.');
}

/** Disables an enabled webhook with a reason; false when it already was disabled (or is gone). */
export async function disableWebhook(db: Executor, id: string, reason: string): Promise<boolean> {
  const rows = await db
    .update(webhooks)
    .set({ disabledAt: sql`now()`, disabledReason: reason })
    .where(and(eq(webhooks.id, id), isNull(webhooks.disabledAt)))
    .returning({ id: webhooks.id });
  return rows.length > 0;
}

/** Deliveries to queue, each with its `webhook.deliver` job, in the caller's transaction; returns the new ones' ids. */
export async function queueDeliveries(tx: Executor, deliveries: Array<{ webhookId: string; eventId: number | null; event: string; body: string }>): Promise<string[]> {
  if (deliveries.length === 0) return [];
  // An event already fanned out to a webhook (a pass that ran twice) is skipped by the unique index.
  const rows = await tx.insert(webhookDeliveries).values(deliveries).onConflictDoNothing().returning({ id: webhookDeliveries.id });
  if (rows.length > 0) await tx.insert(jobs).values(rows.map((row) => ({ kind: 'webhook.deliver' as const, subjectId: row.id })));
  return rows.map((row) => row.id);
}

export async function findDelivery(db: Executor, id: string): Promise<{ delivery: DeliveryRow; webhook: WebhookRow } | null> {
  const [row] = await db
    .select({ delivery: webhookDeliveries, webhook: webhooks })
    .from(webhookDeliveries)
    .innerJoin(webhooks, eq(webhooks.id, webhookDeliveries.webhookId))
    .where(eq(webhookDeliveries.id, id));
  return row ?? null;
}

/** One attempt's outcome on the delivery, and on its webhook's run of failures. */
export async function recordAttempt(
  db: Executor,
  delivery: DeliveryRow,
  outcome: { delivered: boolean; responseStatus: number | null; error: string | null },
): Promise<void> {
  await db
    .update(webhookDeliveries)
    .set({
      attempts: sql`${webhookDeliveries.attempts} + 1`,
      lastAttemptAt: sql`now()`,
      responseStatus: outcome.responseStatus,
      lastError: outcome.error,
      ...(outcome.delivered ? { status: 'delivered' as const, deliveredAt: sql`now()` } : {}),
    })
    .where(eq(webhookDeliveries.id, delivery.id));
  await db
    .update(webhooks)
    .set({ consecutiveFailures: outcome.delivered ? 0 : sql`${webhooks.consecutiveFailures} + 1` })
    .where(eq(webhooks.id, delivery.webhookId));
}

/** A delivery that will not be tried again: `failed` (attempts used up) or `cancelled` (its webhook was disabled). */
export async function closeDelivery(db: Executor, id: string, status: 'failed' | 'cancelled', error: string): Promise<void> {
  await db
    .update(webhookDeliveries)
    .set({ status, lastError: error })
    .where(and(eq(webhookDeliveries.id, id), eq(webhookDeliveries.status, 'pending')));
}

/** The delivery log of a webhook, newest first, with when a pending one is tried next. */
export async function deliveryLog(db: Executor, webhookId: string, limit: number): Promise<DeliveryItem[]> {
  const rows = await db
    .select({ delivery: webhookDeliveries, nextAttemptAt: jobs.nextAttemptAt })
    .from(webhookDeliveries)
    .leftJoin(jobs, and(eq(jobs.kind, 'webhook.deliver'), eq(jobs.subjectId, sql`${webhookDeliveries.id}::text`)))
    .where(eq(webhookDeliveries.webhookId, webhookId))
    .orderBy(desc(webhookDeliveries.createdAt), sql`${webhookDeliveries.eventId} desc nulls first`)
    .limit(limit);
  return rows.map(({ delivery, nextAttemptAt }) => deliveryView(delivery, nextAttemptAt));
}

export function deliveryView(row: DeliveryRow, nextAttemptAt: Date | null): DeliveryItem {
  return {
    id: row.id,
    event: row.event,
    event_id: row.eventId,
    status: row.status,
    attempts: row.attempts,
    response_status: row.responseStatus,
    error: row.lastError,
    created_at: row.createdAt.toISOString(),
    last_attempt_at: row.lastAttemptAt?.toISOString() ?? null,
    next_attempt_at: row.status === 'pending' ? nextAttemptAt?.toISOString() ?? null : null,
    delivered_at: row.deliveredAt?.toISOString() ?? null,
  };
}

/** Housekeeping: the log keeps 30 days of finished deliveries. */
export async function forgetOldDeliveries(db: Executor): Promise<void> {
  await db.execute(sql`delete from webhook_deliveries where status <> 'pending' and created_at < now() - interval '30 days'`);
}
