import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { preparedQuery } from '../db/prepared.js';
import { conversations } from '../db/schema.js';
import { DomainError } from '../domain-error.js';
import type { ConversationRow } from '../store/conversations.js';
import { contactAddress, decoded, requireWhatsAppId } from './phone.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A business-scoped user id: country code, a dot, up to 128 characters (`US.13491208655302741918`). */
const USER_ID = /^[A-Z]{2}\.[A-Za-z0-9_-]{1,128}$/;

// Every route of a conversation starts here: built once (db/prepared.ts).
const byId = preparedQuery('wadesk_contact_by_id', (db, name) => db.select().from(conversations).where(eq(conversations.id, sql.placeholder('ref'))).prepare(name));
const byUserId = preparedQuery('wadesk_contact_by_user_id', (db, name) => db.select().from(conversations).where(eq(conversations.userId, sql.placeholder('ref'))).prepare(name));
const byNumber = preparedQuery('wadesk_contact_by_number', (db, name) => db.select().from(conversations).where(eq(conversations.phoneNumber, sql.placeholder('ref'))).prepare(name));

/**
 * The conversation an admin route's `{contact}` names: a phone number in any of the accepted forms, the
 * business-scoped user id of a contact known only by username, or the conversation's id. Returns it with
 * the address the answer names the contact by (its number, else its user id).
 *
 * A stored contact is found by the exact number it was stored under, whatever a phone library thinks
 * of it; only a number nobody has stored is checked, to tell a typo (400) from an unknown contact (404).
 */
export async function findContact(db: Executor, raw: string): Promise<{ phoneNumber: string; conversation: ConversationRow }> {
  const ref = decoded(raw).trim();
  if (UUID.test(ref) || USER_ID.test(ref)) {
    const [conversation] = await (UUID.test(ref) ? byId(db).execute({ ref: ref.toLowerCase() }) : byUserId(db).execute({ ref }));
    if (!conversation) throw new DomainError('CONVERSATION_NOT_FOUND', `No conversation with ${ref}.`);
    return { phoneNumber: conversation.phoneNumber ?? conversation.userId ?? conversation.id, conversation };
  }
  const address = contactAddress(ref);
  const [conversation] = await byNumber(db).execute({ ref: address });
  if (conversation) return { phoneNumber: address, conversation };
  requireWhatsAppId(ref, address);
  throw new DomainError('CONVERSATION_NOT_FOUND', `No conversation with ${address}.`);
}
