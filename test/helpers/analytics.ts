import { randomInt, randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db } from '../../src/db/client.js';
import { agents, chatSessions, conversationLabels, conversations, labels, messages } from '../../src/db/schema.js';

/** Chats written straight into the database, with known times, agents, labels, ratings and messages: for the analytics tests. */

type Kind = 'user' | 'agent' | 'bot' | 'system' | 'note' | 'reaction';

export interface SeedChat {
  /** Any name: chats with the same one share a conversation (one open chat per conversation at most). */
  conversation: string;
  /** ISO 8601. */
  startedAt: string;
  /** Seconds after the start of the first agent reply; absent: none. */
  respondedAfter?: number;
  endedAfter?: number;
  /** An agent's name from `SeedSet.agents`. */
  agent?: string;
  csat?: { status: 'asked' | 'skipped' } | { status: 'rated'; rating: number };
  messages?: Partial<Record<Kind, number>>;
}

export interface SeedSet {
  agents: string[];
  /** Label name → the conversations that carry it. */
  labels?: Record<string, string[]>;
  chats: SeedChat[];
}

export interface Seeded {
  agentIds: Record<string, string>;
  labelIds: Record<string, string>;
}

const MESSAGE_OF: Record<Kind, Pick<typeof messages.$inferInsert, 'direction' | 'sender' | 'type' | 'status'>> = {
  user: { direction: 'inbound', sender: 'user', type: 'text', status: 'received' },
  agent: { direction: 'outbound', sender: 'agent', type: 'text', status: 'sent' },
  bot: { direction: 'outbound', sender: 'bot', type: 'text', status: 'sent' },
  system: { direction: 'internal', sender: 'system', type: 'event', status: 'noted' },
  note: { direction: 'internal', sender: 'agent', type: 'note', status: 'noted' },
  reaction: { direction: 'outbound', sender: 'agent', type: 'reaction', status: 'sent' },
};

const seconds = (iso: string, after: number | undefined) => (after === undefined ? null : new Date(Date.parse(iso) + after * 1000));

export async function seedChats(db: Db, set: SeedSet): Promise<Seeded> {
  const run = randomUUID().slice(0, 8);
  const numberBase = String(randomInt(1_000_000)).padStart(6, '0');
  const agentRows = await db.insert(agents)
    .values(set.agents.map((name) => ({ name, email: `${name.toLowerCase().replace(/\W+/g, '.')}.${run}@analytics.test` })))
    .returning({ id: agents.id, name: agents.name });
  const agentIds = Object.fromEntries(agentRows.map((a) => [a.name, a.id]));

  const names = [...new Set(set.chats.map((c) => c.conversation))];
  const conversationRows = await db.insert(conversations)
    .values(names.map((name, i) => {
      const waId = `2348${numberBase}${String(i).padStart(3, '0')}`;
      return { contactKey: waId, waId, phoneNumber: `+${waId}`, profileName: name, status: 'resolved' as const };
    }))
    .returning({ id: conversations.id });
  const conversationIds = Object.fromEntries(names.map((name, i) => [name, conversationRows[i]!.id]));

  const labelIds: Record<string, string> = {};
  for (const [name, carriers] of Object.entries(set.labels ?? {})) {
    const [label] = await db.insert(labels).values({ name, color: '#1e88e5' }).returning({ id: labels.id });
    labelIds[name] = label!.id;
    if (carriers.length) await db.insert(conversationLabels).values(carriers.map((c) => ({ conversationId: conversationIds[c]!, labelId: label!.id })));
  }

  for (const chat of set.chats) {
    const agentId = chat.agent === undefined ? null : agentIds[chat.agent]!;
    const conversationId = conversationIds[chat.conversation]!;
    const [row] = await db.insert(chatSessions).values({
      conversationId,
      startedAt: new Date(chat.startedAt),
      firstResponseAt: seconds(chat.startedAt, chat.respondedAfter),
      endedAt: seconds(chat.startedAt, chat.endedAfter),
      assignedAgentId: agentId,
      csatStatus: chat.csat?.status ?? null,
      csatRating: chat.csat?.status === 'rated' ? chat.csat.rating : null,
    }).returning({ id: chatSessions.id });
    const rows = Object.entries(chat.messages ?? {}).flatMap(([kind, n]) => Array.from({ length: n }, () => ({
      ...MESSAGE_OF[kind as Kind], conversationId, chatSessionId: row!.id, text: `${kind} message`,
      agentId: MESSAGE_OF[kind as Kind].sender === 'agent' ? agentId : null,
    })));
    if (rows.length) await db.insert(messages).values(rows);
  }
  return { agentIds, labelIds };
}

/**
 * `count` chats spread evenly over the 365 days of 2025 (UTC), ten per conversation, every one ended, half
 * answered, a fifth rated, with two messages each; written by a few set-based statements, then analysed.
 */
export async function seedManyChats(db: Db, count: number): Promise<void> {
  const perConversation = 10;
  const conversationCount = Math.ceil(count / perConversation);
  await db.execute(sql`
    insert into conversations (contact_key, wa_id, phone_number, status)
    select 'bulk-' || i, '2348' || lpad(i::text, 9, '0'), '+2348' || lpad(i::text, 9, '0'), 'resolved'
    from generate_series(1, ${conversationCount}::int) i`);
  await db.execute(sql`
    insert into chat_sessions (conversation_id, started_at, first_response_at, ended_at, csat_status, csat_rating)
    select c.id, s.at, case when i % 2 = 0 then s.at + (i % 600) * interval '1 second' end, s.at + interval '20 minutes',
      case when i % 5 = 0 then 'rated' end, case when i % 5 = 0 then 1 + (i / 5) % 5 end
    from generate_series(0, ${count - 1}::int) i
      cross join lateral (select timestamptz '2025-01-01 00:00:00+00' + (i * (365 * 86400.0 / ${count}::int))::float8 * interval '1 second' as at) s
      join conversations c on c.contact_key = 'bulk-' || (1 + i / ${perConversation}::int)`);
  await db.execute(sql`
    insert into messages (conversation_id, chat_session_id, direction, sender, type, text, status, created_at)
    select s.conversation_id, s.id, d.direction, d.sender, 'text', 'hello', 'sent', s.started_at
    from chat_sessions s join conversations c on c.id = s.conversation_id and c.contact_key like 'bulk-%'
      cross join (values ('inbound', 'user'), ('outbound', 'agent')) as d(direction, sender)`);
  await db.execute(sql`analyze chat_sessions`);
  await db.execute(sql`analyze messages`);
}

/** The ISO day `offset` days from today in `tz` (negative: before). */
export function dayInZone(tz: string, offset: number, now = new Date()): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  const at = new Date(`${today}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() + offset);
  return at.toISOString().slice(0, 10);
}

/**
 * A plausible month for a desk of four (for screenshots): 30 days before today in `tz` (UTC+1 assumed for
 * the hours), busier on weekday mornings, some missed, about half rated. A fixed seed: the same chats each time.
 */
export function busyMonth(tz: string, now = new Date()): SeedSet {
  let state = 20261201;
  const random = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
  const agentNames = ['Grace Obi', 'Tolu Ade', 'Musa Bello', 'Ifeoma Eze'];
  const chats: SeedChat[] = [];
  for (let offset = -29; offset <= 0; offset += 1) {
    const day = dayInZone(tz, offset, now);
    const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
    const n = weekday >= 5 ? 2 + Math.floor(random() * 4) : 7 + Math.floor(random() * 8);
    for (let i = 0; i < n; i += 1) {
      const hour = Math.min(21, Math.max(6, Math.round(7 + random() * 6 + (random() < 0.35 ? random() * 8 : 0))));
      const startedAt = new Date(`${day}T${String(hour).padStart(2, '0')}:${String(Math.floor(random() * 60)).padStart(2, '0')}:00Z`);
      if (startedAt.getTime() > now.getTime()) continue;
      const missed = random() < 0.08;
      const agent = missed ? undefined : agentNames[Math.floor(random() * agentNames.length)];
      const rated = !missed && random() < 0.55;
      chats.push({
        conversation: `busy-${chats.length}`, startedAt: startedAt.toISOString(), agent,
        respondedAfter: missed ? undefined : Math.round(15 + random() * random() * 600),
        endedAfter: Math.round(300 + random() * 2400),
        csat: rated ? { status: 'rated', rating: [5, 5, 5, 4, 4, 4, 3, 2, 1][Math.floor(random() * 9)]! } : undefined,
        messages: { user: 1 + Math.floor(random() * 6), agent: missed ? 0 : 1 + Math.floor(random() * 5), bot: 2 },
      });
    }
  }
  return { agents: agentNames, labels: { billing: chats.filter((_, i) => i % 4 === 0).map((c) => c.conversation) }, chats };
}
