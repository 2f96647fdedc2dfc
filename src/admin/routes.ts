import type { FastifyPluginAsync } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import type { CountryCode } from 'libphonenumber-js/max';
import type { Db } from '../db/client.js';
import type { EventBus } from '../events/bus.js';
import { sseRoutes } from '../events/sse-routes.js';
import type { UseCases } from '../use-cases/index.js';
import { agentRoutes } from './agent-routes.js';
import { analyticsRoutes } from './analytics-routes.js';
import type { AdminAuth } from './auth.js';
import { authRoutes, rateLimitError } from './auth-routes.js';
import { conversationRoutes } from './conversation-routes.js';
import { ReadCache } from '../db/read-cache.js';
import { deadLetterRoutes } from './dead-letter-routes.js';
import { exportRoutes } from './export-routes.js';
import { mediaRoutes } from './media-routes.js';
import type { MediaStore } from '../media/store.js';
import type { TemplateRow } from '../db/schema.js';
import { settingsRoutes } from './settings-routes.js';
import { teamRoutes } from './team-routes.js';
import { templateRoutes } from './template-routes.js';
import type { WebhookAdmin } from '../webhooks/webhooks.js';
import { webhookRoutes } from './webhook-routes.js';

export interface AdminRoutesOptions {
  auth: AdminAuth;
  chat: UseCases;
  db: Db;
  bus: EventBus;
  media: MediaStore;
  webhooks: WebhookAdmin;
  secureCookies: boolean;
  /** Lists the message templates from WhatsApp again (`POST /templates/sync`). */
  syncTemplates: () => Promise<TemplateRow[]>;
  /** How the conversation search reads a number written locally (DEFAULT_COUNTRY_CODE). */
  defaultCountry?: CountryCode | null;
  /** The clock (tests move it). */
  now?: () => Date;
  /** Requests per minute per client across the admin API. */
  requestsPerMinute?: number;
  loginAttemptsPerMinute?: number;
  loginAttemptsPerAccountPerMinute?: number;
}

/** `/api/admin/*`. Every route but login needs a token or a session (`test/admin/route-auth.test.ts` walks them all). */
export const adminRoutes: FastifyPluginAsync<AdminRoutesOptions> = async (app, options) => {
  const { auth } = options;
  await app.register(rateLimit, {
    max: options.requestsPerMinute ?? 600,
    timeWindow: 60_000,
    // Counted after authentication, per agent (agents behind one NAT share an IP); made-up tokens are
    // refused before they reach the limiter, so they cannot mint fresh buckets. Login counts per IP.
    hook: 'preHandler',
    keyGenerator: (request) => (request.principal ? `agent:${request.principal.agentId ?? 'bootstrap'}` : `ip:${request.ip}`),
    errorResponseBuilder: rateLimitError,
  });
  await app.register(authRoutes, {
    auth, secureCookies: options.secureCookies, loginAttemptsPerMinute: options.loginAttemptsPerMinute, loginAttemptsPerAccountPerMinute: options.loginAttemptsPerAccountPerMinute,
  });
  // The list, the queue and the views' counts, kept until the database commits anything (db/read-cache.ts).
  const reads = new ReadCache(options.db);
  await app.register(async (protectedScope) => {
    protectedScope.addHook('onRequest', auth.authenticate);
    await protectedScope.register(conversationRoutes, { chat: options.chat, db: options.db, reads, defaultCountry: options.defaultCountry });
    await protectedScope.register(agentRoutes, { auth });
    await protectedScope.register(deadLetterRoutes, { auth });
    await protectedScope.register(sseRoutes, { db: options.db, bus: options.bus });
    await protectedScope.register(mediaRoutes, { db: options.db, bus: options.bus, store: options.media });
    await protectedScope.register(templateRoutes, { auth, chat: options.chat, db: options.db, syncTemplates: options.syncTemplates });
    await protectedScope.register(teamRoutes, { auth, chat: options.chat, db: options.db, reads, bus: options.bus });
    await protectedScope.register(webhookRoutes, { auth, webhooks: options.webhooks });
    await protectedScope.register(settingsRoutes, { auth, db: options.db, now: options.now });
    await protectedScope.register(exportRoutes, { db: options.db });
    await protectedScope.register(analyticsRoutes, { db: options.db });
  });
};
