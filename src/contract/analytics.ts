import Type, { type Static } from 'typebox';
import { Nullable } from './common.js';

/**
 * `GET /api/admin/analytics`: how the support desk did over a range of days. The definitions below are
 * the API's; the route's OpenAPI page and the README repeat them.
 */

const day = (description: string) => Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description });

export const AnalyticsQuery = Type.Object({
  from: day('the first day of the range (YYYY-MM-DD), in `tz`'),
  to: day('the last day of the range (YYYY-MM-DD), included; 366 days at most'),
  agent: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: "an agent's id: only the chats assigned to that agent" })),
  label: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: "a label's id or name (any case): only the chats whose conversation carries it now" })),
  tz: Type.Optional(Type.String({
    minLength: 1, maxLength: 64,
    description: 'an IANA time zone (Africa/Lagos, Europe/Paris) that decides which day and hour a chat falls on; '
      + "default: the business time zone (settings key `business_hours`, its `timezone`) when one is set, else UTC",
  })),
}, { additionalProperties: false });
export type AnalyticsQuery = Static<typeof AnalyticsQuery>;

const Seconds = Nullable(Type.Number({ description: 'seconds, to 0.1 s; null when there is nothing to measure' }));
const Average = Nullable(Type.Number({ description: '1–5, to 2 decimals; null when no chat was rated' }));

const median90 = (description: string) => Type.Object({ median: Seconds, p90: Seconds }, { description });

const Stars = Type.Integer({ minimum: 0 });
export const CsatSummary = Type.Object({
  average: Average,
  /** Rated chats. */
  count: Type.Integer(),
  /** How many chats got each rating: all five keys, zeros included. */
  distribution: Type.Object({ 1: Stars, 2: Stars, 3: Stars, 4: Stars, 5: Stars }),
}, { description: "the users' ratings of the chats (csat_status 'rated')" });

export const AnalyticsDay = Type.Object({
  /** YYYY-MM-DD, a day in `tz`. */
  date: Type.String(),
  chats_started: Type.Integer(),
  chats_answered: Type.Integer(),
  chats_missed: Type.Integer(),
  first_response_median_seconds: Seconds,
  csat_average: Average,
});
export type AnalyticsDay = Static<typeof AnalyticsDay>;

export const AnalyticsAgent = Type.Object({
  /** null: the chats nobody was assigned. */
  agent_id: Nullable(Type.String()),
  agent_name: Nullable(Type.String()),
  chats: Type.Integer(),
  answered: Type.Integer(),
  first_response_median_seconds: Seconds,
  resolution_median_seconds: Seconds,
  csat_average: Average,
  csat_count: Type.Integer(),
});
export type AnalyticsAgent = Static<typeof AnalyticsAgent>;

export const HeatmapCell = Type.Object({
  /** 0 = Monday … 6 = Sunday, in `tz`. */
  weekday: Type.Integer({ minimum: 0, maximum: 6 }),
  /** 0–23, in `tz`. */
  hour: Type.Integer({ minimum: 0, maximum: 23 }),
  chats: Type.Integer(),
});
export type HeatmapCell = Static<typeof HeatmapCell>;

export const Analytics = Type.Object({
  /** The range and time zone the figures are for (`tz`: the one given, or the default that applied). */
  from: Type.String(),
  to: Type.String(),
  tz: Type.String(),
  chats_started: Type.Integer({ description: 'chats (chat_sessions) that started in the range' }),
  chats_answered: Type.Integer({ description: 'of those, chats an agent replied to (first_response_at set)' }),
  chats_missed: Type.Integer({ description: 'of those, chats that ended without an agent reply' }),
  first_response_seconds: median90('first agent reply − start, over the answered chats: median and 90th percentile (percentile_cont)'),
  resolution_seconds: median90('end − start, over the ended chats: median and 90th percentile (percentile_cont)'),
  messages_per_chat: Nullable(Type.Number({
    description: 'messages per chat, to 2 decimals: what the user and the agents wrote (not the bot, notes, events or reactions); null without chats',
  })),
  csat: CsatSummary,
  per_day: Type.Array(AnalyticsDay, { description: 'every day of the range, empty days included, oldest first' }),
  per_agent: Type.Array(AnalyticsAgent, {
    description: 'each agent with chats in the range (by `assigned_agent_id`), most chats first; then one row with agent_id null for the unassigned chats, if any',
  }),
  heatmap: Type.Array(HeatmapCell, { description: 'chats started per weekday × hour: all 168 cells, zeros included, Monday 0:00 first' }),
});
export type Analytics = Static<typeof Analytics>;
