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

/** The conversation whose `column` equals the reference: every route of a conversation starts here, so built once (db/prepared.ts). */
const conversationBy = (column: typeof conversations.id | typeof conversations.userId | typeof conversations.phoneNumber) =>
  preparedQuery(`wadesk_contact_by_${column.name}`, (db, name) => db.select().from(conversations).where(eq(column, sql.placeholder('ref'))).prepare(name));
const byId = conversationBy(conversations.id);
const byUserId = conversationBy(conversations.userId);
const byNumber = conversationBy(conversations.phoneNumber);

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
