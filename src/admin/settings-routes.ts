import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses, Success, success } from '../contract/common.js';
import { BusinessHours, BusinessHoursBody, CsatSettings, CsatSettingsPatch } from '../contract/settings.js';
import type { OpeningHours } from '../bot/opening-hours.js';
import { awayNow, readBusinessHours, writeBusinessHours } from '../use-cases/business-hours.js';
import type { Db } from '../db/client.js';
import { readCsatSettings, writeCsatSettings } from '../use-cases/csat.js';
import type { AdminAuth } from './auth.js';

export interface SettingsRoutesOptions {
  auth: AdminAuth;
  db: Db;
  /** The clock (tests move it). */
  now?: () => Date;
}

const tags = ['settings'];

/** What the admins set for everyone: the rating of chats (CSAT), business hours. Reading is for every agent; changing, for admins. */
export const settingsRoutes: FastifyPluginAsyncTypebox<SettingsRoutesOptions> = async (app, { auth, db, now = () => new Date() }) => {
  const hoursView = (hours: OpeningHours): BusinessHours => {
    const away = awayNow(hours, now());
    return {
      timezone: hours.timezone, weekly: hours.weekly, closed_dates: hours.closedDates,
      open_now: away === null, next_opening_at: away?.next?.at.toISOString() ?? null,
    };
  };

  app.get('/settings/business-hours', {
    schema: { tags, summary: 'Business hours: when agents are there (outside them users are told when the team is back)', response: { 200: Success(BusinessHours), ...errorResponses } },
  }, async () => success(hoursView(await readBusinessHours(db))));

  app.put('/settings/business-hours', {
    onRequest: auth.requireAdmin,
    schema: {
      tags, summary: 'Set the business hours: time zone, weekly ranges, closed dates (admin role; the whole schedule is replaced)',
      body: BusinessHoursBody, response: { 200: Success(BusinessHours), ...errorResponses },
    },
  }, async (request) => {
    const { timezone, weekly, closed_dates: closedDates = [] } = request.body;
    return success(hoursView(await writeBusinessHours(db, { timezone, weekly, closedDates })));
  });

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
