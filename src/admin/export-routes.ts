import { Readable } from 'node:stream';
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { errorResponses, PhoneParams } from '../contract/common.js';
import {
  ConversationExport, ConversationExportQuery, EXPORT_FORMATS, RangeExportLine, RangeExportQuery, type ExportedContact, type ExportFormat,
} from '../contract/export.js';
import type { Db } from '../db/client.js';
import { AppError } from '../errors.js';
import { findContact } from './contacts.js';
import { conversationDocument, rangeLines } from './export-documents.js';
import { chatsOf, contactOf, messagePages } from './export-queries.js';
import { exportRange, MAX_EXPORT_DAYS } from './export-range.js';

const tags = ['export'];

const CONTENT: Record<ExportFormat, { type: string; extension: string; disposition: 'attachment' | 'inline' }> = {
  json: { type: 'application/json; charset=utf-8', extension: 'json', disposition: 'attachment' },
  csv: { type: 'text/csv; charset=utf-8', extension: 'csv', disposition: 'attachment' },
  html: { type: 'text/html; charset=utf-8', extension: 'html', disposition: 'inline' },
};

/** The printable page may show only itself: no scripts, nothing fetched, not framed. */
const HTML_POLICY = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** A file name with nothing a header or a file system could misread: letters, digits, dots, dashes. */
const safeName = (text: string) => text.normalize('NFKD').replace(/[^A-Za-z0-9.]+/g, '-').slice(0, 60).replace(/^[-.]+|[-.]+$/g, '');

/** `conversation-Ada-Obi-2348012345678-2026-11-30.csv`: the contact and the day. */
function conversationFilename(contact: ExportedContact, at: Date, extension: string): string {
  const who = safeName([contact.name, contact.phone_number?.slice(1) ?? contact.username ?? contact.user_id].filter(Boolean).join('-')) || 'contact';
  return `conversation-${who}-${at.toISOString().slice(0, 10)}.${extension}`;
}

const isExportFormat = (value: string): value is ExportFormat => (EXPORT_FORMATS as readonly string[]).includes(value);

/** Streams `chunks` as the answer; the data is personal, so it is never cached. */
function stream(reply: FastifyReply, chunks: AsyncIterable<string>, type: string, disposition: string): FastifyReply {
  return reply
    .type(type)
    .header('content-disposition', disposition)
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff')
    // objectMode off: chunks are bytes, so the stream buffers ~16 KB ahead of the socket, not 16 pages.
    .send(Readable.from(chunks, { objectMode: false }));
}

/**
 * Exports, streamed as they are read (a page of messages per statement): a conversation's whole history as
 * JSON, CSV or a printable page, and every conversation with activity in a date range as JSON Lines.
 */
export const exportRoutes: FastifyPluginAsyncTypebox<{ db: Db }> = async (app, { db }) => {
  // No HEAD twins: Fastify would read a whole export to throw it away.
  app.get('/conversations/:phone_number/export', {
    exposeHeadRoute: false,
    schema: {
      tags, summary: "A conversation's whole history as JSON, CSV or a printable page (a download, streamed)",
      description: 'JSON: the contact, their support chats (with the rating) and every message oldest first, as `…/messages` shows them. '
        + 'CSV: one row per message, UTF-8 with a byte order mark; cells that a spreadsheet would read as a formula start with an apostrophe. '
        + 'HTML: a self-contained transcript to print (no scripts).',
      params: PhoneParams, querystring: ConversationExportQuery,
      response: {
        200: {
          description: 'the export, as `Content-Disposition: attachment` (HTML: inline) with a file name',
          content: {
            'application/json': { schema: ConversationExport },
            'text/csv': { schema: Type.String() },
            'text/html': { schema: Type.String() },
          },
        },
        ...errorResponses,
      },
    },
  }, async (request, reply) => {
    const format = (request.query.format ?? 'json').toLowerCase();
    if (!isExportFormat(format)) {
      throw new AppError(400, 'UNKNOWN_FORMAT', `format must be ${EXPORT_FORMATS.slice(0, -1).join(', ')} or ${EXPORT_FORMATS.at(-1)}.`);
    }
    const { conversation } = await findContact(db, request.params.phone_number);
    const [contact, chats] = await Promise.all([contactOf(db, conversation.id), chatsOf(db, conversation.id)]);
    const exportedAt = new Date();
    const content = CONTENT[format];
    if (format === 'html') reply.header('content-security-policy', HTML_POLICY);
    const chunks = conversationDocument[format]({ contact, chats, pages: messagePages(db, conversation.id), exportedAt });
    return stream(reply, chunks, content.type, `${content.disposition}; filename="${conversationFilename(contact, exportedAt, content.extension)}"`);
  });

  app.get('/export', {
    exposeHeadRoute: false,
    schema: {
      tags, summary: 'Every conversation with messages in a date range, as JSON Lines (a download, streamed)',
      description: 'One line per conversation: its contact, the support chats open at some time in the range, and the messages written in it, '
        + `oldest first. Days are whole days in \`tz\` (UTC by default), both included; at most ${MAX_EXPORT_DAYS} days.`,
      querystring: RangeExportQuery,
      response: {
        200: { description: 'JSON Lines, one `RangeExportLine` per line', content: { 'application/x-ndjson': { schema: RangeExportLine } } },
        ...errorResponses,
      },
    },
  }, async (request, reply) => {
    const range = exportRange(request.query);
    const filename = `wadesk-export-${request.query.from}-to-${request.query.to}.ndjson`;
    return stream(reply, rangeLines(db, range), 'application/x-ndjson; charset=utf-8', `attachment; filename="${filename}"`);
  });
};
