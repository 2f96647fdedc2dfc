import { randomBytes } from 'node:crypto';
import type { DeliveryStatus } from '../whatsapp/types.js';

/** Builders for what Meta sends: webhook envelopes, ids and error bodies, shaped like the recorded fixtures. */

export interface BusinessNumber {
  businessAccountId: string;
  displayPhoneNumber: string;
  phoneNumberId: string;
}

/** Meta's ids are base64 of a small binary record that starts with the recipient's number; this keeps that look. */
export function newWamid(waId: string): string {
  const record = Buffer.concat([Buffer.from([0x1c, 0x18, waId.length]), Buffer.from(waId), Buffer.from([0x15, 0x02, 0x00, 0x12, 0x18, 0x14]), randomBytes(20)]);
  return 'wamid.' + record.toString('base64');
}

export function unixSeconds(at: Date): string {
  return String(Math.floor(at.getTime() / 1000));
}

/**
 * The exact bytes Meta would send: JSON with every non-ASCII character escaped as \uXXXX. Apps that
 * check the signature against re-serialised JSON instead of the raw bytes fail here as they would live.
 */
export function metaJson(payload: unknown): string {
  return JSON.stringify(payload).replace(/[\u007f-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

export function metaError(code: number, message: string, details?: string, type = 'OAuthException') {
  const errorData = details === undefined ? {} : { error_data: { messaging_product: 'whatsapp', details } };
  return { error: { message, type, code, ...errorData, fbtrace_id: randomBytes(17).toString('base64url') } };
}

function envelope(business: BusinessNumber, value: Record<string, unknown>) {
  const metadata = { display_phone_number: business.displayPhoneNumber, phone_number_id: business.phoneNumberId };
  return {
    object: 'whatsapp_business_account',
    entry: [{ id: business.businessAccountId, changes: [{ value: { messaging_product: 'whatsapp', metadata, ...value }, field: 'messages' }] }],
  };
}

/** A file the user sent, as the webhook carries it: the media id and a base64 SHA-256 (as in Meta's payloads). */
export interface InboundMediaObject {
  caption?: string;
  filename?: string;
  mime_type: string;
  sha256: string;
  id: string;
  voice?: boolean;
  animated?: boolean;
}

export type InboundContent =
  | { type: 'text'; text: { body: string } }
  | { type: 'image'; image: InboundMediaObject }
  | { type: 'video'; video: InboundMediaObject }
  | { type: 'audio'; audio: InboundMediaObject }
  | { type: 'sticker'; sticker: InboundMediaObject }
  | { type: 'document'; document: InboundMediaObject }
  | { type: 'location'; location: { latitude: number; longitude: number; name?: string; address?: string } }
  | { type: 'contacts'; contacts: Array<{ name: { formatted_name: string; first_name: string }; phones: Array<{ phone: string; type: 'CELL'; wa_id?: string }> }> }
  /** A tap on a template's quick-reply button. */
  | { type: 'button'; button: { payload: string; text: string } }
  /** A removed reaction has no emoji. */
  | { type: 'reaction'; reaction: { message_id: string; emoji?: string } }
  | {
      type: 'interactive';
      interactive:
        | { type: 'button_reply'; button_reply: { id: string; title: string } }
        | { type: 'list_reply'; list_reply: { id: string; title: string; description?: string } };
    };

export function inboundMessagePayload(
  business: BusinessNumber,
  message: { waId: string; name: string; username?: string; wamid: string; at: Date; content: InboundContent; context?: { from: string; id: string } },
) {
  const context = message.context === undefined ? {} : { context: message.context };
  const base = { id: message.wamid, timestamp: unixSeconds(message.at), ...message.content };
  if (isUserId(message.waId)) {
    // A user known only by username: `wa_id` and `from` are absent, the business-scoped id stands in.
    const profile = { name: message.name, ...(message.username === undefined ? {} : { username: message.username }) };
    return envelope(business, {
      contacts: [{ profile, user_id: message.waId }],
      messages: [{ ...context, from_user_id: message.waId, ...base }],
    });
  }
  return envelope(business, {
    contacts: [{ profile: { name: message.name }, wa_id: message.waId }],
    messages: [{ ...context, from: message.waId, ...base }],
  });
}

/** A username-only user's business-scoped id: country code, a dot, then letters and digits (`US.1349…`). */
export function isUserId(id: string): boolean {
  return /^[A-Z]{2}\.[A-Za-z0-9]{1,128}$/.test(id);
}

/** Why a message failed, as the `errors[]` of a failed status. */
export interface StatusError {
  code: number;
  title: string;
  details: string;
}

export function statusPayload(
  business: BusinessNumber,
  status: { wamid: string; status: DeliveryStatus; at: Date; recipientId: string; conversationId: string; error?: StatusError },
) {
  // As live: `sent` and `delivered` carry the conversation and pricing, `read` and `failed` do not.
  const billing =
    status.status === 'read' || status.status === 'failed'
      ? {}
      : {
          conversation: { id: status.conversationId, origin: { type: 'service' } },
          pricing: { billable: true, pricing_model: 'CBP', category: 'service' },
        };
  const errors =
    status.error === undefined
      ? {}
      : {
          errors: [
            {
              code: status.error.code,
              title: status.error.title,
              message: status.error.title,
              error_data: { details: status.error.details },
              href: 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/',
            },
          ],
        };
  // A username-only user is named by `recipient_user_id`; `recipient_id` is then absent.
  const recipient = isUserId(status.recipientId) ? { recipient_user_id: status.recipientId } : { recipient_id: status.recipientId };
  return envelope(business, {
    statuses: [{ id: status.wamid, status: status.status, timestamp: unixSeconds(status.at), ...recipient, ...billing, ...errors }],
  });
}
