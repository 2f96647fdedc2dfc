import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorBody, errorResponses, Success, success } from '../contract/common.js';
import { DeadLetterPage, DeadLetterParams, DeadLetterQuery, Replayed } from '../contract/dead-letters.js';
import { listDeadLetters, replayDeadLetter } from '../inbound/dead-letters.js';
import type { AdminAuth } from './auth.js';

const tags = ['dead letters'];

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
      querystring: DeadLetterQuery,
      response: { 200: Success(DeadLetterPage), ...errorResponses },
    },
  }, async (request) => {
    const { limit = 20, cursor } = request.query;
    return success(await listDeadLetters(app.wadesk.inbound.db, { limit, cursor: cursor || undefined }));
  });

  app.post('/dead-letters/:id/replay', {
    ...adminOnly,
    schema: {
      tags, summary: 'Process a dead letter again; 422 REPLAY_FAILED if it fails again (kept, with the new reason)',
      params: DeadLetterParams,
      response: { 200: Success(Replayed), ...errorResponses, 422: ErrorBody },
    },
  }, async (request) => {
    const { dead_letter, result } = await replayDeadLetter({ ...app.wadesk.inbound, log: request.log }, Number(request.params.id));
    const { processed, duplicates, ignored, statuses } = result;
    return success({ dead_letter, result: { processed, duplicates, ignored, statuses } });
  });
};
