import Type, { type Static } from 'typebox';
import { Nullable, NullableString } from './common.js';

/**
 * Outgoing webhooks (`/api/admin/webhooks`, admin role). Each delivery is `POST url` with the JSON body
 * `{id, event, created_at, data}` and the headers `X-Wadesk-Event`, `X-Wadesk-Delivery` and
 * `X-Wadesk-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" with the secret>`.
 */

/** The events an integration can subscribe to. */
export const WebhookEvent = Type.Union([
  Type.Literal('chat.started'), Type.Literal('message.created'), Type.Literal('chat.assigned'), Type.Literal('chat.ended'),
  Type.Literal('chat.rated'), Type.Literal('conversation.status_changed'), Type.Literal('note.created'),
]);
export type WebhookEvent = Static<typeof WebhookEvent>;

/** What `POST /webhooks/{id}/test` sends: no domain event, so nobody can subscribe to it. */
export const TEST_EVENT = 'webhook.test';

const Url = Type.String({ minLength: 1, maxLength: 2048, description: 'http(s) URL; no user name or password in it' });
const Events = Type.Array(WebhookEvent, { minItems: 1, uniqueItems: true });

export const WebhookItem = Type.Object({
  id: Type.String(),
  url: Type.String(),
  events: Type.Array(Type.String()),
  enabled: Type.Boolean(),
  /** Set when wadesk disabled it after repeated failures, with why; PATCH `{enabled: true}` turns it on again. */
  disabled_at: NullableString,
  disabled_reason: NullableString,
  /** Failed attempts since the last delivered one. */
  consecutive_failures: Type.Integer(),
  created_at: Type.String(),
});
export type WebhookItem = Static<typeof WebhookItem>;

export const WebhookList = Type.Object({ webhooks: Type.Array(WebhookItem) });
export type WebhookList = Static<typeof WebhookList>;
export const OneWebhook = Type.Object({ webhook: WebhookItem });
export type OneWebhook = Static<typeof OneWebhook>;
/** The answer to the POST: the signing secret, this once. */
export const CreatedWebhook = Type.Object({ webhook: WebhookItem, secret: Type.String() });
export type CreatedWebhook = Static<typeof CreatedWebhook>;

export const NewWebhookBody = Type.Object({ url: Url, events: Events }, { additionalProperties: false });
export type NewWebhookBody = Static<typeof NewWebhookBody>;

export const WebhookChangeBody = Type.Object({
  enabled: Type.Optional(Type.Boolean()),
  events: Type.Optional(Events),
  url: Type.Optional(Url),
}, { additionalProperties: false, minProperties: 1 });
export type WebhookChangeBody = Static<typeof WebhookChangeBody>;

export const WebhookParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const DeliveryStatus = Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('failed'), Type.Literal('cancelled')]);
export type DeliveryStatus = Static<typeof DeliveryStatus>;

export const DeliveryItem = Type.Object({
  id: Type.String(),
  event: Type.String(),
  /** The domain event's id in the log; null for a test event. */
  event_id: Nullable(Type.Integer()),
  /** pending: not tried yet or waiting for its next attempt; cancelled: the webhook was disabled first. */
  status: DeliveryStatus,
  attempts: Type.Integer(),
  /** The receiver's HTTP status on the last attempt; null when it did not answer. */
  response_status: Nullable(Type.Integer()),
  error: NullableString,
  created_at: Type.String(),
  last_attempt_at: NullableString,
  /** When the next attempt is due (pending only). */
  next_attempt_at: NullableString,
  delivered_at: NullableString,
});
export type DeliveryItem = Static<typeof DeliveryItem>;

export const DeliveryQuery = Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }) });
export const DeliveryList = Type.Object({ deliveries: Type.Array(DeliveryItem) });
export type DeliveryList = Static<typeof DeliveryList>;
export const OneDelivery = Type.Object({ delivery: DeliveryItem });
export type OneDelivery = Static<typeof OneDelivery>;
