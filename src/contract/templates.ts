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
  /** The body with its {{1}}, {{2}}… (or, in a named template, {{first_name}}…) placeholders. */
  body: Type.String(),
  /** How many values the body takes. */
  parameter_count: Type.Integer({ minimum: 0 }),
  /** `named`: the values are sent by name (`parameters` as an object); `positional`: in order (an array). */
  parameter_format: Type.Union([Type.Literal('positional'), Type.Literal('named')]),
  /** The body's placeholders in order: `1`, `2`… or the names. */
  body_parameters: Type.Array(Type.String()),
  /** A text header (its placeholders take the `header` value) or a file header (image, video, document: a file with every send). */
  header: Type.Union([
    Type.Object({
      format: Type.Union([Type.Literal('text'), Type.Literal('image'), Type.Literal('video'), Type.Literal('document'), Type.Literal('location')]),
      text: Type.Union([Type.String(), Type.Null()]),
      parameters: Type.Array(Type.String()),
    }),
    Type.Null(),
  ]),
  footer: Type.Union([Type.String(), Type.Null()]),
  /** The buttons in order; those with `takes_value` need one value each in `buttons` when sent. */
  buttons: Type.Array(Type.Object({
    index: Type.Integer({ minimum: 0 }),
    type: Type.Union([Type.Literal('quick_reply'), Type.Literal('url'), Type.Literal('phone_number'), Type.Literal('copy_code'), Type.Literal('other')]),
    text: Type.String(),
    url: Type.Union([Type.String(), Type.Null()]),
    takes_value: Type.Boolean(),
  })),
});
export type TemplateItem = Static<typeof TemplateItem>;

/** What `GET /templates` and `POST /templates/sync` answer: approved templates first. */
export const TemplateList = Type.Object({ templates: Type.Array(TemplateItem) });
export type TemplateList = Static<typeof TemplateList>;

const TemplateValue = Type.String({ maxLength: 1024 });

/**
 * `POST /conversations/{phone_number}/template`: which template and its values — the body's `parameters`
 * (in order, or an object by name for a named template), the `header`'s (its text value, or a file stored
 * in wadesk by `media_id`, or an https `link` WhatsApp fetches), and one per button that takes one.
 */
export const TemplateSendBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 512 }),
  language: Type.String({ minLength: 1, maxLength: 20 }),
  parameters: Type.Union([
    Type.Array(TemplateValue, { maxItems: 100 }),
    Type.Record(Type.String({ pattern: '^[a-z0-9_]{1,60}$' }), TemplateValue, { maxProperties: 100 }),
  ], { default: [] }),
  header: Type.Optional(Type.Union([
    TemplateValue,
    Type.Object({
      media_id: Type.Optional(Type.String({ format: 'uuid' })),
      link: Type.Optional(Type.String({ maxLength: 2000 })),
      filename: Type.Optional(Type.String({ minLength: 1, maxLength: 240 })),
    }, { additionalProperties: false }),
  ])),
  buttons: Type.Optional(Type.Array(Type.String({ maxLength: 2000 }), { maxItems: 10 })),
}, { additionalProperties: false });
export type TemplateSendBody = Static<typeof TemplateSendBody>;
