import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses, PhoneParams, Success, success } from '../contract/common.js';
import { SentMedia } from '../contract/conversations.js';
import { TemplateList, TemplateSendBody, type TemplateItem } from '../contract/templates.js';
import type { Db } from '../db/client.js';
import type { TemplateRow } from '../db/schema.js';
import { messageView } from '../events/message-view.js';
import { listCachedTemplates } from '../store/templates.js';
import { templateShape } from '../whatsapp/template-shape.js';
import type { UseCases } from '../use-cases/index.js';
import type { AdminAuth } from './auth.js';
import { findContact } from './contacts.js';

export interface TemplateRoutesOptions {
  auth: AdminAuth;
  chat: UseCases;
  db: Db;
  /** Lists the templates from WhatsApp again and replaces the cache. */
  syncTemplates: () => Promise<TemplateRow[]>;
}

const tags = ['templates'];

const templateItem = (row: TemplateRow): TemplateItem => {
  const shape = templateShape(row.components);
  return {
    name: row.name, language: row.language, category: row.category, status: row.status, body: row.body, parameter_count: row.parameterCount,
    parameter_format: shape.named ? 'named' : 'positional',
    body_parameters: shape.body.parameters,
    header: shape.header,
    footer: shape.footer,
    buttons: shape.buttons.map(({ index, type, text, url, takesValue }) => ({ index, type, text, url, takes_value: takesValue })),
  };
};

/** Message templates: what an agent may send once the 24-hour window has closed. */
export const templateRoutes: FastifyPluginAsyncTypebox<TemplateRoutesOptions> = async (app, { auth, chat, db, syncTemplates }) => {
  app.get('/templates', {
    schema: { tags, summary: 'The message templates, approved ones first', response: { 200: Success(TemplateList), ...errorResponses } },
  }, async () => success({ templates: (await listCachedTemplates(db)).map(templateItem) }));

  app.post('/templates/sync', {
    onRequest: auth.requireAdmin,
    schema: { tags, summary: 'List the templates from WhatsApp again (admin role)', response: { 200: Success(TemplateList), ...errorResponses } },
  }, async () => success({ templates: (await syncTemplates()).map(templateItem) }));

  app.post('/conversations/:phone_number/template', {
    schema: {
      tags, summary: 'Send an approved template (allowed after the 24-hour window; it does not reopen it)',
      params: PhoneParams, body: TemplateSendBody,
      response: { 200: Success(SentMedia), ...errorResponses },
    },
  }, async (request) => {
    const { conversation } = await findContact(db, request.params.phone_number);
    const { name, language, parameters = [], header, buttons } = request.body;
    const agent = { id: request.principal?.agentId ?? null, name: request.principal?.name ?? null };
    const message = await chat.sendTemplate(conversation.id, { name, language, parameters, header, buttons }, agent);
    return success({ message: messageView(message, agent.name) });
  });
};
