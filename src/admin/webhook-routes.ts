import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses, Success, success } from '../contract/common.js';
import {
  CreatedWebhook, DeliveryList, DeliveryQuery, NewWebhookBody, OneDelivery, OneWebhook, WebhookChangeBody, WebhookList, WebhookParams,
} from '../contract/webhooks.js';
import type { WebhookAdmin } from '../webhooks/webhooks.js';
import { nothingToChange } from '../errors.js';
import type { AdminAuth } from './auth.js';

const tags = ['webhooks'];

/**
 * Outgoing webhooks, admin role only: an integration's URL and events. The signing secret is in the answer
 * to the POST and never again.
 */
export const webhookRoutes: FastifyPluginAsyncTypebox<{ auth: AdminAuth; webhooks: WebhookAdmin }> = async (app, { auth, webhooks }) => {
  app.addHook('onRequest', auth.requireAdmin);

  app.get('/webhooks', {
    schema: { tags, summary: 'List the webhooks (without their secrets)', response: { 200: Success(WebhookList), ...errorResponses } },
  }, async () => success({ webhooks: await webhooks.list() }));

  app.post('/webhooks', {
    schema: {
      tags, summary: 'Register a webhook; the answer shows its signing secret, once',
      body: NewWebhookBody, response: { 201: Success(CreatedWebhook), ...errorResponses },
    },
  }, async (request, reply) => {
    const created = await webhooks.create(request.body, request.principal?.agentId ?? null);
    reply.status(201);
    return success(created);
  });

  app.patch('/webhooks/:id', {
    schema: {
      tags, summary: 'Enable (after it was disabled) or disable a webhook, or change its URL or events',
      params: WebhookParams, body: WebhookChangeBody, response: { 200: Success(OneWebhook), ...errorResponses },
    },
  }, async (request) => {
    const { enabled, events, url } = request.body;
    if (enabled === undefined && events === undefined && url === undefined) throw nothingToChange('enabled, events or url');
    return success({ webhook: await webhooks.change(request.params.id, { enabled, events, url }) });
  });

  app.delete('/webhooks/:id', {
    schema: { tags, summary: 'Remove a webhook and its delivery log', params: WebhookParams, response: { 200: Success(Type.Object({})), ...errorResponses } },
  }, async (request) => {
    await webhooks.remove(request.params.id);
    return success({});
  });

  app.get('/webhooks/:id/deliveries', {
    schema: {
      tags, summary: 'The delivery log, newest first', params: WebhookParams, querystring: DeliveryQuery,
      response: { 200: Success(DeliveryList), ...errorResponses },
    },
  }, async (request) => success({ deliveries: await webhooks.deliveries(request.params.id, request.query.limit) }));

  app.post('/webhooks/:id/test', {
    schema: {
      tags, summary: 'Queue a test delivery (event webhook.test)', params: WebhookParams,
      response: { 202: Success(OneDelivery), ...errorResponses },
    },
  }, async (request, reply) => {
    const delivery = await webhooks.sendTest(request.params.id);
    reply.status(202);
    return success({ delivery });
  });
};
