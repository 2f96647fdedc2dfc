import Type, { type Static } from 'typebox';
import { Nullable } from './common.js';

/** A message template, by name and language, as WhatsApp lists it. */
const TemplateRef = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 512 }),
  language: Type.String({ minLength: 2, maxLength: 15, description: 'as WhatsApp names it: en, en_US, pt_BR…' }),
}, { additionalProperties: false });

/** `GET|PUT /settings/csat` (PUT: admin role; any subset of the fields). */
export const CsatSettings = Type.Object({
  /** When a chat ends, the user is asked to rate it (1–5), then for an optional comment. On by default. */
  enabled: Type.Boolean(),
  /**
   * An approved template that asks for the rating when the 24-hour window has closed (an agent ended the
   * chat more than a day after the user's last message); null = the rating is skipped then, and the chat
   * says why. Its body may take one value, the user's name; its quick-reply buttons are the ratings
   * ("5 ⭐" … "1", or ⭐⭐⭐⭐⭐ … ⭐).
   */
  template: Nullable(TemplateRef),
});
export type CsatSettings = Static<typeof CsatSettings>;

export const CsatSettingsPatch = Type.Object({
  enabled: Type.Optional(Type.Boolean()),
  template: Type.Optional(Nullable(TemplateRef)),
}, { additionalProperties: false, minProperties: 1 });
export type CsatSettingsPatch = Static<typeof CsatSettingsPatch>;

const Time = Type.String({ pattern: '^\\d\\d:\\d\\d$', description: 'HH:MM, 24-hour clock; "24:00" closes at midnight' });
const Ranges = Type.Array(Type.Tuple([Time, Time]), { maxItems: 12, description: 'opening ranges of the day, in order: [["08:00","12:00"],["13:00","16:00"]]' });

/** The body of `PUT /settings/business-hours` (admin role): the whole schedule, replaced. */
export const BusinessHoursBody = Type.Object({
  /** IANA name ("Africa/Lagos"); null (with an empty `weekly` and no closed dates) = always open, the default. */
  timezone: Nullable(Type.String({ minLength: 1, maxLength: 64 })),
  /**
   * `mon` … `sun`; days absent are closed. A record rather than seven named fields, so that a misspelt day
   * ("monday") is refused by name instead of silently dropped.
   */
  weekly: Type.Record(Type.String(), Ranges, { description: 'mon, tue, wed, thu, fri, sat, sun → ranges' }),
  /** Closed all day, in the zone: holidays. */
  closed_dates: Type.Optional(Type.Array(Type.String({ pattern: '^\\d{4}-\\d\\d-\\d\\d$' }), { maxItems: 1000, uniqueItems: true })),
}, { additionalProperties: false });
export type BusinessHoursBody = Static<typeof BusinessHoursBody>;

/** `GET /settings/business-hours`: the schedule, and where it stands now. */
export const BusinessHours = Type.Object({
  timezone: Nullable(Type.String()),
  weekly: BusinessHoursBody.properties.weekly,
  closed_dates: Type.Array(Type.String()),
  /** The team is within its hours now (always true without hours). */
  open_now: Type.Boolean(),
  /** When it opens next (ISO 8601, UTC), while closed; null when open or when nothing opens within a year. */
  next_opening_at: Nullable(Type.String()),
});
export type BusinessHours = Static<typeof BusinessHours>;
