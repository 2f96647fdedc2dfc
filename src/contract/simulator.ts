import Type, { type Static } from 'typebox';
import { ErrorBody, Success } from './common.js';

/** What the simulator's user API and the phone page exchange. */

export const UserMessageInput = Type.Object(
  {
    from: Type.String({ pattern: '^[0-9]{8,15}$', description: "the simulated user's wa_id (8–15 digits)" }),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'WhatsApp profile name' })),
    text: Type.Optional(Type.String({ minLength: 1, maxLength: 4096 })),
    buttonId: Type.Optional(Type.String({ minLength: 1, maxLength: 256, description: 'id of an offered button or list row' })),
  },
  { additionalProperties: false },
);
export type UserMessageInput = Static<typeof UserMessageInput>;

export const Choice = Type.Object({ id: Type.String(), title: Type.String() });
export type Choice = Static<typeof Choice>;
export const ListRow = Type.Object({ id: Type.String(), title: Type.String(), description: Type.Optional(Type.String()) });
export type ListRow = Static<typeof ListRow>;
const ListSection = Type.Object({ title: Type.Optional(Type.String()), rows: Type.Array(ListRow) });

export const TranscriptEntry = Type.Object({
  seq: Type.Integer(),
  /** 'in': the user wrote it; 'out': the business sent it (or, for 'read', read the user's message). */
  direction: Type.Union([Type.Literal('in'), Type.Literal('out')]),
  wamid: Type.String(),
  at: Type.String({ description: 'ISO 8601' }),
  kind: Type.Union([Type.Literal('text'), Type.Literal('buttons'), Type.Literal('list'), Type.Literal('read')]),
  text: Type.String(),
  footer: Type.Optional(Type.String()),
  buttons: Type.Optional(Type.Array(Choice)),
  list: Type.Optional(Type.Object({ button: Type.String(), sections: Type.Array(ListSection) })),
  status: Type.Optional(Type.Union([Type.Literal('sent'), Type.Literal('delivered'), Type.Literal('read')])),
});
export type TranscriptEntry = Static<typeof TranscriptEntry>;

export const SimulatedUser = Type.Object({
  waId: Type.String(),
  name: Type.String(),
  lastInboundAt: Type.Union([Type.String(), Type.Null()]),
});
export type SimulatedUser = Static<typeof SimulatedUser>;

export const TranscriptParams = Type.Object({ waId: Type.String() });
export const TranscriptQuery = Type.Object({ after: Type.Optional(Type.Integer({ minimum: 0, description: 'only entries with a larger seq' })) });

export const UserMessageSent = Type.Object({ wamid: Type.String(), webhookStatus: Type.Integer() });
export type UserMessageSent = Static<typeof UserMessageSent>;
export const UserMessageResponse = Success(UserMessageSent);
export type UserMessageResult = Static<typeof UserMessageResponse> | ErrorBody;
