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

export type InboundContent =
  | { type: 'text'; text: { body: string } }
  | {
      type: 'interactive';
      interactive:
        | { type: 'button_reply'; button_reply: { id: string; title: string } }
        | { type: 'list_reply'; list_reply: { id: string; title: string; description?: string } };
    };

export function inboundMessagePayload(
  business: BusinessNumber,
  message: { waId: string; name: string; wamid: string; at: Date; content: InboundContent; context?: { from: string; id: string } },
) {
  const context = message.context === undefined ? {} : { context: message.context };
  return envelope(business, {
    contacts: [{ profile: { name: message.name }, wa_id: message.waId }],
    messages: [{ ...context, from: message.waId, id: message.wamid, timestamp: unixSeconds(message.at), ...message.content }],
  });
}

export function statusPayload(
  business: BusinessNumber,
  status: { wamid: string; status: Exclude<DeliveryStatus, 'failed'>; at: Date; recipientId: string; conversationId: string },
) {
  // As live: `sent` and `delivered` carry the conversation and pricing, `read` does not.
  const billing =
    status.status === 'read'
      ? {}
      : {
          conversation: { id: status.conversationId, origin: { type: 'service' } },
          pricing: { billable: true, pricing_model: 'CBP', category: 'service' },
        };
  return envelope(business, {
    statuses: [{ id: status.wamid, status: status.status, timestamp: unixSeconds(status.at), recipient_id: status.recipientId, ...billing }],
  });
}
