import { asList as list, asObject as obj, isObject, type JsonObject as Json } from './json-fields.js';
import type {
  DeliveryStatus,
  InboundContact,
  InboundMedia,
  InboundMessage,
  InboundStatus,
  ParsedWebhook,
  UnprocessableItem,
  WhatsAppError,
  InboundContactCard,
} from './types.js';

/**
 * Turns a WhatsApp Cloud API webhook body into `ParsedWebhook`.
 *
 * Meta retries every non-200 answer for up to 7 days, so a payload we cannot fully understand must still be
 * accepted: only a body that is not a webhook at all is rejected (`WebhookShapeError` → 400). Anything
 * unknown inside is ignored or kept as `unsupported` with its raw object, never thrown. Values the database
 * cannot hold are clamped where that loses nothing that matters (a timestamp, an error code); an item
 * that cannot be processed at all comes back in `unprocessable`, to be kept as a dead letter.
 */

/**
 * Ids are unique-indexed, and a btree entry holds at most ~2.7 kB: longer ids would make every insert
 * fail. Real wamids are under 100 characters, wa_ids and user ids under 40.
 */
export const MAX_ID_LENGTH = 256;
/** Profile names are 25 characters on WhatsApp; anything past this is noise, cut rather than refused. */
const MAX_NAME_LENGTH = 256;
/**
 * Timestamps later than this after receipt are not believed. Not minutes: test rigs and simulators run
 * with clocks moved a day or two ahead, and a future time only keeps the 24-hour window open that long.
 */
const MAX_FUTURE_MS = 7 * 24 * 60 * 60 * 1000;
const INT32_MAX = 2 ** 31 - 1;

/** The body is not a webhook envelope at all; the route answers 400 for it. */
export class WebhookShapeError extends Error {
  override readonly name = 'WebhookShapeError';
}

type Content = Pick<InboundMessage, 'type' | 'text' | 'choice' | 'media' | 'location' | 'reaction' | 'contacts'>;
type MediaType = 'image' | 'video' | 'audio' | 'sticker' | 'document';

const MEDIA_TYPES: ReadonlySet<string> = new Set<MediaType>(['image', 'video', 'audio', 'sticker', 'document']);
const DELIVERY_STATUSES: ReadonlySet<string> = new Set<DeliveryStatus>(['sent', 'delivered', 'read', 'failed']);
const NO_CONTENT = { text: null, choice: null, media: null, location: null, reaction: null, contacts: null } as const;
const UNSUPPORTED: Content = { ...NO_CONTENT, type: 'unsupported' };

export function parseWebhook(body: unknown): ParsedWebhook {
  if (!isObject(body)) throw new WebhookShapeError('webhook body is not a JSON object');
  if ('entry' in body && !Array.isArray(body.entry)) throw new WebhookShapeError('webhook `entry` is not an array');

  const parsed: ParsedWebhook = { messages: [], statuses: [], unprocessable: [], errors: [] };
  const receivedAt = new Date();
  // Other subscriptions (pages, instagram) and fields (account_update, templates…) are not ours to handle.
  if (body.object !== 'whatsapp_business_account') return parsed;

  for (const entry of list(body.entry)) {
    for (const change of list(obj(entry)?.changes)) {
      const value = obj(obj(change)?.value);
      if (obj(change)?.field !== 'messages' || !value) continue;
      readValue(value, parsed, receivedAt);
    }
  }
  return parsed;
}

function readValue(value: Json, into: ParsedWebhook, receivedAt: Date): void {
  const phoneNumberId = str(obj(value.metadata)?.phone_number_id);
  const contacts = list(value.contacts).filter(isObject);
  const unprocessable = (kind: UnprocessableItem['kind'], reason: string, source: Json) => {
    into.unprocessable.push({ kind, reason, phoneNumberId, source });
  };
  for (const raw of list(value.messages)) {
    const source = narrowTo(value, 'messages', raw);
    const message = isObject(raw) ? readMessage(raw, contacts, phoneNumberId, source, receivedAt) : 'message is not a JSON object';
    if (typeof message === 'string') unprocessable('message', message, source);
    else into.messages.push(message);
  }
  for (const raw of list(value.statuses)) {
    const source = narrowTo(value, 'statuses', raw);
    const status = isObject(raw) ? readStatus(raw, source, receivedAt) : 'status is not a JSON object';
    if (typeof status === 'string') unprocessable('status', status, source);
    else if (status) into.statuses.push(status);
  }
  into.errors.push(...readErrors(value.errors));
}

/** The change value with only this item: parsed again on its own, it gives back the same item. */
function narrowTo(value: Json, key: 'messages' | 'statuses', item: unknown): Json {
  const { messages: _messages, statuses: _statuses, errors: _errors, ...context } = value;
  return { ...context, [key]: [item] };
}

/**
 * Returns why a message cannot be processed when it has no usable id or sender: without an id it cannot
 * be de-duplicated against Meta's retries, and without a sender it cannot be put in anyone's conversation.
 */
function readMessage(m: Json, contacts: Json[], phoneNumberId: string | null, source: Json, receivedAt: Date): InboundMessage | string {
  const wamid = str(m.id);
  if (wamid === null) return 'message has no id';
  if (wamid.length > MAX_ID_LENGTH) return `message id longer than ${MAX_ID_LENGTH} characters`;
  const contact = resolveContact(m, contacts);
  if (contact === null) return 'message has no sender (from, wa_id or user_id)';
  if ([contact.waId, contact.userId].some((id) => id !== null && id.length > MAX_ID_LENGTH)) {
    return `sender id longer than ${MAX_ID_LENGTH} characters`;
  }
  return {
    wamid,
    contact,
    phoneNumberId,
    timestamp: readTimestamp(m.timestamp, receivedAt),
    ...(readContent(m) ?? UNSUPPORTED),
    context: readContext(m.context),
    errors: readErrors(m.errors),
    raw: m,
    source,
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
  return { key, waId, userId, profileName: clip(str(profile?.name), MAX_NAME_LENGTH), username: clip(str(profile?.username), MAX_NAME_LENGTH) };
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
      const cards = list(m.contacts).filter(isObject).map(readContactCard);
      return cards.length === 0 ? null : { ...NO_CONTENT, type, text: cards.map(describeContactCard).join('\n'), contacts: cards };
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

/** A shared contact card: its name and phone numbers (digits-only numbers get their `+`). */
function readContactCard(card: Json): InboundContactCard {
  const name = obj(card.name);
  const fullName =
    str(name?.formatted_name) ?? ([str(name?.first_name), str(name?.last_name)].filter((s) => s !== null).join(' ') || null);
  const phones = list(card.phones)
    .map((p) => str(obj(p)?.phone))
    .filter((p): p is string => p !== null)
    .map((p) => clip(/^\d/.test(p) ? `+${p}` : p, 64)!);
  return { name: clip(fullName, 256), phones: phones.slice(0, 20) };
}

function describeContactCard(card: InboundContactCard): string {
  const phone = card.phones[0] ?? null;
  if (card.name !== null && phone !== null) return `👤 ${card.name} (${phone})`;
  return `👤 ${card.name ?? phone ?? 'contact'}`;
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

/**
 * Statuses we do not model (e.g. `deleted`, `warning`) are dropped (null): they would never advance a
 * delivery. One without an id or a status value is unprocessable (a string saying why).
 */
function readStatus(s: Json, source: Json, receivedAt: Date): InboundStatus | string | null {
  const wamid = str(s.id);
  const status = str(s.status);
  if (wamid === null) return 'status has no id';
  if (wamid.length > MAX_ID_LENGTH) return `status id longer than ${MAX_ID_LENGTH} characters`;
  if (status === null) return 'status has no status value';
  if (!DELIVERY_STATUSES.has(status)) return null;
  return {
    wamid,
    status: status as DeliveryStatus,
    timestamp: readTimestamp(s.timestamp, receivedAt),
    recipientId: str(s.recipient_id),
    errors: readErrors(s.errors),
    raw: s,
    source,
  };
}

/**
 * Errors without a numeric code cannot be classified or acted on and are dropped. A numeric code that is
 * not a 32-bit integer is no WhatsApp code either (and no database integer): it becomes null, as given in
 * `rawCode`, and the error's title and details are kept.
 */
function readErrors(v: unknown): WhatsAppError[] {
  return list(v).flatMap((raw) => {
    const e = obj(raw);
    const code = num(e?.code);
    if (e === null || code === null) return [];
    const fits = Number.isInteger(code) && Math.abs(code) <= INT32_MAX;
    return [{
      code: fits ? code : null,
      ...(fits ? {} : { rawCode: String(e.code).slice(0, 64) }),
      title: str(e.title), message: str(e.message), details: str(obj(e.error_data)?.details),
    }];
  });
}

/**
 * Unix seconds as a string. A missing or garbled value, or one outside what can be true (before 1970,
 * or far after receipt: the year 10000 or -1 would not even fit an ISO date), falls back to the time we
 * received it.
 */
function readTimestamp(v: unknown, receivedAt: Date): Date {
  const ms = (num(v) ?? NaN) * 1000;
  return ms >= 0 && ms <= receivedAt.getTime() + MAX_FUTURE_MS ? new Date(ms) : receivedAt;
}

/** Cuts `s` to `max` UTF-16 units without splitting a surrogate pair. */
function clip(s: string | null, max: number): string | null {
  if (s === null || s.length <= max) return s;
  const cut = s.slice(0, max);
  return /[\ud800-\udbff]$/.test(cut) ? cut.slice(0, -1) : cut;
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
