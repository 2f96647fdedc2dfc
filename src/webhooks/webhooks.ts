import { randomUUID } from 'node:crypto';
import { TEST_EVENT, type CreatedWebhook, type DeliveryItem, type WebhookChangeBody, type WebhookItem } from '../contract/webhooks.js';
import type { Db } from '../db/client.js';
import { DomainError } from '../domain-error.js';
import { newWebhookSecret } from './signature.js';
import {
  deleteWebhook, deliveryLog, deliveryView, findDelivery, getWebhook, insertWebhook, listWebhooks, queueDeliveries, updateWebhook, webhookView,
} from './store.js';
import { RefusedTarget, resolveTarget } from './targets.js';

export interface WebhookAdminDeps {
  db: Db;
  /** WEBHOOKS_ALLOW_PRIVATE_TARGETS. */
  allowPrivateTargets: boolean;
  /** Deliveries were queued outside the fan-out (a test event): the delivery runner should look now. */
  onQueued(): void;
}

/** What admins do with webhooks (the routes call these): register, change, remove, test, read the log. */
export class WebhookAdmin {
  constructor(private readonly deps: WebhookAdminDeps) {}

  async list(): Promise<WebhookItem[]> {
    return (await listWebhooks(this.deps.db)).map(webhookView);
  }

  /** The secret is in this answer and in no other. */
  async create(input: { url: string; events: string[] }, createdBy: string | null): Promise<CreatedWebhook> {
    const url = await this.checkedUrl(input.url);
    const secret = newWebhookSecret();
    const row = await insertWebhook(this.deps.db, { url, events: input.events, secret, createdBy });
    return { webhook: webhookView(row), secret };
  }

  async change(id: string, change: WebhookChangeBody): Promise<WebhookItem> {
    await getWebhook(this.deps.db, id);
    const url = change.url === undefined ? undefined : await this.checkedUrl(change.url);
    return webhookView(await updateWebhook(this.deps.db, id, { ...change, url }));
  }

  remove(id: string): Promise<void> {
    return deleteWebhook(this.deps.db, id);
  }

  async deliveries(id: string, limit: number): Promise<DeliveryItem[]> {
    await getWebhook(this.deps.db, id);
    return deliveryLog(this.deps.db, id, limit);
  }

  /** Queues a `webhook.test` delivery, which goes (and is retried, and logged) as any other. */
  async sendTest(id: string): Promise<DeliveryItem> {
    const webhook = await getWebhook(this.deps.db, id);
    if (webhook.disabledAt) throw new DomainError('WEBHOOK_DISABLED', 'The webhook is disabled: enable it first, then send a test.');
    const body = JSON.stringify({
      id: `evt_test_${randomUUID()}`, event: TEST_EVENT, created_at: new Date().toISOString(),
      data: { webhook_id: webhook.id, message: 'A test delivery from wadesk.' },
    });
    const [deliveryId] = await this.deps.db.transaction((tx) => queueDeliveries(tx, [{ webhookId: webhook.id, eventId: null, event: TEST_EVENT, body }]));
    this.deps.onQueued();
    const found = await findDelivery(this.deps.db, deliveryId!);
    return deliveryView(found!.delivery, null);
  }

  /** The URL as it will be used; refused (400) when it is malformed or points where webhooks may not go. */
  private async checkedUrl(text: string): Promise<string> {
    try {
      const target = await resolveTarget(text, this.deps.allowPrivateTargets);
      return target.url.toString();
    } catch (err) {
      if (err instanceof RefusedTarget) throw new DomainError('WEBHOOK_URL_REFUSED', err.message);
      throw err;
    }
  }
}
