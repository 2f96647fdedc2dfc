import { eq, sql } from 'drizzle-orm';
import type { ContentLibrary } from '../content/library.js';
import { rowsOf, type Db, type Executor } from '../db/client.js';
import { settings } from '../db/schema.js';
import type { EventBus } from '../events/bus.js';
import { chatAssigned, messageCreated } from '../events/payloads.js';
import type { Logger } from '../logger.js';
import { insertOutboundMessage } from '../store/messages.js';
import { inTransaction } from '../store/unit-of-work.js';
import { isWindowOpen } from './message-window.js';

/** How chats are given out (`GET|PUT /api/admin/settings/assignment`). */
export interface AssignmentSettings {
  /** New waiting chats go to available agents in turn (round-robin). */
  autoAssign: boolean;
  /** An agent with this many active chats gets no more until one ends; the chat waits in the queue. */
  maxOpenChatsPerAgent: number;
  /** An agent who sets themselves away loses their active chats back to the queue (given out again). */
  unassignWhenAway: boolean;
  /** The user is told, in the content's words, which agent joined. */
  announceAgent: boolean;
}

export const DEFAULT_ASSIGNMENT: AssignmentSettings = { autoAssign: false, maxOpenChatsPerAgent: 5, unassignWhenAway: false, announceAgent: false };

const KEY = 'assignment';
/** Any number both instances agree on: assignment decisions are taken one at a time across instances. */
const ASSIGNMENT_LOCK = 730_100_01;

export async function readAssignmentSettings(db: Executor): Promise<AssignmentSettings> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, KEY));
  return { ...DEFAULT_ASSIGNMENT, ...((row?.value ?? {}) as Partial<AssignmentSettings>) };
}

export async function writeAssignmentSettings(db: Executor, change: Partial<AssignmentSettings>): Promise<AssignmentSettings> {
  const value = { ...(await readAssignmentSettings(db)), ...change };
  await db
    .insert(settings)
    .values({ key: KEY, value })
    .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: sql`now()` } });
  return value;
}

interface WaitingChat {
  chat_session_id: string;
  conversation_id: string;
  phone_number: string | null;
  language: string | null;
  last_inbound_at: string | Date | null;
  profile_name: string | null;
}

interface Candidate {
  id: string;
  name: string;
  open: number;
}

/**
 * One round of assignment: with `unassignWhenAway`, the active chats of agents who are away (or were
 * deactivated) go back to the queue; with `autoAssign`, every unassigned active chat, oldest first, goes
 * to the available agent who has waited longest for one and has room under the limit. Chats wait when
 * everyone is full and are given out on a later round, the moment someone frees up. One transaction
 * under an advisory lock, so instances never hand out the same chat twice; a chat whose conversation an
 * agent is acting on right now (row locked) is left for the next round.
 */
export async function assignRound(deps: { db: Db; bus: EventBus; content: ContentLibrary; now?: () => Date }): Promise<number> {
  const setting = await readAssignmentSettings(deps.db);
  if (!setting.autoAssign && !setting.unassignWhenAway) return 0;
  return inTransaction(deps.db, deps.bus, async (tx, events) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${ASSIGNMENT_LOCK})`);
    let changed = 0;
    if (setting.unassignWhenAway) {
      const released = rowsOf<{ id: string; conversation_id: string; phone_number: string | null }>(await tx.execute(sql`
        update chat_sessions s set assigned_agent_id = null
        from agents a, conversations c
        where s.ended_at is null and s.assigned_agent_id = a.id and (a.availability = 'away' or a.disabled_at is not null) and c.id = s.conversation_id
        returning s.id, c.id as conversation_id, c.phone_number`));
      for (const chat of released) events.add(chatAssigned({ id: chat.conversation_id, phoneNumber: chat.phone_number }, chat.id, null));
      changed += released.length;
    }
    if (!setting.autoAssign) return changed;

    const waiting = rowsOf<WaitingChat>(await tx.execute(sql`
      select s.id as chat_session_id, c.id as conversation_id, c.phone_number, c.language, c.last_inbound_at, coalesce(c.registered_name, c.profile_name) as profile_name
      from chat_sessions s join conversations c on c.id = s.conversation_id
      where s.ended_at is null and s.assigned_agent_id is null
      order by s.started_at
      limit 100
      for update of c skip locked`));
    if (waiting.length === 0) return changed;
    // In turn: whoever was given a chat longest ago (or never) first.
    const rotation = rowsOf<Candidate>(await tx.execute(sql`
      select a.id, a.name, (select count(*)::int from chat_sessions s where s.ended_at is null and s.assigned_agent_id = a.id) as open
      from agents a
      where a.disabled_at is null and a.availability = 'available'
      order by a.last_assigned_at asc nulls first, a.created_at asc`));
    const now = deps.now?.() ?? new Date();
    for (const chat of waiting) {
      const index = rotation.findIndex((agent) => agent.open < setting.maxOpenChatsPerAgent);
      if (index === -1) break;
      const [agent] = rotation.splice(index, 1);
      agent!.open += 1;
      rotation.push(agent!);
      await tx.execute(sql`update chat_sessions set assigned_agent_id = ${agent!.id} where id = ${chat.chat_session_id} and assigned_agent_id is null`);
      // clock_timestamp(): later for each chat of this round, so the order of turns follows the round.
      await tx.execute(sql`update agents set last_assigned_at = clock_timestamp() where id = ${agent!.id}`);
      const conversation = { id: chat.conversation_id, phoneNumber: chat.phone_number };
      events.add(chatAssigned(conversation, chat.chat_session_id, agent!));
      if (setting.announceAgent && isWindowOpen(chat.last_inbound_at === null ? null : new Date(chat.last_inbound_at), now)) {
        const content = deps.content.for({ language: chat.language, phoneNumber: chat.phone_number });
        const text = content.chat.agentJoined.replaceAll('{agent}', firstName(agent!.name)).replaceAll('{name}', chat.profile_name ?? '');
        const row = await insertOutboundMessage(tx, {
          conversationId: chat.conversation_id, chatSessionId: chat.chat_session_id, sender: 'bot', message: { kind: 'text', body: text },
        });
        events.add(messageCreated(conversation, row, null));
        events.outbox = true;
      }
      changed += 1;
    }
    return changed;
  });
}

const firstName = (name: string) => name.trim().split(/\s+/)[0] ?? name;

/**
 * Runs assignment rounds: soon after a chat starts, ends or changes hands (any instance's, through the
 * committed events), and every few seconds for what no event announces (an agent back from away).
 */
export class Assigner {
  private timer: NodeJS.Timeout | null = null;
  private soon: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly deps: Parameters<typeof assignRound>[0] & { log: Logger; everyMs?: number }) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.run(), this.deps.everyMs ?? 5_000);
    this.timer.unref();
    this.unsubscribe = this.deps.bus.subscribe((event) => {
      if (event.name === 'chat.started' || event.name === 'chat.ended' || (event.name === 'chat.assigned' && (event.payload as { agent_id: string | null }).agent_id === null)) this.wake();
    });
  }

  /** Something changed that may let a chat be given out: a round in a moment (bursts make one round). */
  wake(): void {
    if (this.soon || !this.timer) return;
    this.soon = setTimeout(() => {
      this.soon = null;
      this.run();
    }, 20);
  }

  private run(): void {
    this.running = this.running.then(() => assignRound(this.deps)).catch((err: unknown) => this.deps.log.warn({ err }, 'an assignment round failed'));
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    if (this.soon) clearTimeout(this.soon);
    this.timer = this.soon = null;
    this.unsubscribe?.();
    await this.running;
  }
}
