import type { MessageItem } from '../contract/conversations.js';
import type { ExportedChat, ExportedContact, ExportFormat } from '../contract/export.js';
import type { Executor } from '../db/client.js';
import { CSV_BOM, csvHeader, csvRows } from './export-csv.js';
import { htmlFoot, htmlHead, htmlTranscript } from './export-html.js';
import { chatsOf, contactsActiveIn, messagePages, type TimeRange } from './export-queries.js';

/**
 * The exports as text written in parts (one per page of messages), for a stream: at no time is more than
 * a page of messages held.
 */

export interface ConversationSource {
  contact: ExportedContact;
  chats: ExportedChat[];
  pages: AsyncIterable<MessageItem[]>;
  exportedAt: Date;
}

/** `{…head, "messages": [ … ]}` with the messages written as their pages arrive. */
async function* withMessages(head: object, pages: AsyncIterable<MessageItem[]>): AsyncGenerator<string> {
  const opening = JSON.stringify(head);
  yield `${opening.slice(0, -1)}${opening === '{}' ? '' : ','}"messages":[`;
  let first = true;
  for await (const page of pages) {
    yield (first ? '' : ',') + page.map((message) => JSON.stringify(message)).join(',');
    first = false;
  }
  yield ']}';
}

async function* jsonDocument({ contact, chats, pages, exportedAt }: ConversationSource): AsyncGenerator<string> {
  yield* withMessages({ exported_at: exportedAt.toISOString(), contact, chats }, pages);
  yield '\n';
}

async function* csvDocument({ pages }: ConversationSource): AsyncGenerator<string> {
  yield CSV_BOM + csvHeader();
  for await (const page of pages) yield csvRows(page);
}

async function* htmlDocument({ contact, chats, pages, exportedAt }: ConversationSource): AsyncGenerator<string> {
  yield htmlHead(contact, chats, exportedAt);
  const transcript = htmlTranscript(contact.name ?? contact.phone_number ?? (contact.username ? `@${contact.username}` : 'User'));
  for await (const page of pages) yield transcript.write(page);
  yield htmlFoot(transcript.count);
}

export const conversationDocument: Record<ExportFormat, (source: ConversationSource) => AsyncGenerator<string>> = {
  json: jsonDocument, csv: csvDocument, html: htmlDocument,
};

/**
 * JSON Lines: one line per conversation with a message written in the range — its contact, the chats open
 * in the range and those messages — conversation after conversation, each one's messages page by page.
 */
export async function* rangeLines(db: Executor, range: TimeRange): AsyncGenerator<string> {
  for await (const contact of contactsActiveIn(db, range)) {
    const chats = await chatsOf(db, contact.id, range);
    yield* withMessages({ contact, chats }, messagePages(db, contact.id, { range }));
    yield '\n';
  }
}
