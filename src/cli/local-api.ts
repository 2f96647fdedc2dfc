import cookie from '@fastify/cookie';
import Fastify from 'fastify';
import { adminRoutes } from '../admin/routes.js';
import { AdminAuth } from '../admin/auth.js';
import { randomSecret } from '../admin/passwords.js';
import { defaultContent } from '../bot/content.js';
import { ContentLibrary } from '../content/library.js';
import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import { EventBus } from '../events/bus.js';
import { installErrorHandler } from '../http/error-handler.js';
import { serializerCompiler } from '../http/serialization.js';
import { validatorCompiler } from '../http/validation.js';
import { createUseCases } from '../use-cases/index.js';
import { syncTemplates } from '../use-cases/templates.js';
import { GraphClient } from '../whatsapp/graph-client.js';
import { openMediaStore } from '../media/open-store.js';
import { WebhookAdmin } from '../webhooks/webhooks.js';
import type { AdminApi, ApiAnswer } from './api-answer.js';

/**
 * The admin API in this process, on a database the CLI opened itself (no server holds it): the very
 * routes a server has, so checks, errors and effects are the same whichever way a command goes.
 * Nothing listens; a one-off token known only to this process authenticates the calls.
 */
export async function localAdminApi(config: Config, database: Database, via: string): Promise<AdminApi> {
  const token = randomSecret();
  const app = Fastify({ logger: false });
  app.setValidatorCompiler(validatorCompiler());
  app.setSerializerCompiler(serializerCompiler());
  installErrorHandler(app);
  await app.register(cookie);
  const bus = new EventBus();
  const media = await openMediaStore(config);
  const auth = await AdminAuth.create({ config: { ...config, adminApiToken: token }, db: database.db });
  // The server's words: a chat ended from the CLI closes in the user's language, as from the inbox.
  const content = config.contentFile ? await ContentLibrary.fromFile(config.contentFile) : ContentLibrary.builtIn(defaultContent);
  await app.register(adminRoutes, {
    prefix: '/api/admin', auth, db: database.db, bus, secureCookies: false, media,
    // A test delivery queued here goes out when the server runs.
    webhooks: new WebhookAdmin({ db: database.db, allowPrivateTargets: config.webhooks?.allowPrivateTargets ?? false, onQueued: () => undefined }),
    chat: createUseCases({ db: database.db, bus, content, media }),
    // The built-in simulator's Graph API lives in the server, which is not running: its templates stay as last synced.
    syncTemplates: () => syncTemplates({
      db: database.db, bus, graph: templateClient(config), businessAccountId: config.whatsapp.apiUrl === null ? null : config.whatsapp.businessAccountId,
    }),
  });
  await app.ready();
  return {
    via,
    database,
    async call(method, url, body): Promise<ApiAnswer> {
      const response = await app.inject({
        method, url, headers: { authorization: `Bearer ${token}` },
        ...(body === undefined ? {} : { payload: body as object }),
      });
      return { status: response.statusCode, json: response.body ? response.json() : null };
    },
    async close() {
      await app.close();
      await database.close();
    },
  };
}

function templateClient(config: Config): GraphClient {
  const { apiUrl, phoneNumberId, accessToken } = config.whatsapp;
  return new GraphClient({ apiUrl: () => apiUrl ?? '', phoneNumberId, accessToken });
}
