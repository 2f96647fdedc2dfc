/**
 * What the benchmark's processes agree on without talking: credentials, the simulated contacts and the
 * wamids of the outbound messages seeded into the database, and the webhook bodies Meta would send.
 */
import { inboundMessagePayload, metaJson, newWamid, statusPayload, type BusinessNumber } from '../../src/simulator/payloads.js';
import { signPayload } from '../../src/whatsapp/signature.js';

export const SECRETS = {
  accessToken: 'bench-access-token',
  appSecret: 'bench-app-secret-0123456789abcdef',
  verifyToken: 'bench-verify-token',
  adminToken: 'bench-admin-token-0123456789abcdef',
};

export const BUSINESS: BusinessNumber = {
  businessAccountId: '102290129340398',
  displayPhoneNumber: '15550783881',
  phoneNumberId: '106540352242922',
};

/** Contacts 0 .. LOAD_CONTACTS-1 receive the load; the next E2E_CONTACTS are kept for the latency probe. */
export const LOAD_CONTACTS = 1_000;
export const E2E_CONTACTS = 100;
export const ALL_CONTACTS = LOAD_CONTACTS + E2E_CONTACTS;
/** Outbound messages seeded per load contact, each with a wamid that status webhooks can refer to. */
export const OUTBOUND_PER_CONTACT = 20;

/** A Nigerian-looking mobile number, 13 digits, as WhatsApp's `wa_id` carries it. */
export function waIdOf(contact: number): string {
  return `234801${String(contact).padStart(7, '0')}`;
}

export function nameOf(contact: number): string {
  return `Bench User ${contact}`;
}

/** The seeded wamid of outbound message `k` of `contact` (stored with status `accepted`). */
export function seededWamid(contact: number, k: number): string {
  return `wamid.HBgNMjM0ODAx${String(contact).padStart(7, '0')}FQIAERgS${String(k).padStart(4, '0')}QkVOQ0hNQVJLAA==`;
}

export interface SignedBody {
  body: string;
  signature: string;
}

export function sign(payload: unknown): SignedBody {
  const body = metaJson(payload);
  return { body, signature: signPayload(body, SECRETS.appSecret) };
}

const STATUSES = ['sent', 'delivered', 'read'] as const;

/**
 * Status webhook `i` of a stream that walks the seeded outbound messages: sent, delivered and read of one
 * message, then the next message (3 callbacks per outbound message, as Meta sends them). Every one of
 * them moves a stored message forward, as long as `i` stays under `statusStreamLength()`.
 */
export function statusWebhook(i: number, at = new Date()): SignedBody {
  const message = Math.floor(i / 3);
  const contact = message % LOAD_CONTACTS;
  const k = Math.floor(message / LOAD_CONTACTS) % OUTBOUND_PER_CONTACT;
  return sign(statusPayload(BUSINESS, {
    wamid: seededWamid(contact, k),
    status: STATUSES[i % 3]!,
    at,
    recipientId: waIdOf(contact),
    conversationId: `bench${String(contact).padStart(27, '0')}`,
  }));
}

export function statusStreamLength(): number {
  return LOAD_CONTACTS * OUTBOUND_PER_CONTACT * 3;
}

const TEXTS = [
  'Hello, where is my order?',
  'Hi! I paid yesterday but I have not received a confirmation yet',
  'Good morning, what are your opening hours on Saturday?',
  'can you help me with my account please',
];

/** Inbound text `i` of the load: a fresh wamid, from contact `i mod LOAD_CONTACTS`. */
export function inboundTextWebhook(i: number, at = new Date()): SignedBody {
  const contact = i % LOAD_CONTACTS;
  const waId = waIdOf(contact);
  return sign(inboundMessagePayload(BUSINESS, {
    waId,
    name: nameOf(contact),
    wamid: newWamid(waId),
    at,
    content: { type: 'text', text: { body: TEXTS[i % TEXTS.length]! } },
  }));
}

/** An inbound text from one of the latency-probe contacts. */
export function probeTextWebhook(probe: number, text: string): { waId: string; signed: SignedBody } {
  const contact = LOAD_CONTACTS + (probe % E2E_CONTACTS);
  const waId = waIdOf(contact);
  const signed = sign(inboundMessagePayload(BUSINESS, {
    waId,
    name: nameOf(contact),
    wamid: newWamid(waId),
    at: new Date(),
    content: { type: 'text', text: { body: text } },
  }));
  return { waId, signed };
}

/** About 600 bytes, like a real inbound text webhook: what the baseline route verifies. */
export function baselineWebhook(): SignedBody {
  const waId = waIdOf(1);
  let body = 'Hello, I would like to know the status of my order. ';
  for (;;) {
    const signed = sign(inboundMessagePayload(BUSINESS, {
      waId, name: nameOf(1), wamid: newWamid(waId), at: new Date(), content: { type: 'text', text: { body } },
    }));
    if (signed.body.length >= 600) return signed;
    body += 'x';
  }
}
