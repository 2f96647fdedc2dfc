import Type, { type Static } from 'typebox';
import { ErrorBody, Success } from './common.js';

/** What the simulator's user API and the phone page exchange. */


export const Choice = Type.Object({ id: Type.String(), title: Type.String() });
export type Choice = Static<typeof Choice>;
export const ListRow = Type.Object({ id: Type.String(), title: Type.String(), description: Type.Optional(Type.String()) });
export type ListRow = Static<typeof ListRow>;
const ListSection = Type.Object({ title: Type.Optional(Type.String()), rows: Type.Array(ListRow) });

export const MEDIA_KINDS = ['image', 'video', 'audio', 'sticker', 'document'] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];

const EntryKind = Type.Union([
  Type.Literal('text'),
  Type.Literal('buttons'),
  Type.Literal('list'),
  Type.Literal('read'),
  Type.Literal('image'),
  Type.Literal('video'),
  Type.Literal('audio'),
  Type.Literal('sticker'),
  Type.Literal('document'),
  Type.Literal('location'),
  Type.Literal('contacts'),
  Type.Literal('reaction'),
  Type.Literal('template'),
  Type.Literal('typing'),
]);

export const EntryMedia = Type.Object({
  /** The media id (then `/simulator/api/media/{id}` serves the bytes) or, for a business send by link, the link. */
  id: Type.Optional(Type.String()),
  link: Type.Optional(Type.String()),
  mimeType: Type.Optional(Type.String()),
  filename: Type.Optional(Type.String()),
  size: Type.Optional(Type.Integer()),
  voice: Type.Optional(Type.Boolean()),
});
export type EntryMedia = Static<typeof EntryMedia>;

export const EntryLocation = Type.Object({
  latitude: Type.Number({ minimum: -90, maximum: 90 }),
  longitude: Type.Number({ minimum: -180, maximum: 180 }),
  name: Type.Optional(Type.String({ maxLength: 1000 })),
  address: Type.Optional(Type.String({ maxLength: 1000 })),
});
export type EntryLocation = Static<typeof EntryLocation>;

export const ContactCard = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  phones: Type.Array(Type.String({ pattern: '^\\+?[0-9 ()-]{3,30}$' }), { minItems: 1, maxItems: 5 }),
});
export type ContactCard = Static<typeof ContactCard>;

export const TranscriptEntry = Type.Object({
  seq: Type.Integer(),
  /** 'in': the user wrote it; 'out': the business sent it (or, for 'read', read the user's message). */
  direction: Type.Union([Type.Literal('in'), Type.Literal('out')]),
  wamid: Type.String(),
  at: Type.String({ description: 'ISO 8601' }),
  /**
   * What it is. 'reaction' entries belong under the message they name (`reaction.messageId`); 'typing'
   * is the business's "typing…" (shown for up to 25 s, or until the next message); 'read' is blue ticks.
   */
  kind: EntryKind,
  /** The text, a media caption, a template's filled-in body; '' when there is none. */
  text: Type.String(),
  footer: Type.Optional(Type.String()),
  buttons: Type.Optional(Type.Array(Choice)),
  list: Type.Optional(Type.Object({ button: Type.String(), sections: Type.Array(ListSection) })),
  media: Type.Optional(EntryMedia),
  location: Type.Optional(EntryLocation),
  contacts: Type.Optional(Type.Array(ContactCard)),
  /** An empty emoji: the reaction was removed. */
  reaction: Type.Optional(Type.Object({ messageId: Type.String(), emoji: Type.String() })),
  template: Type.Optional(Type.Object({ name: Type.String(), language: Type.String() })),
  /** The wamid of the message this one quotes (shown above it when that message is on the phone). */
  replyTo: Type.Optional(Type.String()),
  status: Type.Optional(Type.Union([Type.Literal('sent'), Type.Literal('delivered'), Type.Literal('read')])),
});
export type TranscriptEntry = Static<typeof TranscriptEntry>;

/** What a simulated user sends: exactly one of text, buttonId, media, location, contacts and reaction. */
export const UserMessageInput = Type.Object(
  {
    from: Type.String({
      pattern: '^(?:[0-9]{8,15}|[A-Z]{2}\\.[A-Za-z0-9]{1,128})$',
      description: "the simulated user's wa_id (8–15 digits), or the business-scoped user id of a user known only by username (`NG.8457…`)",
    }),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'WhatsApp profile name' })),
    username: Type.Optional(Type.String({ pattern: '^[a-z0-9._]{3,35}$', description: "a username-only user's @username (sent as `profile.username`)" })),
    text: Type.Optional(Type.String({ minLength: 1, maxLength: 4096 })),
    buttonId: Type.Optional(Type.String({ minLength: 1, maxLength: 256, description: 'id of an offered button or list row' })),
    media: Type.Optional(
      Type.Object(
        {
          id: Type.String({ minLength: 1, maxLength: 64, description: 'from POST /media; its type decides photo, video, voice note, sticker or file' }),
          caption: Type.Optional(Type.String({ minLength: 1, maxLength: 1024 })),
          voice: Type.Optional(Type.Boolean({ description: 'an audio recorded in WhatsApp (a voice note)' })),
        },
        { additionalProperties: false },
      ),
    ),
    location: Type.Optional(EntryLocation),
    contacts: Type.Optional(Type.Array(ContactCard, { minItems: 1, maxItems: 5 })),
    reaction: Type.Optional(
      Type.Object(
        { messageId: Type.String({ minLength: 1, maxLength: 256 }), emoji: Type.String({ maxLength: 32, description: "'' removes the reaction" }) },
        { additionalProperties: false },
      ),
    ),
    replyTo: Type.Optional(Type.String({ minLength: 1, maxLength: 256, description: 'wamid of the message quoted' })),
  },
  { additionalProperties: false },
);
export type UserMessageInput = Static<typeof UserMessageInput>;

export const UserMediaUploaded = Type.Object({
  id: Type.String(),
  mimeType: Type.String(),
  size: Type.Integer(),
  filename: Type.Optional(Type.String()),
});
export type UserMediaUploaded = Static<typeof UserMediaUploaded>;
export const MediaParams = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,20}$' }) });

export const SimulatedUser = Type.Object({
  /** A phone number's digits, or a username-only user's business-scoped id. */
  waId: Type.String(),
  name: Type.String(),
  username: Type.Optional(Type.String()),
  lastInboundAt: Type.Union([Type.String(), Type.Null()]),
});
export type SimulatedUser = Static<typeof SimulatedUser>;

export const TranscriptParams = Type.Object({ waId: Type.String() });
export const TranscriptQuery = Type.Object({ after: Type.Optional(Type.Integer({ minimum: 0, description: 'only entries with a larger seq' })) });

export const UserMessageSent = Type.Object({ wamid: Type.String(), webhookStatus: Type.Integer() });
export type UserMessageSent = Static<typeof UserMessageSent>;
export const UserMessageResponse = Success(UserMessageSent);
export type UserMessageResult = Static<typeof UserMessageResponse> | ErrorBody;
