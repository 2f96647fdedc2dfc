import type {
  DeliveryStatus,
  InboundContact,
  InboundMedia,
  InboundMessage,
  InboundStatus,
  ParsedWebhook,
  WhatsAppError,
} from './types.js';

/**
 * Turns a WhatsApp Cloud API webhook body into `ParsedWebhook`.
 *
 * Meta retries every non-200 answer for up to 7 days, so a payload we cannot fully understand must still be
 * accepted: only a body that is not a webhook at all is rejected (`WebhookShapeError` → 400). Anything
 * unknown inside is ignored or kept as `unsupported` with its raw object, never thrown.
 */

/** The body is not a webhook envelope at all; the route answers 400 for it. */
export class WebhookShapeError extends Error {
  override readonly name = 'WebhookShapeError';
}

type Json = Record<string, unknown>;
type Content = Pick<InboundMessage, 'type' | 'text' | 'choice' | 'media' | 'location' | 'reaction'>;
type MediaType = 'image' | 'video' | 'audio' | 'sticker' | 'document';

const MEDIA_TYPES: ReadonlySet<string> = new Set<MediaType>(['image', 'video', 'audio', 'sticker', 'document']);
const DELIVERY_STATUSES: ReadonlySet<string> = new Set<DeliveryStatus>(['sent', 'delivered', 'read', 'failed']);
const NO_CONTENT = { text: null, choice: null, media: null, location: null, reaction: null } as const;
const UNSUPPORTED: Content = { ...NO_CONTENT, type: 'unsupported' };

export function parseWebhook(body: unknown): ParsedWebhook {
  if (!isObject(body)) throw new WebhookShapeError('webhook body is not a JSON object');
  if ('entry' in body && !Array.isArray(body.entry)) throw new WebhookShapeError('webhook `entry` is not an array');

  const parsed: ParsedWebhook = { messages: [], statuses: [], errors: [] };
  // Other subscriptions (pages, instagram) and fields (account_update, templates…) are not ours to handle.
  if (body.object !== 'whatsapp_business_account') return parsed;

  for (const entry of list(body.entry)) {
    for (const change of list(obj(entry)?.changes)) {
      const value = obj(obj(change)?.value);
      if (obj(change)?.field !== 'messages' || !value) continue;
      readValue(value, parsed);
    }
  }
  return parsed;
}

function readValue(value: Json, into: ParsedWebhook): void {
  const phoneNumberId = str(obj(value.metadata)?.phone_number_id);
  const contacts = list(value.contacts).filter(isObject);
  for (const raw of list(value.messages)) {
    const message = isObject(raw) ? readMessage(raw, contacts, phoneNumberId) : null;
    if (message) into.messages.push(message);
  }
  for (const raw of list(value.statuses)) {
    const status = isObject(raw) ? readStatus(raw) : null;
    if (status) into.statuses.push(status);
  }
  into.errors.push(...readErrors(value.errors));
}

/**
 * Returns null for a message without an id or without any sender key: without an id it cannot be
 * de-duplicated against Meta's retries, and without a sender it cannot be put in anyone's conversation.
 */
function readMessage(m: Json, contacts: Json[], phoneNumberId: string | null): InboundMessage | null {
  const wamid = str(m.id);
  const contact = resolveContact(m, contacts);
  if (wamid === null || contact === null) return null;
  return {
    wamid,
    contact,
    phoneNumberId,
    timestamp: readTimestamp(m.timestamp),
    ...(readContent(m) ?? UNSUPPORTED),
    context: readContext(m.context),
    errors: readErrors(m.errors),
    raw: m,
  };
}

/** Since 2026 a user may have only a username: `from`/`wa_id` are then absent and `*user_id` identify them. */
function resolveContact(m: Json, contacts: Json[]): InboundContact | null {
  const from = str(m.from);
  const fromUserId = str(m.from_user_id);
  const exact = contacts.find((c) => (from !== null && str(c.wa_id) === from) || (fromUserId !== null && str(c.user_id) === fromUserId));
  // The only contact is taken even when its ids are spelled differently, but never if it names someone else.
  const namesSomeoneElse = (c: Json): boolean => differs(str(c.wa_id), from) || differs(str(c.user_id), fromUserId);
  const only = contacts.length === 1 && contacts[0] && !namesSomeoneElse(contacts[0]) ? contacts[0] : undefined;
  const contact = exact ?? only;

  const waId = str(contact?.wa_id) ?? from;
  const userId = str(contact?.user_id) ?? fromUserId;
  const key = waId ?? userId;
  if (key === null) return null;
  const profile = obj(contact?.profile);
  return { key, waId, userId, profileName: str(profile?.name), username: str(profile?.username) };
}

function differs(a: string | null, b: string | null): boolean {
  return a !== null && b !== null && a !== b;
}

/** Returns null when a known type's payload is malformed, so the caller keeps it as `unsupported`. */
function readContent(m: Json): Content | null {
  const type = str(m.type);
  if (type !== null && MEDIA_TYPES.has(type)) return readMedia(type as MediaType, obj(m[type]));
  switch (type) {
    case 'text': {
      const body = str(obj(m.text)?.body);
      return body === null ? null : { ...NO_CONTENT, type, text: body };
    }
    case 'location':
      return readLocation(obj(m.location));
    case 'contacts': {
      const cards = list(m.contacts).filter(isObject).map(describeContactCard);
      return cards.length === 0 ? null : { ...NO_CONTENT, type, text: cards.join('\n') };
    }
    case 'interactive':
      return readInteractive(obj(m.interactive));
    case 'button': {
      const payload = str(obj(m.button)?.payload);
      const label = str(obj(m.button)?.text);
      const id = payload ?? label;
      const title = label ?? payload;
      if (id === null || title === null) return null;
      return { ...NO_CONTENT, type, text: title, choice: { kind: 'quick_reply', id, title, description: null } };
    }
    case 'reaction': {
      const messageId = str(obj(m.reaction)?.message_id);
      // An empty emoji is how WhatsApp reports that the user removed the reaction.
      const emoji = str(obj(m.reaction)?.emoji);
      return messageId === null ? null : { ...NO_CONTENT, type, text: emoji, reaction: { messageId, emoji } };
    }
    case 'order':
      return readOrder(obj(m.order));
    case 'system': {
      const system = obj(m.system);
      return system === null ? null : { ...NO_CONTENT, type, text: str(system.body) };
    }
    case 'unsupported':
      return UNSUPPORTED;
    default:
      return null;
  }
}

function readMedia(type: MediaType, p: Json | null): Content | null {
  const id = str(p?.id);
  if (p === null || id === null) return null;
  const caption = str(p.caption);
  const media: InboundMedia = {
    id,
    mimeType: str(p.mime_type),
    sha256: str(p.sha256),
    caption,
    filename: str(p.filename),
    ...(type === 'audio' ? { voice: p.voice === true } : {}),
    ...(type === 'sticker' ? { animated: p.animated === true } : {}),
  };
  return { ...NO_CONTENT, type, text: caption, media };
}

function readLocation(p: Json | null): Content | null {
  const latitude = num(p?.latitude);
  const longitude = num(p?.longitude);
  if (p === null || latitude === null || longitude === null) return null;
  const location = { latitude, longitude, name: str(p.name), address: str(p.address) };
  const label = [location.name, location.address].filter((s) => s !== null).join(', ');
  return { ...NO_CONTENT, type: 'location', text: `📍 ${label || `${latitude}, ${longitude}`}`, location };
}

function describeContactCard(card: Json): string {
  const name = obj(card.name);
  const fullName =
    str(name?.formatted_name) ?? ([str(name?.first_name), str(name?.last_name)].filter((s) => s !== null).join(' ') || null);
  const phone = str(obj(list(card.phones)[0])?.phone);
  const shownPhone = phone !== null && /^\d/.test(phone) ? `+${phone}` : phone;
  if (fullName !== null && shownPhone !== null) return `👤 ${fullName} (${shownPhone})`;
  return `👤 ${fullName ?? shownPhone ?? 'contact'}`;
}

function readInteractive(p: Json | null): Content | null {
  const kind = str(p?.type);
  if (kind === 'button_reply' || kind === 'list_reply') {
    const reply = obj(p?.[kind]);
    const id = str(reply?.id);
    const title = str(reply?.title);
    if (id === null || title === null) return null;
    return { ...NO_CONTENT, type: 'interactive', text: title, choice: { kind, id, title, description: str(reply?.description) } };
  }
  if (kind === 'nfm_reply') {
    // A WhatsApp Flow answer: no choice to act on, but keep what the user sent readable for an agent.
    const reply = obj(p?.nfm_reply);
    return { ...NO_CONTENT, type: 'interactive', text: str(reply?.body) ?? str(reply?.response_json) };
  }
  return null;
}

function readOrder(p: Json | null): Content | null {
  if (p === null) return null;
  const count = list(p.product_items).reduce<number>((sum, item) => sum + (num(obj(item)?.quantity) ?? 1), 0);
  const note = str(p.text);
  const summary = `🛒 Order: ${count} ${count === 1 ? 'item' : 'items'}`;
  return { ...NO_CONTENT, type: 'order', text: note === null ? summary : `${summary}\n${note}` };
}

function readContext(v: unknown): InboundMessage['context'] {
  const c = obj(v);
  if (c === null) return null;
  return { from: str(c.from), id: str(c.id), forwarded: c.forwarded === true, frequentlyForwarded: c.frequently_forwarded === true };
}

/** Statuses we do not model (e.g. `deleted`, `warning`) are dropped: they would never advance a delivery. */
function readStatus(s: Json): InboundStatus | null {
  const wamid = str(s.id);
  const status = str(s.status);
  if (wamid === null || status === null || !DELIVERY_STATUSES.has(status)) return null;
  return {
    wamid,
    status: status as DeliveryStatus,
    timestamp: readTimestamp(s.timestamp),
    recipientId: str(s.recipient_id),
    errors: readErrors(s.errors),
    raw: s,
  };
}

/** Errors without a numeric code cannot be classified or acted on and are dropped. */
function readErrors(v: unknown): WhatsAppError[] {
  return list(v).flatMap((raw) => {
    const e = obj(raw);
    const code = num(e?.code);
    if (e === null || code === null) return [];
    return [{ code, title: str(e.title), message: str(e.message), details: str(obj(e.error_data)?.details) }];
  });
}

/** Unix seconds as a string; a missing or garbled value falls back to the time we received it. */
function readTimestamp(v: unknown): Date {
  const seconds = num(v);
  const date = new Date((seconds ?? NaN) * 1000);
  return Number.isNaN(date.getTime()) ? new Date() : date;
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function obj(v: unknown): Json | null {
  return isObject(v) ? v : null;
}

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** Empty strings count as absent: WhatsApp sends `""` for a removed reaction and for blank optional fields. */
function str(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

/** Numbers arrive both as JSON numbers and as numeric strings (timestamps). */
function num(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : null;
}
