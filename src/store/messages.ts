import { and, desc, eq, inArray, isNotNull, sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Executor } from '../db/client.js';
import { anyOf } from '../db/any-of.js';
import { tableRowReader } from '../db/json-rows.js';
import { clean as storableText } from '../inbound/storable-json.js';
import { agents, conversations, messages, outbox, statusEvents, type MessageRow } from '../db/schema.js';
import type { DeliveryState, PendingEvent } from '../events/catalog.js';
import { messageUpdated, statusChange, type ConversationRef, type StatusChange } from '../events/payloads.js';
import { attachInboundMedia, isMediaKind } from './media.js';
import type { QuotedMessage, Reaction } from '../contract/conversations.js';
import type { InboundMessage, InboundStatus, OutboundMessage, WhatsAppError } from '../whatsapp/types.js';

/** Stores an inbound message once: returns null when its wamid is already stored (a redelivery). */
export async function insertInboundMessage(
  tx: Executor,
  conversationId: string,
  message: InboundMessage,
  chatSessionId: string | null,
): Promise<MessageRow | null> {
  const reference = message.reaction?.messageId ?? message.context?.id ?? null;
  const replyTo = await quotedMessage(tx, conversationId, reference);
  const value = {
    conversation_id: conversationId,
    chat_session_id: chatSessionId,
    type: message.type,
    text: message.text,
    payload: message.raw,
    wamid: message.wamid,
    location: message.location,
    contacts: message.contacts?.map((card) => ({ name: card.name ?? card.phones[0] ?? 'Contact', phones: card.phones })) ?? null,
    reply_to: replyTo,
    pending_ref: replyTo === null ? reference : null,
    error_code: message.errors[0]?.code ?? null,
    error_title: message.errors[0]?.title ?? null,
    error_detail: message.errors[0]?.details ?? null,
    sent_at: message.timestamp.toISOString(),
  };
  // A fixed text with one JSON parameter, as `insertOutboundMessages` (why there).
  const [stored] = rowsOf<{ value: string }>(await tx.execute(sql`
    insert into messages (conversation_id, chat_session_id, direction, sender, type, text, payload, wamid, location, contacts, reply_to,
      pending_ref, status, error_code, error_title, error_detail, sent_at)
    select conversation_id, chat_session_id, 'inbound', 'user', type, text, payload, wamid, location, contacts, reply_to,
      pending_ref, 'received', error_code, error_title, error_detail, sent_at
    from jsonb_to_record(${jsonParameter(value)}::jsonb)
      as v(conversation_id uuid, chat_session_id uuid, type text, text text, payload jsonb, wamid text, location jsonb, contacts jsonb,
        reply_to jsonb, pending_ref text, error_code int, error_title text, error_detail text, sent_at timestamptz)
    on conflict (wamid) do nothing
    returning row_to_json(messages.*)::text as value`));
  const row = stored ? messageFromJson(JSON.parse(stored.value) as Record<string, unknown>) : null;
  if (!row) return null;
  return message.media && isMediaKind(message.type) ? attachInboundMedia(tx, row, message.type, message.media) : row;
}

/** The name of the agent who sent a message (what its bubble says); null for other senders, with no query. */
export async function agentNameOf(tx: Executor, message: Pick<MessageRow, 'agentId'>): Promise<string | null> {
  if (message.agentId === null) return null;
  const [row] = await tx.select({ name: agents.name }).from(agents).where(eq(agents.id, message.agentId));
  return row?.name ?? null;
}

/** A message of this conversation, by id, as a quote with its wamid (null: WhatsApp does not know it yet). */
export async function findQuotable(tx: Executor, conversationId: string, messageId: number): Promise<{ quote: QuotedMessage; wamid: string | null; direction: MessageRow['direction'] } | null> {
  const [row] = await tx
    .select({ id: messages.id, text: messages.text, sender: messages.sender, type: messages.type, wamid: messages.wamid, direction: messages.direction })
    .from(messages)
    .where(and(eq(messages.id, messageId), eq(messages.conversationId, conversationId)));
  if (!row) return null;
  const { wamid, direction, ...quote } = row;
  return { quote, wamid, direction };
}

/** The stored message of this conversation with `wamid` (what a reply quotes, or a reaction is on), as a quote. */
async function quotedMessage(tx: Executor, conversationId: string, wamid: string | null): Promise<QuotedMessage | null> {
  if (wamid === null) return null;
  const [row] = await tx
    .select({ id: messages.id, text: messages.text, sender: messages.sender, type: messages.type })
    .from(messages)
    .where(and(eq(messages.wamid, wamid), eq(messages.conversationId, conversationId)));
  return row ?? null;
}

/**
 * A reaction from `sender` on the message with `wamid` in this conversation: it replaces their earlier
 * one, and an empty emoji removes it. Returns the message, or null when it is not stored here (the
 * reaction then stays in the history on its own).
 */
export async function applyReaction(
  tx: Executor,
  conversationId: string,
  wamid: string,
  reaction: { emoji: string | null; sender: Reaction['sender']; at: Date },
): Promise<MessageRow | null> {
  const [target] = await tx
    .select({ id: messages.id, reactions: messages.reactions })
    .from(messages)
    .where(and(eq(messages.wamid, wamid), eq(messages.conversationId, conversationId)))
    .for('update');
  if (!target) return null;
  const kept = target.reactions.filter((r) => r.sender !== reaction.sender);
  const reactions = reaction.emoji ? [...kept, { emoji: reaction.emoji, sender: reaction.sender, timestamp: reaction.at.toISOString() }] : kept;
  const [row] = await tx.update(messages).set({ reactions }).where(eq(messages.id, target.id)).returning();
  return row ?? null;
}

export async function setMessageChatSession(tx: Executor, messageId: number, chatSessionId: string): Promise<void> {
  await tx.update(messages).set({ chatSessionId }).where(eq(messages.id, messageId));
}

export interface OutboundInsert {
  conversationId: string;
  chatSessionId: string | null;
  sender: 'bot' | 'agent' | 'system';
  agentId?: string | null;
  message: OutboundMessage;
  /** What to show as the message's text; defaults to the body (or caption, or emoji) that is sent. */
  text?: string;
  /** The stored message it quotes (its wamid is in `message.replyTo` when WhatsApp knows it). */
  quote?: QuotedMessage | null;
}

/** The words a message shows in the history. */
function shownText(message: OutboundMessage): string | null {
  switch (message.kind) {
    case 'media': return message.caption ?? null;
    case 'reaction': return message.emoji || null;
    // The filled-in body comes from the cached template (`OutboundInsert.text`); the name stands in otherwise.
    case 'template': return message.name;
    default: return message.body;
  }
}

/** Stores an outbound message and its outbox row: both commit with the state change that caused them. */
export async function insertOutboundMessage(tx: Executor, insert: OutboundInsert): Promise<MessageRow> {
  const [row] = await insertOutboundMessages(tx, [insert]);
  return row!;
}

/**
 * Several outbound messages and their outbox rows in one statement (a bot's answer is often two or three
 * messages): ids follow the order given, which is the order the dispatcher sends them in.
 *
 * A fixed text with one JSON parameter rather than drizzle's insert builder: building the insert (every
 * column's value checked and mapped, `returning` all 25 columns) was most of drizzle's quarter of a text's
 * CPU on PGlite (docs/benchmarks.md); the rows come back as one JSON value through the table's own mappers.
 */
export async function insertOutboundMessages(tx: Executor, inserts: readonly OutboundInsert[]): Promise<MessageRow[]> {
  if (inserts.length === 0) return [];
  const values = inserts.map((insert, ord) => ({
    ord,
    conversation_id: insert.conversationId,
    chat_session_id: insert.chatSessionId,
    sender: insert.sender,
    agent_id: insert.agentId ?? null,
    type: insert.message.kind === 'media' ? insert.message.media : insert.message.kind,
    text: insert.text ?? shownText(insert.message),
    payload: insert.message,
    reply_to: insert.quote ?? null,
  }));
  const [row] = rowsOf<{ value: string }>(await tx.execute(sql`
    with v as (
      select * from jsonb_to_recordset(${jsonParameter(values)}::jsonb)
        as v(ord int, conversation_id uuid, chat_session_id uuid, sender text, agent_id uuid, type text, text text, payload jsonb, reply_to jsonb)
    ), stored as (
      insert into messages (conversation_id, chat_session_id, direction, sender, agent_id, type, text, payload, reply_to, status)
      select conversation_id, chat_session_id, 'outbound', sender, agent_id, type, text, payload, reply_to, 'pending' from v order by ord
      returning *
    ), queued as (
      insert into outbox (conversation_id, message_id, kind) select conversation_id, id, 'message' from stored order by id
    )
    select coalesce(json_agg(stored order by stored.id), '[]')::text as value from stored`));
  const rows = (JSON.parse(row!.value) as Array<Record<string, unknown>>).map(messageFromJson);
  if (rows.length !== inserts.length) throw new Error('insert returned fewer rows than it was given');
  return rows;
}

const messageFromJson = tableRowReader(messages);

/**
 * A value as a jsonb parameter, its strings storable (`clean`, as a webhook's are): a lone UTF-16 surrogate
 * (an API client can send `"\ud800"`) would reach PostgreSQL as a `\ud800` escape, which jsonb refuses.
 */
function jsonParameter(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' ? storableText(v) : v));
}

/** A note for agents in the history ("Ada ended the chat"); it is not sent to WhatsApp. */
export async function insertSystemNote(tx: Executor, conversationId: string, chatSessionId: string | null, text: string): Promise<MessageRow> {
  const [row] = await tx
    .insert(messages)
    .values({ conversationId, chatSessionId, direction: 'internal', sender: 'system', type: 'event', text, status: 'noted' })
    .returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

/** Queues a read receipt for an inbound message (the user sees blue ticks). */
/** Blue ticks for an inbound message (and, WhatsApp-side, every earlier one); `typing` also shows "typing…". */
export async function queueReadReceipt(tx: Executor, conversationId: string, messageId: number, kind: 'read' | 'typing' = 'read'): Promise<void> {
  await tx.insert(outbox).values({ conversationId, messageId, kind });
}

/** The latest message the user sent in this conversation (what a read receipt or typing indicator names). */
export async function latestInbound(tx: Executor, conversationId: string): Promise<{ id: number } | null> {
  const [row] = await tx
    .select({ id: messages.id })
    .from(messages)
    .where(and(eq(messages.conversationId, conversationId), eq(messages.direction, 'inbound'), isNotNull(messages.wamid)))
    .orderBy(desc(messages.id))
    .limit(1);
  return row ?? null;
}

/** A status never moves backwards: WhatsApp may deliver `read` before `delivered`. `failed` is final. */
export const DELIVERY_RANK: Record<DeliveryState, number> = {
  pending: 0, accepted: 1, sent: 2, delivered: 3, read: 4, failed: 5,
};
/** The rank of a stored status column, in SQL (`column`: how the query names it). */
const rankOf = (column: string) =>
  sql.raw(`(case ${column} ${Object.entries(DELIVERY_RANK).map(([s, r]) => `when '${s}' then ${r}`).join(' ')} else -1 end)`);
const rankSql = rankOf('status');

const phoneOfConversation = sql<string | null>`(select c.phone_number from conversations c where c.id = ${messages.conversationId})`;
const changed = { id: messages.id, conversationId: messages.conversationId, phoneNumber: phoneOfConversation };

function changeOf(
  row: { id: number; conversationId: string; phoneNumber: string | null },
  status: DeliveryState,
  error: StatusChange['error'],
): StatusChange {
  return statusChange({ id: row.conversationId, phoneNumber: row.phoneNumber }, row.id, status, error);
}

/**
 * Status callbacks, as the parts of one statement whatever their number (see `writeWithEvents`): the
 * callbacks are kept (a multi-row insert; a wamid not stored yet — the send may not be committed — has its
 * callbacks applied when it is, see `markAccepted`), then each wamid moves to the furthest of its statuses
 * in the batch when that is ahead of what is stored (one UPDATE, rows locked in id order first, so that two
 * batches touching the same messages never deadlock). A wamid that moves several steps in one batch
 * (delivered and read together) gives one change, to where it ends.
 *
 * `prelude`: those CTEs (`moved`: one row per message moved); `events`: the `message.status` event of each
 * moved message — the payload `statusChange` builds, here in SQL (test/contract compares them) — keyed by
 * its wamid; `moved`: given the moved wamids, whether a callback moved its message (per message that moved,
 * the first callback of the status it ended at).
 */
export function statusBatch(statuses: readonly InboundStatus[]): { prelude: SQL; events: SQL; moved: (wamids: ReadonlySet<string>) => (status: InboundStatus) => boolean } {
  const kept = new Map<string, InboundStatus>();
  for (const status of statuses) kept.set(`${status.wamid}\u0000${status.status}`, status);
  const callbacks = [...kept.values()].map((status) => ({
    wamid: status.wamid, status: status.status, at: status.timestamp.toISOString(), recipient_id: status.recipientId,
    errors: status.errors.length > 0 ? status.errors : null,
  }));
  const furthest = new Map<string, InboundStatus>();
  for (const status of statuses) {
    const before = furthest.get(status.wamid);
    if (!before || DELIVERY_RANK[status.status] > DELIVERY_RANK[before.status]) furthest.set(status.wamid, status);
  }
  const moves = [...furthest.values()].map((status) => {
    const error = status.status === 'failed' ? (status.errors[0] ?? null) : null;
    return {
      wamid: status.wamid, status: status.status, rank: DELIVERY_RANK[status.status], at: status.timestamp.toISOString(),
      failed: status.status === 'failed', has_error: error !== null, code: error?.code ?? null, title: error ? (error.title ?? error.message) : null, detail: error?.details ?? null,
    };
  });
  // The callbacks are kept by the same statement (a data-modifying CTE: one round trip, not two).
  const prelude = sql`
    kept as (
      insert into status_events (wamid, status, occurred_at, recipient_id, errors)
      select wamid, status, at, recipient_id, errors from jsonb_to_recordset(${JSON.stringify(callbacks)}::jsonb)
        as k(wamid text, status text, at timestamptz, recipient_id text, errors jsonb)
      on conflict do nothing
    ), move as (
      select * from jsonb_to_recordset(${JSON.stringify(moves)}::jsonb)
        as v(wamid text, status text, rank int, at timestamptz, failed boolean, has_error boolean, code int, title text, detail text)
    ), locked as (
      select m.id from messages m join move on move.wamid = m.wamid
      where m.direction = 'outbound' order by m.id for update of m
    ), moved as (
      update messages m set
        status = move.status, status_at = move.at,
        error_code = case when move.has_error then move.code else m.error_code end,
        error_title = case when move.has_error then move.title else m.error_title end,
        error_detail = case when move.has_error then move.detail else m.error_detail end
      from move, locked
      where m.id = locked.id and m.wamid = move.wamid and ${rankOf('m.status')} < move.rank
      returning m.id, m.conversation_id, (select c.phone_number from conversations c where c.id = m.conversation_id) as phone_number,
        move.wamid, move.status, move.failed, move.code, move.title
    )`;
  const events = sql`
    select 'message.status' as name, m.id as ord, m.wamid as key,
      jsonb_build_object(
        'conversation_id', m.conversation_id, 'phone_number', m.phone_number, 'message_id', m.id, 'status', m.status,
        'error', case when m.failed then jsonb_build_object('code', m.code, 'title', m.title) else null end
      ) as payload
    from moved m`;
  return {
    prelude,
    events,
    // The callback that took its message to where it ended (the first of that status in the batch).
    moved: (wamids) => (status) => furthest.get(status.wamid) === status && wamids.has(status.wamid),
  };
}


async function advanceStatus(
  tx: Executor,
  wamid: string,
  status: DeliveryState,
  at: Date,
  error: WhatsAppError | null,
): Promise<StatusChange | null> {
  const [row] = await tx
    .update(messages)
    .set({
      status,
      statusAt: at,
      ...(status === 'failed' && error
        ? { errorCode: error.code, errorTitle: error.title ?? error.message, errorDetail: error.details }
        : {}),
    })
    .where(and(eq(messages.wamid, wamid), eq(messages.direction, 'outbound'), sql`${rankSql} < ${DELIVERY_RANK[status]}`))
    .returning(changed);
  if (!row) return null;
  return changeOf(row, status, status === 'failed' ? { code: error?.code ?? null, title: error?.title ?? error?.message ?? null } : null);
}

/** What recording accepted sends changed: each message's status, and what an early reply or reaction changed. */
export interface AcceptedChanges {
  statuses: StatusChange[];
  /** `message.updated` of the messages reacted to and of the user's messages that now show what they quote, in id order. */
  updated: PendingEvent[];
}

/**
 * The Graph API accepted messages (the dispatcher's group commit writes many at once): their wamids
 * stored in one statement (rows locked in id order, as `statusBatch` does), then what arrived before a
 * wamid was stored applied: its statuses, and the user's replies quoting it and reactions on it.
 */
export async function markAccepted(tx: Executor, sends: ReadonlyArray<{ messageId: number; wamid: string }>): Promise<AcceptedChanges> {
  if (sends.length === 0) return { statuses: [], updated: [] };
  const result = await tx.execute(sql`
    with sent as (
      select * from jsonb_to_recordset(${JSON.stringify(sends.map((s) => ({ id: s.messageId, wamid: s.wamid })))}::jsonb) as v(id bigint, wamid text)
    ), locked as (
      select m.id from messages m join sent on sent.id = m.id order by m.id for update of m
    )
    update messages m set wamid = sent.wamid, status = 'accepted', status_at = now()
    from sent, locked
    where m.id = sent.id and locked.id = m.id
    returning m.id, m.conversation_id, (select c.phone_number from conversations c where c.id = m.conversation_id) as phone_number,
      -- What came before the wamid was stored (rare): index probes here, so that the usual batch is one statement.
      exists (select 1 from status_events e where e.wamid = sent.wamid) as early_status,
      exists (select 1 from messages r where r.pending_ref = sent.wamid) as early_reference`);
  const rows = rowsOf<{ id: number | string; conversation_id: string; phone_number: string | null; early_status: boolean; early_reference: boolean }>(result);
  if (rows.length !== sends.length) throw new Error(`${sends.length - rows.length} sent messages vanished`);
  const changes = new Map(rows.map((row) => [Number(row.id), changeOf({ id: Number(row.id), conversationId: row.conversation_id, phoneNumber: row.phone_number }, 'accepted', null)]));
  const wamidOf = new Map(sends.map((s) => [s.messageId, s.wamid]));
  const earlyStatuses = rows.filter((row) => row.early_status).map((row) => wamidOf.get(Number(row.id))!);
  const early = earlyStatuses.length === 0 ? [] : await tx.select().from(statusEvents).where(anyOf(statusEvents.wamid, earlyStatuses, 'text'));
  early.sort((a, b) => DELIVERY_RANK[a.status] - DELIVERY_RANK[b.status]);
  for (const event of early) {
    const moved = await advanceStatus(tx, event.wamid, event.status, event.occurredAt, event.errors?.[0] ?? null);
    if (moved) changes.set(moved.message_id, moved);
  }
  const earlyReferences = rows.filter((row) => row.early_reference).map((row) => wamidOf.get(Number(row.id))!);
  return {
    statuses: [...changes.values()].sort((a, b) => a.message_id - b.message_id),
    updated: earlyReferences.length === 0 ? [] : await resolveEarlyReferences(tx, earlyReferences),
  };
}

/**
 * The user's messages that quote, or react to, one of these newly stored wamids and came first (a phone
 * can answer before the send's result is committed): each now shows its quote, and a reaction is put on
 * its message, in the order they arrived (a later one from the user replaces an earlier one).
 */
async function resolveEarlyReferences(tx: Executor, wamids: readonly string[]): Promise<PendingEvent[]> {
  const waiting = await tx
    .select({
      id: messages.id, conversationId: messages.conversationId, phoneNumber: conversations.phoneNumber, pendingRef: messages.pendingRef,
      type: messages.type, text: messages.text, at: sql<Date>`coalesce(${messages.sentAt}, ${messages.createdAt})`.mapWith(messages.createdAt),
    })
    .from(messages)
    .innerJoin(conversations, eq(conversations.id, messages.conversationId))
    .where(anyOf(messages.pendingRef, wamids, 'text'))
    .orderBy(messages.id);
  const updated = new Map<number, { conversation: ConversationRef; message: MessageRow }>();
  for (const early of waiting) {
    const wamid = early.pendingRef!;
    const conversation = { id: early.conversationId, phoneNumber: early.phoneNumber };
    const quote = await quotedMessage(tx, early.conversationId, wamid);
    // Another conversation's message: not one this user can quote; left as it came.
    if (!quote) continue;
    const [row] = await tx.update(messages).set({ replyTo: quote, pendingRef: null }).where(eq(messages.id, early.id)).returning();
    if (row) updated.set(row.id, { conversation, message: row });
    if (early.type !== 'reaction') continue;
    const target = await applyReaction(tx, early.conversationId, wamid, { emoji: early.text || null, sender: 'user', at: early.at });
    if (target) updated.set(target.id, { conversation, message: target });
  }
  const events: PendingEvent[] = [];
  for (const { conversation, message } of [...updated.values()].sort((a, b) => a.message.id - b.message.id)) {
    events.push(messageUpdated(conversation, message, await agentNameOf(tx, message)));
  }
  return events;
}

export async function markSendFailed(
  tx: Executor,
  messageId: number,
  error: { code: number | null; title: string; detail: string | null },
): Promise<StatusChange | null> {
  const [row] = await tx
    .update(messages)
    .set({ status: 'failed', statusAt: sql`now()`, errorCode: error.code, errorTitle: error.title, errorDetail: error.detail })
    .where(and(eq(messages.id, messageId), inArray(messages.status, ['pending', 'accepted'])))
    .returning(changed);
  if (!row) return null;
  return changeOf(row, 'failed', { code: error.code, title: error.title });
}
