import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses, PhoneParams, Success, success } from '../contract/common.js';
import { SentMedia } from '../contract/conversations.js';
import { DomainError } from '../domain-error.js';
import { AppError } from '../errors.js';
import { messageView } from '../events/message-view.js';
import type { AgentRef, UseCases } from '../use-cases/index.js';
import { MEDIA_LIMITS } from '../whatsapp/limits.js';

/** WhatsApp's largest file (a document): past it the upload is cut off and refused. */
const MAX_FILE_BYTES = Math.max(...Object.values(MEDIA_LIMITS).map((limit) => limit.maxBytes));

interface Options {
  chat: UseCases;
  contactOf(raw: string): Promise<{ phoneNumber: string; id: string }>;
  agentOf(request: unknown): AgentRef;
}

/**
 * `POST /conversations/{contact}/media` (multipart: `file`, optional `caption`, optional `reply_to`): an
 * agent sends a file. It streams to a temporary file (never whole into memory), is checked against
 * WhatsApp's limits for its type, and is then the store's; the upload to WhatsApp happens in the outbox.
 */
export const agentMediaRoute: FastifyPluginAsyncTypebox<Options> = async (app, { chat, contactOf, agentOf }) => {
  await app.register(multipart, { limits: { files: 1, fields: 4, fileSize: MAX_FILE_BYTES, fieldSize: 8 * 1024, parts: 6 } });

  app.post('/conversations/:phone_number/media', {
    schema: {
      tags: ['conversations'], summary: 'Send a file (multipart: file, caption, reply_to) in the open chat',
      consumes: ['multipart/form-data'], params: PhoneParams,
      response: { 200: Success(SentMedia), ...errorResponses, 413: errorResponses[400] },
    },
  }, async (request) => {
    const { id } = await contactOf(request.params.phone_number);
    if (!request.isMultipart()) throw new AppError(400, 'NOT_MULTIPART', 'Send the file as multipart/form-data with a "file" field.');
    const fields: Record<string, string> = {};
    let file: { path: string; size: number; mimeType: string; filename: string } | null = null;
    try {
      for await (const part of request.parts()) {
        if (part.type === 'field') {
          if (typeof part.value === 'string') fields[part.fieldname] = part.value;
          continue;
        }
        if (part.fieldname !== 'file' || file) {
          part.file.resume();
          throw new AppError(400, 'VALIDATION_ERROR', 'Send one file, in the "file" field.');
        }
        const target = path.join(tmpdir(), `wadesk-upload-${randomUUID()}`);
        file = { path: target, size: 0, mimeType: part.mimetype.toLowerCase(), filename: cleanFilename(part.filename) };
        await pipeline(part.file, createWriteStream(target));
        if (part.file.truncated) throw new DomainError('MEDIA_TOO_LARGE', `The file is larger than WhatsApp takes (${Math.round(MAX_FILE_BYTES / 1024 / 1024)} MB at most, less for pictures and sounds).`);
        file.size = part.file.bytesRead;
      }
      if (!file) throw new AppError(400, 'VALIDATION_ERROR', 'The "file" field is missing.');
      const replyTo = fields.reply_to === undefined || fields.reply_to === '' ? undefined : Number(fields.reply_to);
      if (replyTo !== undefined && !(Number.isInteger(replyTo) && replyTo > 0)) throw new AppError(400, 'VALIDATION_ERROR', 'reply_to must be a message id.');
      const agent = agentOf(request);
      const message = await chat.sendAgentMedia(id, file, { caption: fields.caption, replyTo }, agent);
      return success({ message: messageView(message, agent.name ?? null) });
    } finally {
      // Moved into the store when it was taken; removed here when it was refused.
      if (file) await rm(file.path, { force: true });
    }
  });
};

/** A name safe to show and to put in a header: no path, no control characters, at most 200 characters. */
function cleanFilename(name: string | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must go
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 200);
  return clean === '' ? 'file' : clean;
}
