import { eq, sql } from 'drizzle-orm';
import type { ConversationSnapshot, ConversationState, StateData } from '../bot/types.js';
import type { InboundContact } from '../whatsapp/types.js';
import { rowsOf, type Executor } from '../db/client.js';
import { tableRowReader } from '../db/json-rows.js';
import { conversations } from '../db/schema.js';

export type ConversationRow = typeof conversations.$inferSelect;

/** `+` and the digits of a wa_id: WhatsApp ids of phone users are the number in international form. */
export function phoneFromWaId(waId: string | null): string | null {
  return waId && /^\d{6,15}$/.test(waId) ? `+${waId}` : null;
}

/**
 * Finds or creates the contact's conversation and locks its row until the transaction ends, so that two
 * messages of one contact (two webhook deliveries, or a message and an agent reply) are handled one at a time.
 */
export async function lockConversationForContact(tx: Executor, contact: InboundContact): Promise<ConversationRow> {
  // Most messages come from a contact already known: one statement, the row locked. Fixed texts, the row
  // read back as JSON through the table's mappers (drizzle building these selects and inserts was a share
  // of every text's CPU: docs/benchmarks.md).
  const known = await lockedByContactKey(tx, contact.key);
  if (known) return known;
  const [created] = rowsOf<{ value: string }>(await tx.execute(sql`
    insert into conversations (contact_key, wa_id, user_id, phone_number, profile_name, username)
    values (${contact.key}, ${contact.waId}, ${contact.userId}, ${phoneFromWaId(contact.waId)}, ${contact.profileName}, ${contact.username})
    on conflict (contact_key) do nothing
    returning row_to_json(conversations.*)::text as value`));
  if (created) return conversationFromJson(JSON.parse(created.value) as Record<string, unknown>);
  // Another transaction created it meanwhile (the insert waited for its commit): lock that row.
  const row = await lockedByContactKey(tx, contact.key);
  if (!row) throw new Error(`conversation for ${contact.key} vanished`);
  return row;
}

const conversationFromJson = tableRowReader(conversations);

async function lockedByContactKey(tx: Executor, key: string): Promise<ConversationRow | null> {
  const [row] = rowsOf<{ value: string }>(await tx.execute(sql`
    select row_to_json(c.*)::text as value from conversations c where c.contact_key = ${key} for update of c`));
  return row ? conversationFromJson(JSON.parse(row.value) as Record<string, unknown>) : null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Locks the conversation named by its id or by its contact's phone number (`+digits`). */
export async function lockConversation(tx: Executor, contact: string): Promise<ConversationRow | null> {
  const where = UUID.test(contact) ? eq(conversations.id, contact) : eq(conversations.phoneNumber, contact);
  const [row] = await tx.select().from(conversations).where(where).for('update');
  return row ?? null;
}

export function snapshotOf(row: ConversationRow): ConversationSnapshot {
  return {
    state: row.state,
    stateData: row.stateData,
    registeredName: row.registeredName,
    profileName: row.profileName,
  };
}

export interface ConversationChange {
  state?: ConversationState;
  stateData?: StateData;
  registeredName?: string;
  language?: string;
  activeChatSessionId?: string | null;
  profileName?: string | null;
  username?: string | null;
  /** An inbound message at this time: moves the 24-hour window (never backwards). */
  inboundAt?: Date;
  /** Add to (or with `resetUnread`, reset) the count of user messages no agent has seen. */
  unreadDelta?: number;
  resetUnread?: boolean;
}

export async function updateConversation(tx: Executor, id: string, change: ConversationChange): Promise<void> {
  const { inboundAt, unreadDelta, resetUnread, ...fields } = change;
  await tx
    .update(conversations)
    .set({
      ...fields,
      ...(inboundAt ? { lastInboundAt: sql`greatest(${conversations.lastInboundAt}, ${inboundAt.toISOString()}::timestamptz)` } : {}),
      ...(resetUnread ? { unreadCount: 0 } : unreadDelta ? { unreadCount: sql`${conversations.unreadCount} + ${unreadDelta}` } : {}),
      lastMessageAt: sql`now()`,
      updatedAt: sql`now()`,
    })
    .where(eq(conversations.id, id));
}

/** Unlike `updateConversation`, leaves the activity time alone: reading is not activity. */
export async function resetUnread(tx: Executor, id: string): Promise<void> {
  await tx.update(conversations).set({ unreadCount: 0 }).where(eq(conversations.id, id));
}
