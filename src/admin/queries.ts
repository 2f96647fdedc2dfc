import { and, desc, eq, isNotNull, sql, type SQL } from 'drizzle-orm';
import type { CountryCode } from 'libphonenumber-js/max';
import { isConversationState } from '../bot/types.js';
import { rowsOf, type Executor } from '../db/client.js';
import { readJson, tableRowReader } from '../db/json-rows.js';
import { agents, chatSessions, conversations, messages } from '../db/schema.js';
import type { ConversationState } from '../bot/types.js';
import type { ConversationStatus, MessageSender, Preview, SeedLine, SeedSender } from '../contract/conversations.js';
import { AppError } from '../errors.js';
import { windowClosesAt } from '../use-cases/message-window.js';
import { messageView } from '../events/message-view.js';
import { previewLine } from '../whatsapp/message-labels.js';
import { conversationSearch, searchTerms } from './search.js';

export interface ConversationFilter {
  limit: number;
  /** Exactly this contact (E.164). */
  conversationId?: string;
  cursor?: string;
  state?: string;
  active?: boolean;
  search?: string;
  /** How the search reads a number written locally (DEFAULT_COUNTRY_CODE). */
  country?: CountryCode | null;
  status?: ConversationStatus;
  /** A label's name (any case). */
  label?: string;
  /** An agent's id: the active chat is theirs; `none`: an active chat nobody has. */
  assignee?: string | 'none';
}

/** The labels on the conversation row in scope, by name, alphabetical (a JSON array). */
const labelNames = (conversationId: SQL | typeof conversations.id) =>
  sql<string[]>`coalesce((select json_agg(l.name order by lower(l.name)) from conversation_labels cl join labels l on l.id = cl.label_id where cl.conversation_id = ${conversationId}), '[]'::json)`;

const encodeCursor = (parts: Array<string | number>) => Buffer.from(parts.join('|')).toString('base64url');
// Fix: a cursor is client input. Its parts used to go to SQL unchecked, so a tampered or stale one
// ("x|y", or a non-number for `before`) made PostgreSQL fail and the API answer 500. Each part is now
// checked against what this API writes into it (`formats`), and anything else is a 400.
const CURSOR_PARTS = {
  integer: /^\d{1,18}$/,
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
};
function decodeCursor(cursor: string, formats: Array<keyof typeof CURSOR_PARTS>): string[] {
  const parts = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (parts.length !== formats.length || parts.some((p, i) => !CURSOR_PARTS[formats[i]!].test(p))) {
    throw new AppError(400, 'INVALID_CURSOR', 'The cursor is not one this API gave out.');
  }
  return parts;
}

/**
 * Fix: the activity time in the list cursor is in microseconds since the epoch. It used to be
 * `Date.toISOString()` (milliseconds) while PostgreSQL keeps microseconds, so the next page started at
 * the start of the tail's millisecond and skipped the conversations later in that same millisecond.
 */
const activityMicros = sql<string>`(extract(epoch from ${conversations.lastMessageAt}) * 1000000)::bigint::text`;

/** A timestamp as the API writes it, from a driver's Date or JSON's text. */
const iso = (value: string | Date | null) => (value === null ? null : new Date(value).toISOString());

/** The seed's `sender` vocabulary: agents appear as "admin". */
export const seedSender = (sender: MessageSender): SeedSender => (sender === 'agent' ? 'admin' : sender);

/**
 * The bot's state as the API spells it: 'CHAT_SUPPORT_ACTIVE' → 'chat_support_active'. The column is
 * text that only the bot writes, with its states (the store reads it the same way).
 */
export const stateName = (stored: string) => stored.toLowerCase() as Lowercase<ConversationState>;

/** A message as the seed shows it (`{text, timestamp, sender}`); media without a caption reads as "[image]". */
const seedLine = (text: string | null, type: string | null, at: Date | string, sender: MessageSender | null): SeedLine => ({
  text: text ?? `[${type}]`,
  timestamp: new Date(at).toISOString(),
  sender: seedSender(sender ?? 'user'),
});

/**
 * A conversation's preview (see `Preview` in the contract) as one JSON value: its latest message from the
 * user or an agent that WhatsApp carried — not a bot message, a note, a reaction or a WhatsApp system
 * message. One probe of `messages_conversation_idx` backwards per conversation: the rows it skips are the
 * bot's and the notes after the last words, a handful.
 */
const previewOf = (conversationId: SQL) => sql<unknown>`(
  select json_build_object(
    'text', p.text, 'type', p.type, 'filename', p.media->>'filename', 'sender', p.sender,
    'agent_id', p.agent_id, 'at', extract(epoch from p.created_at) * 1000,
    -- Looked up only for an agent's message: a join here scanned the (small) agents table once per row.
    'agent_name', case when p.agent_id is null then null else (select pa.name from agents pa where pa.id = p.agent_id) end)
  from messages p
  where p.conversation_id = ${conversationId} and p.sender in ('user', 'agent') and p.direction <> 'internal'
    and p.type not in ('reaction', 'system')
  order by p.id desc limit 1)`;

interface PreviewRow {
  text: string | null; type: string; filename: string | null; sender: 'user' | 'agent'; agent_id: string | null; agent_name: string | null; at: number;
}

function previewFrom(value: unknown): Preview {
  if (value === null || value === undefined) return null;
  // node-postgres and PGlite both parse json; a driver that does not gives the text.
  const p = (typeof value === 'string' ? JSON.parse(value) : value) as PreviewRow;
  return {
    text: previewLine(p),
    sender: p.sender,
    agent: p.agent_id !== null && p.agent_name !== null ? { id: p.agent_id, name: p.agent_name } : null,
    timestamp: new Date(Number(p.at)).toISOString(),
  };
}

/** Conversations by most recent activity, with the last message and unread count; cursor-paged. */
export async function listConversations(db: Executor, filter: ConversationFilter) {
  const where: SQL[] = [];
  if (filter.conversationId) where.push(eq(conversations.id, filter.conversationId));
  if (filter.state) where.push(isConversationState(filter.state) ? eq(conversations.state, filter.state) : sql`false`);
  if (filter.active) where.push(isNotNull(conversations.activeChatSessionId));
  if (filter.status) where.push(eq(conversations.status, filter.status));
  if (filter.label) {
    where.push(sql`exists (select 1 from conversation_labels cl join labels l on l.id = cl.label_id where cl.conversation_id = ${conversations.id} and lower(l.name) = lower(${filter.label}))`);
  }
  if (filter.assignee === 'none') {
    where.push(sql`exists (select 1 from chat_sessions s where s.id = ${conversations.activeChatSessionId} and s.assigned_agent_id is null)`);
  } else if (filter.assignee) {
    where.push(sql`exists (select 1 from chat_sessions s where s.id = ${conversations.activeChatSessionId} and s.assigned_agent_id = ${filter.assignee}::uuid)`);
  }
  if (filter.search) where.push(conversationSearch(searchTerms(filter.search, filter.country ?? null)));
  if (filter.cursor) {
    const [micros, id] = decodeCursor(filter.cursor, ['integer', 'uuid']);
    where.push(sql`(${conversations.lastMessageAt}, ${conversations.id}) < (timestamptz 'epoch' + ${micros}::bigint * interval '1 microsecond', ${id}::uuid)`);
  }
  // Read as one JSON value (db/json-rows.ts): with 20 conversations a page, the drivers' field-by-field
  // decoding and drizzle's building and mapping of this statement were most of the request's CPU.
  const rows = await readJson<ListRow[]>(db, sql`
    select coalesce(json_agg(x order by x.last_message_at desc, x.id desc), '[]') from (
      select conversations.id, conversations.phone_number, conversations.wa_id, conversations.username, conversations.user_id,
        conversations.profile_name, conversations.registered_name, conversations.state, conversations.active_chat_session_id,
        conversations.unread_count, conversations.last_inbound_at, conversations.last_message_at, conversations.status,
        conversations.snoozed_until, ${activityMicros} as activity_micros,
        lm.text as last_text, lm.created_at as last_at, lm.sender as last_sender, lm.type as last_type,
        ${labelNames(conversations.id)} as labels, s.assigned_agent_id, a.name as assigned_agent_name,
        ${previewOf(sql`${conversations.id}`)} as preview
      from conversations
      -- Agents' private notes are not the conversation's last message (for API clients, or the seed's view).
      left join lateral (select m.text, m.created_at, m.sender, m.type from messages m
        where m.conversation_id = conversations.id and m.type <> 'note' order by m.id desc limit 1) lm on true
      -- The active chat and its agent: one join, for both the assignee's id and name.
      left join chat_sessions s on s.id = conversations.active_chat_session_id
      left join agents a on a.id = s.assigned_agent_id
      where ${where.length ? and(...where) : sql`true`}
      order by conversations.last_message_at desc, conversations.id desc
      limit ${filter.limit + 1}) x`);
  const page = rows.slice(0, filter.limit);
  const tail = page.at(-1);
  return {
    conversations: page.map((c) => {
      const lastInboundAt = c.last_inbound_at === null ? null : new Date(c.last_inbound_at);
      return {
        id: c.id,
        phone_number: c.phone_number,
        wa_id: c.wa_id,
        username: c.username,
        user_id: c.user_id,
        profile_name: c.profile_name,
        registered_name: c.registered_name,
        name: c.registered_name ?? c.profile_name,
        state: stateName(c.state),
        chat_support_active: c.active_chat_session_id !== null,
        last_message: c.last_at ? seedLine(c.last_text, c.last_type, c.last_at, c.last_sender) : null,
        preview: previewFrom(c.preview),
        unread_count: c.unread_count,
        last_inbound_at: lastInboundAt?.toISOString() ?? null,
        window_closes_at: windowClosesAt(lastInboundAt)?.toISOString() ?? null,
        updated_at: iso(c.last_message_at)!,
        status: c.status,
        snoozed_until: iso(c.snoozed_until),
        labels: c.labels,
        assigned_agent_id: c.assigned_agent_id,
        assigned_agent_name: c.assigned_agent_name,
      };
    }),
    next_cursor: rows.length > filter.limit && tail ? encodeCursor([tail.activity_micros, tail.id]) : null,
  };
}

/** A row of the list's statement, as JSON gives it. */
interface ListRow {
  id: string; phone_number: string | null; wa_id: string | null; username: string | null; user_id: string | null;
  profile_name: string | null; registered_name: string | null; state: string; active_chat_session_id: string | null;
  unread_count: number; last_inbound_at: string | null; last_message_at: string; status: ConversationStatus; snoozed_until: string | null;
  activity_micros: string; last_text: string | null; last_at: string | null; last_sender: MessageSender | null; last_type: string | null;
  labels: string[]; assigned_agent_id: string | null; assigned_agent_name: string | null; preview: PreviewRow | null;
}

export interface HistoryPage {
  limit: number;
  before?: string;
}

const messageFromJson = tableRowReader(messages);

/**
 * A conversation's history page (oldest first within the page, paged backwards from the newest) and the
 * seed's view of its current (or latest) chat — its user and agent messages — in one statement, read as one
 * JSON value (db/json-rows.ts): a history page is read on every click in the inbox.
 */
export async function conversationPage(db: Executor, conversationId: string, page: HistoryPage) {
  const before = page.before ? sql`and m.id < ${Number(decodeCursor(page.before, ['integer'])[0])}` : sql``;
  const value = await readJson<{ page: Array<Record<string, unknown> & { agent_name: string | null }>; chat: Array<{ text: string | null; type: string; sender: MessageSender; at: string }> }>(db, sql`
    select json_build_object(
      'page', coalesce((select json_agg(h order by h.id desc) from (
        select m.*, case when m.agent_id is null then null else (select a.name from agents a where a.id = m.agent_id) end as agent_name
        from messages m where m.conversation_id = ${conversationId} ${before}
        order by m.id desc limit ${page.limit + 1}) h), '[]'),
      'chat', coalesce((select json_agg(json_build_object('text', v.text, 'type', v.type, 'sender', v.sender, 'at', v.created_at) order by v.id)
        from messages v
        where v.chat_session_id = (select s.id from chat_sessions s where s.conversation_id = ${conversationId} order by s.started_at desc limit 1)
          and v.sender in ('user', 'agent') and v.direction <> 'internal'), '[]'))`);
  const slice = value.page.slice(0, page.limit).reverse();
  const chatMessages = value.chat.map((m) => seedLine(m.text, m.type, m.at, m.sender));
  return {
    chat_last_message_time: chatMessages.at(-1)?.timestamp ?? null,
    chat_messages: chatMessages,
    messages: slice.map((row) => messageView(messageFromJson(row), row.agent_name)),
    next_cursor: value.page.length > page.limit && slice[0] ? encodeCursor([Number(slice[0].id)]) : null,
  };
}

/**
 * Active chats, longest waiting first. A chat is waiting from its first user message after the last
 * agent message — or from its start when the user asked for support and no agent has answered yet.
 */
export async function supportQueue(db: Executor) {
  const result = await db.execute(sql`
    select s.id as chat_session_id, s.started_at, s.started_by, s.assigned_agent_id, ag.name as assigned_agent_name,
      c.id as conversation_id, c.phone_number, coalesce(c.registered_name, c.profile_name) as name, c.unread_count,
      c.status, c.snoozed_until, ${labelNames(sql`c.id`)} as labels,
      coalesce(
        (select min(m.created_at) from messages m
          where m.chat_session_id = s.id and m.sender = 'user' and m.id > coalesce(la.max_id, 0)),
        case when la.max_id is null and s.started_by = 'user' then s.started_at end
      ) as waiting_since,
      lm.text as last_text, lm.type as last_type, lm.sender as last_sender, lm.created_at as last_at,
      ${previewOf(sql`c.id`)} as preview
    from chat_sessions s
    join conversations c on c.id = s.conversation_id
    left join agents ag on ag.id = s.assigned_agent_id
    left join lateral (select max(a.id) as max_id from messages a where a.chat_session_id = s.id and a.sender = 'agent' and a.direction <> 'internal') la on true
    left join lateral (select text, type, sender, created_at from messages l where l.conversation_id = c.id and l.type <> 'note' order by l.id desc limit 1) lm on true
    where s.ended_at is null
    order by waiting_since asc nulls last, s.started_at asc`);
  type Row = {
    chat_session_id: string; started_at: string | Date; started_by: 'user' | 'agent'; assigned_agent_id: string | null; assigned_agent_name: string | null;
    conversation_id: string; phone_number: string | null; name: string | null; unread_count: number;
    status: ConversationStatus; snoozed_until: string | Date | null; labels: string[] | string;
    waiting_since: string | Date | null; last_text: string | null; last_type: string | null; last_sender: MessageSender | null; last_at: string | Date | null;
    preview: unknown;
  };
  return rowsOf<Row>(result).map((r) => ({
    conversation_id: r.conversation_id,
    phone_number: r.phone_number,
    name: r.name,
    chat_session_id: r.chat_session_id,
    started_at: iso(r.started_at)!,
    started_by: r.started_by,
    waiting_since: iso(r.waiting_since),
    unanswered: r.waiting_since !== null,
    unread_count: r.unread_count,
    assigned_agent_id: r.assigned_agent_id,
    assigned_agent_name: r.assigned_agent_name,
    last_message: r.last_at ? seedLine(r.last_text, r.last_type, r.last_at, r.last_sender) : null,
    preview: previewFrom(r.preview),
    status: r.status,
    snoozed_until: iso(r.snoozed_until),
    // A raw query's json column: parsed by node-postgres, a string from some drivers.
    labels: typeof r.labels === 'string' ? (JSON.parse(r.labels) as string[]) : r.labels,
  }));
}

/** The open chat (if any) and how many chats this contact had before. */
export async function chatSummary(db: Executor, conversationId: string) {
  const rows = await db
    .select({ session: chatSessions, assigneeName: agents.name })
    .from(chatSessions)
    .leftJoin(agents, eq(agents.id, chatSessions.assignedAgentId))
    .where(eq(chatSessions.conversationId, conversationId))
    .orderBy(desc(chatSessions.startedAt));
  const ended = rows.filter((r) => r.session.endedAt !== null);
  const recent = ended.slice(0, RECENT_CHATS).map(({ session: s, assigneeName }) => ({
    id: s.id, started_at: s.startedAt.toISOString(), ended_at: s.endedAt!.toISOString(), ended_by: s.endedBy,
    first_response_at: s.firstResponseAt?.toISOString() ?? null, assigned_agent_id: s.assignedAgentId, assigned_agent_name: assigneeName,
    rating: s.csatStatus === null ? null : {
      status: s.csatStatus, rating: s.csatRating, comment: s.csatComment, rated_at: s.csatRatedAt?.toISOString() ?? null, skip_reason: s.csatSkipReason,
    },
  }));
  const open = rows.find((r) => r.session.endedAt === null);
  if (!open) return { chat: null, past_chats: ended.length, recent_chats: recent };
  const { session: s, assigneeName } = open;
  return {
    chat: {
      id: s.id, started_at: s.startedAt.toISOString(), started_by: s.startedBy, first_response_at: s.firstResponseAt?.toISOString() ?? null,
      assigned_agent_id: s.assignedAgentId, assigned_agent_name: assigneeName,
    },
    past_chats: ended.length,
    recent_chats: recent,
  };
}

/** How many ended chats the conversation's detail shows. */
const RECENT_CHATS = 10;

/** The counts behind the list's views: one pass over conversations and their active chats, one over labels. */
export async function viewCounts(db: Executor, me: string | null) {
  const [totals] = rowsOf<{ open: number; pending: number; snoozed: number; resolved: number; mine: number; unassigned: number }>(await db.execute(sql`
    select
      count(*) filter (where c.status = 'open')::int as open,
      count(*) filter (where c.status = 'pending')::int as pending,
      count(*) filter (where c.status = 'snoozed')::int as snoozed,
      count(*) filter (where c.status = 'resolved')::int as resolved,
      count(s.id) filter (where s.assigned_agent_id = ${me}::uuid)::int as mine,
      count(s.id) filter (where s.assigned_agent_id is null)::int as unassigned
    from conversations c left join chat_sessions s on s.id = c.active_chat_session_id`));
  const labelRows = rowsOf<{ name: string; n: number }>(await db.execute(sql`
    select l.name, count(cl.conversation_id)::int as n from labels l left join conversation_labels cl on cl.label_id = l.id group by l.id, l.name`));
  const { mine = 0, unassigned = 0, ...status } = totals ?? { open: 0, pending: 0, snoozed: 0, resolved: 0 };
  return { status, mine, unassigned, labels: Object.fromEntries(labelRows.map((row) => [row.name, row.n])) };
}
