import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses, Success, success } from '../contract/common.js';
import { CsatSettings, CsatSettingsPatch } from '../contract/settings.js';
import type { Db } from '../db/client.js';
import { readCsatSettings, writeCsatSettings } from '../use-cases/csat.js';
import type { AdminAuth } from './auth.js';

export interface SettingsRoutesOptions {
  auth: AdminAuth;
  db: Db;
}

const tags = ['settings'];

/** What the admins set for everyone: the rating of chats (CSAT). Reading is for every agent; changing, for admins. */
export const settingsRoutes: FastifyPluginAsyncTypebox<SettingsRoutesOptions> = async (app, { auth, db }) => {
  app.get('/settings/csat', {
    schema: { tags, summary: 'Whether users are asked to rate their chat, and the template used after the 24-hour window', response: { 200: Success(CsatSettings), ...errorResponses } },
  }, async () => success(await readCsatSettings(db)));

  app.put('/settings/csat', {
    onRequest: auth.requireAdmin,
    schema: {
      tags, summary: 'Switch the rating of chats on or off, or set its template (admin role)', body: CsatSettingsPatch,
      response: { 200: Success(CsatSettings), ...errorResponses },
    },
  }, async (request) => {
    const { enabled, template } = request.body;
    const change = { ...(enabled === undefined ? {} : { enabled }), ...(template === undefined ? {} : { template }) };
    return success(await writeCsatSettings(db, change));
  });
};
