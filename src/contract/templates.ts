import Type, { type Static } from 'typebox';

/** A message template of the business's WhatsApp account, as last synced. */
export const TemplateItem = Type.Object({
  name: Type.String(),
  /** Meta's language code (`en`, `en_US`, `es`…). */
  language: Type.String(),
  /** UTILITY, MARKETING or AUTHENTICATION. */
  category: Type.String(),
  /** Only APPROVED templates can be sent (others: PENDING, REJECTED, PAUSED, DISABLED…). */
  status: Type.String(),
  /** The body with its {{1}}, {{2}}… placeholders. */
  body: Type.String(),
  parameter_count: Type.Integer({ minimum: 0 }),
});
export type TemplateItem = Static<typeof TemplateItem>;

/** What `GET /templates` and `POST /templates/sync` answer: approved templates first. */
export const TemplateList = Type.Object({ templates: Type.Array(TemplateItem) });
export type TemplateList = Static<typeof TemplateList>;

/** `POST /conversations/{phone_number}/template`: which template, and its body's parameters in order. */
export const TemplateSendBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 512 }),
  language: Type.String({ minLength: 1, maxLength: 20 }),
  parameters: Type.Array(Type.String({ maxLength: 1024 }), { maxItems: 100, default: [] }),
}, { additionalProperties: false });
export type TemplateSendBody = Static<typeof TemplateSendBody>;
