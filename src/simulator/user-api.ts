import { TypeBoxValidatorCompiler, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import Type from 'typebox';
import { installErrorHandler } from '../http/error-handler.js';
import { ApiError, SimulatedUser, Success, TranscriptEntry, UserMessageInput, UserMessageSent } from './schemas.js';
import type { Simulator } from './types.js';

const TranscriptParams = Type.Object({ waId: Type.String() });
const TranscriptQuery = Type.Object({ after: Type.Optional(Type.Integer({ minimum: 0, description: 'only entries with a larger seq' })) });

/** The simulated users' side: what the phone page and `npm run chat` call. */
export function userApiPlugin(simulator: Pick<Simulator, 'sendUserMessage' | 'users' | 'transcript'>): FastifyPluginAsync {
  return async (fastify) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    app.setValidatorCompiler(TypeBoxValidatorCompiler);
    // The host app may parse JSON its own way (raw bytes for webhooks); these routes want plain objects.
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'string' }, app.getDefaultJsonParser('error', 'error'));
    // The same error shape as the rest of wadesk's API, also when the simulator runs on its own.
    installErrorHandler(app);

    app.post(
      '/messages',
      { schema: { body: UserMessageInput, response: { 200: UserMessageSent, 400: ApiError } } },
      async (request, reply) => {
        const result = await simulator.sendUserMessage(request.body);
        return reply.code(result.status === 'success' ? 200 : 400).send(result);
      },
    );

    app.get('/users', { schema: { response: { 200: Success(Type.Array(SimulatedUser)) } } }, async () => ({
      status: 'success' as const,
      data: simulator.users(),
    }));

    app.get(
      '/users/:waId/messages',
      { schema: { params: TranscriptParams, querystring: TranscriptQuery, response: { 200: Success(Type.Array(TranscriptEntry)) } } },
      async (request) => ({ status: 'success' as const, data: simulator.transcript(request.params.waId, request.query.after) }),
    );
  };
}
