import { asc, count, eq } from 'drizzle-orm';
import type { Database } from '../../src/db/client.js';
import { chatSessions, conversations, domainEvents, messages, outbox, statusEvents } from '../../src/db/schema.js';
import { signPayload } from '../../src/whatsapp/signature.js';
import { TEST_SECRETS } from './app.js';

/** Builders and probes for tests that talk to `POST /webhooks/whatsapp` the way Meta does. */

export interface WebhookAnswer {
  status: number;
  json: any;
}

export interface PostOptions {
  /** The `X-Hub-Signature-256` header; `null` leaves it out. Defaults to the correct signature of `body`. */
  signature?: string | null;
  contentType?: string | null;
}

/** POSTs exactly `body` (bytes as given) to the app's webhook over real HTTP. */
export async function postWebhook(appUrl: string, body: string | Buffer, options: PostOptions = {}): Promise<WebhookAnswer> {
  const headers: Record<string, string> = {};
  const contentType = options.contentType === undefined ? 'application/json' : options.contentType;
  if (contentType !== null) headers['content-type'] = contentType;
  const signature = options.signature === undefined ? signPayload(body, TEST_SECRETS.appSecret) : options.signature;
  if (signature !== null) headers['x-hub-signature-256'] = signature;
  const bytes = typeof body === 'string' ? body : new Uint8Array(body);
  const response = await fetch(`${appUrl}/webhooks/whatsapp`, { method: 'POST', headers, body: bytes });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : null };
}

/** POSTs a webhook object serialised as Meta would (compact JSON). */
export function postEvent(appUrl: string, payload: unknown): Promise<WebhookAnswer> {
  return postWebhook(appUrl, JSON.stringify(payload));
}

let sequence = 0;
/** A wamid no other test uses. */
export function uniqueWamid(label = 'test'): string {
  sequence += 1;
  return `wamid.${label}.${process.pid}.${Date.now()}.${sequence}`;
}

export function unixNow(): string {
  return String(Math.floor(Date.now() / 1000));
}

type Json = Record<string, unknown>;

export interface ChangeValue {
  contacts?: Json[];
  messages?: Json[];
  statuses?: Json[];
  phoneNumberId?: string;
}

/** The `value` of one `changes[]` item, with the business number's metadata. */
export function changeValue({ contacts, messages, statuses, phoneNumberId = TEST_SECRETS.phoneNumberId }: ChangeValue): Json {
  return {
    messaging_product: 'whatsapp',
    metadata: { display_phone_number: TEST_SECRETS.displayPhoneNumber, phone_number_id: phoneNumberId },
    ...(contacts ? { contacts } : {}),
    ...(messages ? { messages } : {}),
    ...(statuses ? { statuses } : {}),
  };
}

/** A whole webhook body: one entry per item of `entries`, each holding the given change values. */
export function envelope(...entries: Json[][]): Json {
  return {
    object: 'whatsapp_business_account',
    entry: entries.map((values, i) => ({ id: `10229012934039${i}`, changes: values.map((value) => ({ value, field: 'messages' })) })),
  };
}

export function contact(waId: string, name = 'Test User'): Json {
  return { profile: { name }, wa_id: waId };
}

/** A message object from `waId`; `content` carries `type` and the type's own field. */
export function userMessage(waId: string, content: Json, id = uniqueWamid()): Json {
  return { from: waId, id, timestamp: unixNow(), ...content };
}

export function text(body: string): Json {
  return { type: 'text', text: { body } };
}

/** A webhook carrying the given messages from one contact. */
export function messagesFrom(waId: string, name: string, ...msgs: Json[]): Json {
  return envelope([changeValue({ contacts: [contact(waId, name)], messages: msgs })]);
}

export function status(wamid: string, state: 'sent' | 'delivered' | 'read' | 'failed', recipientId: string, extra: Json = {}): Json {
  return { id: wamid, status: state, timestamp: unixNow(), recipient_id: recipientId, ...extra };
}

export function statusesEvent(...statuses: Json[]): Json {
  return envelope([changeValue({ statuses })]);
}

/** How many rows each table holds: "nothing stored" means this did not change. */
export async function tableCounts(database: Database): Promise<Record<string, number>> {
  const { db } = database;
  const tables = { conversations, chat_sessions: chatSessions, messages, outbox, status_events: statusEvents, domain_events: domainEvents };
  const result: Record<string, number> = {};
  for (const [name, table] of Object.entries(tables)) {
    const [row] = await db.select({ n: count() }).from(table);
    result[name] = row!.n;
  }
  return result;
}

export async function conversationOf(database: Database, contactKey: string) {
  const [row] = await database.db.select().from(conversations).where(eq(conversations.contactKey, contactKey));
  return row;
}

/** A contact's messages, both directions, in the order they were stored. */
export async function messagesOf(database: Database, contactKey: string) {
  const conversation = await conversationOf(database, contactKey);
  if (!conversation) return [];
  return database.db.select().from(messages).where(eq(messages.conversationId, conversation.id)).orderBy(asc(messages.id));
}

export async function outboundOf(database: Database, contactKey: string) {
  return (await messagesOf(database, contactKey)).filter((m) => m.direction === 'outbound');
}

/** Polls `check` until it returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Waits until no outbox row is pending or being sent (for tests whose fake sends no status webhooks). */
export async function outboxDrained(database: Database): Promise<void> {
  await waitFor('the outbox to drain', async () => {
    const rows = await database.db.select({ status: outbox.status }).from(outbox);
    return rows.every((r) => r.status === 'sent' || r.status === 'failed');
  });
}

/** What the user reads in a Graph API message body: the text, or the body of an interactive message. */
export function shownText(body: unknown): string | undefined {
  const b = body as { text?: { body?: string }; interactive?: { body?: { text?: string } } };
  return b.text?.body ?? b.interactive?.body?.text;
}
