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
