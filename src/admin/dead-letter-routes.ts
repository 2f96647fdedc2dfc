import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { listDeadLetters, replayDeadLetter } from '../inbound/dead-letters.js';
import type { AdminAuth } from './auth.js';
import { ErrorBody, errorResponses, success } from './schemas.js';

const tags = ['dead letters'];
const NullableString = Type.Union([Type.String(), Type.Null()]);
const DeadLetterItem = Type.Object({
  id: Type.Integer(),
  kind: Type.Union([Type.Literal('message'), Type.Literal('status')]),
  reason: Type.String(),
  received_at: Type.String(),
  replayed_at: NullableString,
  attempts: Type.Integer({ description: 'replays tried so far' }),
  raw: Type.Unknown({ description: 'the change value of the webhook, narrowed to this item, as received' }),
});
const ReplayResult = Type.Object({
  processed: Type.Integer(), duplicates: Type.Integer(), ignored: Type.Integer(), statuses: Type.Integer(),
});

/**
 * Webhook items that could not be processed (admin role): see them, and replay one after a fix. The
 * work is in `inbound/dead-letters.ts`, shared with the CLI.
 */
export const deadLetterRoutes: FastifyPluginAsyncTypebox<{ auth: AdminAuth }> = async (app, { auth }) => {
  const adminOnly = { onRequest: auth.requireAdmin };

  app.get('/dead-letters', {
    ...adminOnly,
    schema: {
      tags, summary: 'Webhook items kept as dead letters, newest first',
      querystring: Type.Object({
        cursor: Type.Optional(Type.String({ maxLength: 20, description: 'next_cursor of the previous page' })),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
      }),
      response: { 200: success(Type.Object({ dead_letters: Type.Array(DeadLetterItem), next_cursor: NullableString })), ...errorResponses },
    },
  }, async (request) => {
    const { limit = 20, cursor } = request.query;
    return { status: 'success' as const, data: await listDeadLetters(app.wadesk.inbound.db, { limit, cursor: cursor || undefined }) };
  });

  app.post('/dead-letters/:id/replay', {
    ...adminOnly,
    schema: {
      tags, summary: 'Process a dead letter again; 422 REPLAY_FAILED if it fails again (kept, with the new reason)',
      params: Type.Object({ id: Type.String({ pattern: '^[1-9][0-9]{0,15}$', description: 'the dead letter id' }) }),
      response: { 200: success(Type.Object({ dead_letter: DeadLetterItem, result: ReplayResult })), ...errorResponses, 422: ErrorBody },
    },
  }, async (request) => {
    const { dead_letter, result } = await replayDeadLetter({ ...app.wadesk.inbound, log: request.log }, Number(request.params.id));
    const { processed, duplicates, ignored, statuses } = result;
    return { status: 'success' as const, data: { dead_letter, result: { processed, duplicates, ignored, statuses } } };
  });
};
