/**
 * The large history of `npm run bench -- --history`: many more conversations with years-of-use volumes of
 * messages, written in bulk by SQL (`generate_series`, one INSERT … SELECT per table), never through the API.
 * It comes on top of `seedDatabase` (the 1,100 bench contacts the load and the status webhooks use), so the
 * same load runs against a database that is 100 times bigger.
 *
 * What the rows look like, so that the endpoints do the work they do on a real database:
 * - conversations: registered contacts whose last activity is spread over the last 90 days (the newest
 *   interleave with the bench contacts on the list's first page); `last_inbound_at` and `last_message_at`
 *   are computed from their messages; `status` follows their chats (pending, resolved, open); 30 % carry
 *   one or two labels.
 * - messages, `perConversation` per conversation, 2 hours apart, ids in time order across conversations
 *   (as the app writes them): a user text, the bot's answer, the bot's menu (buttons), over and over; every
 *   fifth conversation ends with a support chat (a `chat_sessions` row assigned to the bench agent, its
 *   "chat started" note, user and agent messages, its "ended" note), every 50th chat still open
 *   (CHAT_SUPPORT_ACTIVE, waiting on the user's last message, 1 unread). Outbound messages are `read`, the
 *   last two `delivered`, all with wamids as long as Meta's.
 * - what retention leaves (src/db/maintenance.ts): `outbox` rows (sent) for the messages of the last 7 days,
 *   `domain_events` (`message.created`) for those of the last 3 days; `status_events` are kept forever, one
 *   per outbound message here (its last status; Meta sends 2–3).
 *
 * Bulk-load method: one transaction with `session_replication_role = replica` (no per-row foreign-key
 * triggers; the rows are consistent by construction), the secondary indexes of the big tables dropped
 * before and re-created after from their own definitions (`pg_indexes`), then VACUUM ANALYZE and a
 * CHECKPOINT so that neither autovacuum nor hint-bit writes land in the measured runs.
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../../src/db/client.js';

export interface HistoryOptions {
  /** Conversations in the database when done (the seeded bench contacts included). */
  conversations: number;
  /** Messages per added conversation; at least 12 (a support chat takes the last 10). */
  perConversation: number;
  /** The agent who answers the seeded support chats. */
  agentId: string;
  /** Called with a line after each step (it takes minutes). */
  progress?: (line: string) => void;
}

export interface HistoryCounts {
  conversations: number;
  messages: number;
  outbox: number;
  status_events: number;
  domain_events: number;
  chat_sessions: number;
  seconds: number;
}

/** Tables whose secondary indexes are dropped during the load and re-created after. */
const BIG_TABLES = ['messages', 'outbox', 'status_events', 'domain_events'];

export async function seedHistory(db: Db, options: HistoryOptions): Promise<HistoryCounts> {
  const started = performance.now();
  const M = Math.max(12, Math.floor(options.perConversation));
  const [existing] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from conversations`));
  const N = Math.max(0, options.conversations - existing!.n);
  const say = (line: string) => options.progress?.(`${line} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  const agent = options.agentId;
  // now() is the transaction's start: every row below shares one clock.
  const at = (i: SQL_, j: SQL_) => sql`now() - ${i} * (interval '90 days' / ${N}::int) - (${M}::int - 1 - ${j}) * interval '2 hours'`;

  await db.transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    const indexes = rowsOf<{ name: string; def: string }>(await tx.execute(sql`
      select i.indexname as name, i.indexdef as def from pg_indexes i
      where i.schemaname = current_schema() and i.tablename in (${sql.join(BIG_TABLES.map((t) => sql`${t}`), sql`, `)})
        and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`));
    for (const index of indexes) await tx.execute(sql.raw(`drop index "${index.name}"`));
    const [before] = rowsOf<{ id: number }>(await tx.execute(sql`select coalesce(max(id), 0)::bigint as id from messages`));
    const after = Number(before!.id);

    await tx.execute(sql`
      insert into conversations (contact_key, wa_id, phone_number, profile_name, registered_name, state, state_data, unread_count, status,
        last_message_at, created_at, updated_at)
      select k, k, '+' || k, 'Customer ' || i, 'Customer ' || i,
        case when i % 50 = 0 then 'CHAT_SUPPORT_ACTIVE' else 'REGISTERED' end,
        '{"greeted": true}'::jsonb,
        case when i % 50 = 0 then 1 else 0 end,
        case when i % 50 = 0 then 'open' when i % 5 = 0 then 'resolved' else 'pending' end,
        ${at(sql`i`, sql`${M - 1}::int`)}, ${at(sql`i`, sql`0`)}, ${at(sql`i`, sql`${M - 1}::int`)}
      from (select i, '23490' || lpad(i::text, 8, '0') as k from generate_series(1, ${N}::int) i) g`);
    say(`history: ${N} conversations`);

    // Every fifth conversation ends with a support chat; every 50th is still open.
    await tx.execute(sql`
      insert into chat_sessions (conversation_id, started_at, started_by, first_response_at, ended_at, ended_by, ended_by_agent_id, assigned_agent_id)
      select c.id, ${at(sql`i`, sql`${M - 10}::int`)}, 'user', ${at(sql`i`, sql`${M - 8}::int`)},
        case when i % 50 <> 0 then ${at(sql`i`, sql`${M - 1}::int`)} end,
        case when i % 50 <> 0 then 'agent' end,
        case when i % 50 <> 0 then ${agent}::uuid end,
        ${agent}::uuid
      from generate_series(5, ${N}::int, 5) i
      join conversations c on c.contact_key = '23490' || lpad(i::text, 8, '0')`);
    await tx.execute(sql`
      update conversations c set active_chat_session_id = s.id
      from chat_sessions s where s.conversation_id = c.id and s.ended_at is null and c.state = 'CHAT_SUPPORT_ACTIVE'`);
    say('history: chat sessions');

    await tx.execute(sql`
      insert into messages (conversation_id, chat_session_id, direction, sender, agent_id, type, text, payload, wamid, status, sent_at, status_at, created_at)
      select cid,
        case when in_chat then sid end,
        case kind when 'user' then 'inbound' when 'note' then 'internal' else 'outbound' end,
        case kind when 'user' then 'user' when 'agent' then 'agent' when 'note' then 'system' else 'bot' end,
        case when kind = 'agent' then ${agent}::uuid end,
        case kind when 'menu' then 'buttons' when 'note' then 'event' else 'text' end,
        body,
        case kind
          when 'user' then jsonb_build_object('from', wa, 'id', wamid, 'timestamp', extract(epoch from created)::bigint::text, 'type', 'text',
            'text', jsonb_build_object('body', body))
          when 'menu' then jsonb_build_object('kind', 'buttons', 'body', body, 'buttons', '[{"id":"support","title":"Talk to support"},{"id":"hours","title":"Opening hours"},{"id":"faq","title":"Questions"}]'::jsonb)
          when 'note' then null
          else jsonb_build_object('kind', 'text', 'body', body)
        end,
        wamid,
        case when kind = 'user' then 'received' when kind = 'note' then 'noted' when j >= ${M - 2}::int then 'delivered' else 'read' end,
        case when kind = 'user' then created - interval '1 second' end,
        case when kind in ('bot', 'menu', 'agent') then created + interval '5 seconds' end,
        created
      from (
        select i, j, cid, wa, sid, in_chat, kind, created,
          case kind when 'note' then null
            else 'wamid.HBgNMjM0OTA' || lpad(i::text, 8, '0') || 'FQIAERgS' || lpad(j::text, 4, '0') || case when kind = 'user' then 'SU5CT1VORA==' else 'T1VUQk9VTkQ=' end
          end as wamid,
          case kind
            when 'user' then (array['Hello, where is my order ' || (10000 + i) || '?', 'Hi! I paid for invoice ' || (20000 + i) || ' yesterday but got no confirmation',
              'Good morning, what are your opening hours on Saturday?', 'can you help me with my account please', 'Thank you, that solved it'])[1 + (i + j) % 5]
            when 'bot' then 'Thanks for your message! Choose an option from the menu below.'
            when 'menu' then 'How can we help you today, Customer ' || i || '?'
            when 'agent' then 'Hi, this is Grace from support. I am looking at order ' || (10000 + i) || ' for you now.'
            when 'note' then case when j = ${M - 10}::int then 'Customer ' || i || ' asked for support' else 'Grace ended the chat' end
          end as body
        from (
          select i, j, c.id as cid, c.wa_id as wa, s.id as sid, ${at(sql`i`, sql`j`)} as created,
            (i % 5 = 0 and j >= ${M - 10}::int) as in_chat,
            case
              when i % 5 = 0 and j = ${M - 10}::int then 'note'
              when i % 5 = 0 and i % 50 <> 0 and j = ${M - 1}::int then 'note'
              when i % 5 = 0 and j > ${M - 10}::int then case when (j - ${M - 10}::int) % 2 = 1 then 'user' else 'agent' end
              when j % 3 = 0 then 'user' when j % 3 = 1 then 'bot' else 'menu'
            end as kind
          from generate_series(1, ${N}::int) i
          join conversations c on c.contact_key = '23490' || lpad(i::text, 8, '0')
          left join chat_sessions s on s.conversation_id = c.id
          cross join generate_series(0, ${M - 1}::int) j
        ) g
      ) m
      order by created, i, j`);
    say(`history: ${N * M} messages`);

    await tx.execute(sql`
      update conversations c set last_message_at = m.last, updated_at = m.last, last_inbound_at = m.last_inbound
      from (select conversation_id, max(created_at) as last, max(created_at) filter (where direction = 'inbound') as last_inbound
            from messages where id > ${after} group by conversation_id) m
      where m.conversation_id = c.id`);

    const labels = rowsOf<{ id: string }>(await tx.execute(sql`
      insert into labels (name, color) values ('billing', '#d97706'), ('delivery', '#2563eb'), ('exams', '#16a34a')
      on conflict do nothing returning id`));
    if (labels.length === 3) {
      await tx.execute(sql`
        insert into conversation_labels (conversation_id, label_id, created_at)
        select c.id, (${sql.raw(`array['${labels.map((l) => l.id).join("','")}']::uuid[]`)})[1 + n], c.last_message_at
        from conversations c cross join generate_series(0, 1) n
        where c.contact_key like '23490%' and (substr(c.contact_key, 6)::int % 10 < 3) and (n = 0 or substr(c.contact_key, 6)::int % 10 = 0)`);
    }

    await tx.execute(sql`
      insert into outbox (conversation_id, message_id, kind, status, attempts, next_attempt_at, created_at, sent_at)
      select conversation_id, id, case when direction = 'inbound' then 'read' else 'message' end, 'sent', 1, created_at, created_at, created_at + interval '300 milliseconds'
      from messages where id > ${after} and direction <> 'internal' and created_at > now() - interval '7 days' order by id`);
    await tx.execute(sql`
      insert into status_events (wamid, status, occurred_at, recipient_id, received_at)
      select m.wamid, m.status, m.status_at, c.wa_id, m.status_at
      from messages m join conversations c on c.id = m.conversation_id
      where m.id > ${after} and m.direction = 'outbound' order by m.id`);
    await tx.execute(sql`
      insert into domain_events (name, payload, created_at)
      select 'message.created', jsonb_build_object('conversation_id', m.conversation_id, 'phone_number', c.phone_number, 'message', jsonb_build_object(
          'id', m.id, 'direction', m.direction, 'sender', m.sender, 'agent_id', m.agent_id,
          'agent', case when m.agent_id is not null then jsonb_build_object('id', m.agent_id, 'name', 'Grace') end,
          'type', m.type, 'text', m.text, 'media', null,
          'timestamp', to_char(m.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
          'status', m.status, 'error', null, 'chat_session_id', m.chat_session_id, 'reply_to', null, 'reactions', '[]'::jsonb,
          'location', null, 'contacts', null,
          'choices', case when m.type = 'buttons' then jsonb_build_object('button', null, 'items',
            '[{"id":"support","title":"Talk to support","description":null},{"id":"hours","title":"Opening hours","description":null},{"id":"faq","title":"Questions","description":null}]'::jsonb) end)),
        m.created_at
      from messages m join conversations c on c.id = m.conversation_id
      where m.id > ${after} and m.created_at > now() - interval '3 days' order by m.id`);
    say('history: outbox, status events, event log');

    for (const index of indexes) await tx.execute(sql.raw(index.def));
    say(`history: ${indexes.length} indexes re-created`);
  });

  await db.execute(sql`vacuum analyze`);
  await db.execute(sql`checkpoint`).catch(() => undefined);
  say('history: vacuum analyze, checkpoint');
  const [counts] = rowsOf<Omit<HistoryCounts, 'seconds'>>(await db.execute(sql`
    select (select count(*)::int from conversations) as conversations, (select count(*)::int from messages) as messages,
      (select count(*)::int from outbox) as outbox, (select count(*)::int from status_events) as status_events,
      (select count(*)::int from domain_events) as domain_events, (select count(*)::int from chat_sessions) as chat_sessions`));
  return { ...counts!, seconds: (performance.now() - started) / 1000 };
}

type SQL_ = ReturnType<typeof sql>;
