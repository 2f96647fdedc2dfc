import { TypeBoxValidatorCompiler, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import Type, { type Static } from 'typebox';
import { DOWNLOAD_PATH, type GraphMedia, type MediaDownload } from './graph-media.js';
import type { GraphAnswer, GraphRequest } from './types.js';

const MessagesParams = Type.Object({ version: Type.String(), phoneNumberId: Type.String() });
const MediaParams = Type.Object({ version: Type.String(), mediaId: Type.String() });
const MediaQuery = Type.Object({ phone_number_id: Type.Optional(Type.String()) });
const TemplatesParams = Type.Object({ version: Type.String(), businessAccountId: Type.String() });
const TemplatesQuery = Type.Object({
  fields: Type.Optional(Type.String()),
  limit: Type.Optional(Type.Integer({ minimum: 1 })),
  after: Type.Optional(Type.String()),
});
type TemplatesQuery = Static<typeof TemplatesQuery>;
const DownloadQuery = Type.Object({ mid: Type.String(), hash: Type.String(), ext: Type.Optional(Type.String()) });

/** A document may be 100 MB; the multipart envelope adds a little. */
export const UPLOAD_BODY_LIMIT = 101 * 1024 * 1024;

export interface GraphHandlers {
  messages(request: GraphRequest): GraphAnswer;
  media: GraphMedia;
  templates(request: { authorization: string | undefined; businessAccountId: string; query: TemplatesQuery }): GraphAnswer;
}

/** The fake Graph API's HTTP face: messages and media; the handlers decide everything. */
export function graphApiPlugin(handlers: GraphHandlers): FastifyPluginAsync {
  return async (fastify) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    app.setValidatorCompiler(TypeBoxValidatorCompiler);
    // Meta answers a body it cannot read with its own (#100) error, so every body reaches the checks as is.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('multipart/form-data', { parseAs: 'buffer', bodyLimit: UPLOAD_BODY_LIMIT }, (_request, raw, done) => done(null, raw));
    app.addContentTypeParser('*', { parseAs: 'string' }, (_request, raw, done) => done(null, parseJson(String(raw))));
    const send = (reply: FastifyReply, answer: GraphAnswer) => reply.code(answer.status).send(answer.body);

    app.post('/:version/:phoneNumberId/messages', { schema: { params: MessagesParams } }, async (request, reply) => {
      const { authorization } = request.headers;
      return send(reply, handlers.messages({ authorization, phoneNumberId: request.params.phoneNumberId, body: request.body }));
    });

    app.post('/:version/:phoneNumberId/media', { schema: { params: MessagesParams } }, async (request, reply) => {
      const form = Buffer.isBuffer(request.body) ? await parseForm(request.body, request.headers['content-type']) : null;
      const { authorization } = request.headers;
      return send(reply, await handlers.media.upload({ authorization, phoneNumberId: request.params.phoneNumberId, form }));
    });

    app.get(DOWNLOAD_PATH, { schema: { querystring: DownloadQuery } }, async (request, reply) => {
      const answer = handlers.media.download({ authorization: request.headers.authorization, mediaId: request.query.mid, token: request.query.hash });
      if (!isDownload(answer)) return send(reply, answer);
      const disposition = answer.filename === undefined ? 'attachment' : `attachment; filename="${encodeURIComponent(answer.filename)}"`;
      return reply.type(answer.mimeType).header('content-disposition', disposition).send(answer.bytes);
    });

    app.get('/:version/:mediaId', { schema: { params: MediaParams, querystring: MediaQuery } }, async (request, reply) => {
      const baseUrl = `${request.protocol}://${request.host}${fastify.prefix}`;
      const { authorization } = request.headers;
      return send(reply, handlers.media.info({ authorization, mediaId: request.params.mediaId, phoneNumberId: request.query.phone_number_id, baseUrl }));
    });

    app.get('/:version/:businessAccountId/message_templates', { schema: { params: TemplatesParams, querystring: TemplatesQuery } }, async (request, reply) => {
      const { authorization } = request.headers;
      return send(reply, handlers.templates({ authorization, businessAccountId: request.params.businessAccountId, query: request.query }));
    });

    app.delete('/:version/:mediaId', { schema: { params: MediaParams } }, async (request, reply) =>
      send(reply, handlers.media.delete({ authorization: request.headers.authorization, mediaId: request.params.mediaId })),
    );
  };
}

function isDownload(answer: GraphAnswer | MediaDownload): answer is MediaDownload {
  return 'bytes' in answer;
}

/** Multipart bodies are read by the platform's own parser (the one `fetch` uses), not a dependency. */
export async function parseForm(body: Buffer, contentType: string | undefined): Promise<FormData | null> {
  try {
    return await new Response(new Uint8Array(body), { headers: { 'content-type': contentType ?? '' } }).formData();
  } catch {
    return null;
  }
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}
