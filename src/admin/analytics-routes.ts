import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Analytics, AnalyticsQuery } from '../contract/analytics.js';
import { errorResponses, Success, success } from '../contract/common.js';
import type { Db } from '../db/client.js';
import { analyticsFilter, readAnalytics } from './analytics.js';

export interface AnalyticsRoutesOptions {
  db: Db;
}

const DESCRIPTION = `How the desk did over the days \`from\`–\`to\` (inclusive), in time zone \`tz\`. Every agent may read it, admins and agents alike.

- **A chat** is a support chat (a chat_sessions row). It counts when it *started* on a day of the range in \`tz\`. \`agent\` keeps the chats assigned to that agent now; \`label\` the chats whose conversation carries that label now.
- **chats_started**: the chats. **chats_answered**: those an agent replied to. **chats_missed**: those that ended without an agent reply (an open, unanswered chat is neither).
- **first_response_seconds**: median and 90th percentile (continuous, percentile_cont) of first agent reply − start, over the answered chats. **resolution_seconds**: the same of end − start, over the ended chats.
- **messages_per_chat**: what the user and the agents wrote per chat (bot messages, notes, events and reactions are not counted).
- **csat**: the chats the user rated: average (2 decimals), count, and how many got each of 1–5 stars.
- **per_day**: every day of the range, empty ones included. **per_agent**: each agent with chats, most first, then the unassigned chats (agent_id null) if any. **heatmap**: chats per weekday (0 = Monday … 6 = Sunday) and hour (0–23) in \`tz\`, all 168 cells.
- Seconds are to 0.1 s; a figure with nothing to measure is null.

Refused with 400: a missing or impossible day (VALIDATION_ERROR), \`from\` after \`to\` or more than 366 days (INVALID_RANGE), an unknown time zone (UNKNOWN_TIME_ZONE), agent (UNKNOWN_AGENT) or label (UNKNOWN_LABEL).`;

/** `GET /analytics`: figures computed in the database over the range's chats (see admin/analytics.ts). */
export const analyticsRoutes: FastifyPluginAsyncTypebox<AnalyticsRoutesOptions> = async (app, { db }) => {
  app.get('/analytics', {
    schema: {
      tags: ['analytics'], summary: 'Chats, first response, resolution, ratings: per day, per agent, per weekday and hour',
      description: DESCRIPTION, querystring: AnalyticsQuery, response: { 200: Success(Analytics), ...errorResponses },
    },
  }, async (request) => success(await readAnalytics(db, await analyticsFilter(db, request.query))));
};
