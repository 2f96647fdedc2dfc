import { TypeBoxValidatorCompiler, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import Type from 'typebox';
import { ErrorBody, Success, success } from '../contract/common.js';
import { SimulatedUser, TranscriptEntry, TranscriptParams, TranscriptQuery, UserMessageInput, UserMessageResponse } from '../contract/simulator.js';
import { installErrorHandler } from '../http/error-handler.js';
import { EventStreams, sseFrame } from '../http/event-stream.js';
import type { Simulator } from './types.js';

/** The simulated users' side: what the phone page and `npm run chat` call. */
export function userApiPlugin(simulator: Pick<Simulator, 'sendUserMessage' | 'users' | 'transcript' | 'follow'>): FastifyPluginAsync {
  return async (fastify) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    app.setValidatorCompiler(TypeBoxValidatorCompiler);
    // The host app may parse JSON its own way (raw bytes for webhooks); these routes want plain objects.
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'string' }, app.getDefaultJsonParser('error', 'error'));
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
