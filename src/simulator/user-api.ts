import { TypeBoxValidatorCompiler, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import Type from 'typebox';
import { ErrorBody, Success, success } from '../contract/common.js';
import {
  MediaParams,
  SimulatedUser,
  TranscriptEntry,
  TranscriptParams,
  TranscriptQuery,
  UserMediaUploaded,
  UserMessageInput,
  UserMessageResponse,
} from '../contract/simulator.js';
import { installErrorHandler } from '../http/error-handler.js';
import { EventStreams, sseFrame } from '../http/event-stream.js';
import { parseForm, UPLOAD_BODY_LIMIT } from './graph-api.js';
import type { Simulator } from './types.js';

/** The simulated users' side: what the phone page and `npm run chat` call. */
export function userApiPlugin(
  simulator: Pick<Simulator, 'sendUserMessage' | 'users' | 'transcript' | 'follow' | 'storeUserMedia' | 'mediaFile'>,
): FastifyPluginAsync {
  return async (fastify) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    app.setValidatorCompiler(TypeBoxValidatorCompiler);
    // The host app may parse JSON its own way (raw bytes for webhooks); these routes want plain objects.
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'string' }, app.getDefaultJsonParser('error', 'error'));
    app.addContentTypeParser('multipart/form-data', { parseAs: 'buffer', bodyLimit: UPLOAD_BODY_LIMIT }, (_request, raw, done) => done(null, raw));
    // The same error shape as the rest of wadesk's API, also when the simulator runs on its own.
    installErrorHandler(app);
    const streams = new EventStreams({ retryMs: 1000 });
    app.addHook('preClose', async () => streams.endAll());

    app.post(
      '/messages',
      { schema: { body: UserMessageInput, response: { 200: UserMessageResponse, 400: ErrorBody } } },
      async (request, reply) => {
        const result = await simulator.sendUserMessage(request.body);
        return reply.code(result.status === 'success' ? 200 : 400).send(result);
      },
    );

    /** The user picks a file to send (multipart, field `file`): kept in the fake's media store, its id returned. */
    app.post('/media', { schema: { response: { 200: Success(UserMediaUploaded), 400: ErrorBody } } }, async (request, reply) => {
      const form = Buffer.isBuffer(request.body) ? await parseForm(request.body, request.headers['content-type']) : null;
      const file = form?.get('file');
      if (file == null || typeof file === 'string') {
        return reply.code(400).send({ status: 'error', error: { code: 'VALIDATION_ERROR', message: 'send the file as multipart/form-data in the field "file"' } });
      }
      const filename = file.name === '' || file.name === 'blob' ? undefined : file.name;
      const stored = simulator.storeUserMedia({ bytes: Buffer.from(await file.arrayBuffer()), mimeType: file.type, filename });
      return 'status' in stored ? reply.code(400).send(stored) : success(stored);
    });

    /** A file's bytes, for the phone to show: what the business sent (by id) or the user did. */
    app.get('/media/:id', { schema: { params: MediaParams } }, async (request, reply) => {
      const file = simulator.mediaFile(request.params.id);
      if (file === undefined) return reply.code(404).send({ status: 'error', error: { code: 'NOT_FOUND', message: 'No such file (the simulator keeps files in memory only)' } });
      const disposition = file.filename === undefined ? 'inline' : `inline; filename="${encodeURIComponent(file.filename)}"`;
      return reply.type(file.mimeType).header('content-disposition', disposition).header('cache-control', 'private, max-age=3600').send(file.bytes);
    });

    app.get('/users', { schema: { response: { 200: Success(Type.Array(SimulatedUser)) } } }, async () => success(simulator.users()));

    app.get(
      '/users/:waId/messages',
      { schema: { params: TranscriptParams, querystring: TranscriptQuery, response: { 200: Success(Type.Array(TranscriptEntry)) } } },
      async (request) => success(simulator.transcript(request.params.waId, request.query.after)),
    );

    /**
     * The phone's live feed (text/event-stream): every transcript entry after `after` — or after the
     * `Last-Event-ID` a reconnecting EventSource sends, which wins — then each new one as it happens.
     * Event `entry`, id = the entry's seq, data = the entry as `/messages` returns it.
     */
    app.get(
      '/users/:waId/events',
      { schema: { params: TranscriptParams, querystring: TranscriptQuery } },
      async (request, reply) => {
        const header = request.headers['last-event-id'];
        const resumeFrom = typeof header === 'string' && /^\d{1,15}$/.test(header) ? Number(header) : (request.query.after ?? 0);
        const stream = streams.start(request, reply);
        let lastSent = resumeFrom;
        const send = (entry: TranscriptEntry) => {
          if (entry.seq <= lastSent) return;
          lastSent = entry.seq;
          stream.write(sseFrame(entry.seq, 'entry', entry));
        };
        // Following starts before the backlog is read: nothing added in between is missed, nothing sent twice.
        stream.onClose(simulator.follow(request.params.waId, send));
        for (const entry of simulator.transcript(request.params.waId, resumeFrom)) send(entry);
      },
    );
  };
}
