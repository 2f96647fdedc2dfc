import Type, { type Static } from 'typebox';
import { NullableString } from './common.js';

export const DeadLetterItem = Type.Object({
  id: Type.Integer(),
  kind: Type.Union([Type.Literal('message'), Type.Literal('status')]),
  reason: Type.String(),
  received_at: Type.String(),
  replayed_at: NullableString,
  attempts: Type.Integer({ description: 'replays tried so far' }),
  raw: Type.Unknown({ description: 'the change value of the webhook, narrowed to this item, as received' }),
});
export type DeadLetterItem = Static<typeof DeadLetterItem>;

export const ReplayResult = Type.Object({
  processed: Type.Integer(), duplicates: Type.Integer(), ignored: Type.Integer(), statuses: Type.Integer(),
});
export type ReplayResult = Static<typeof ReplayResult>;

export const DeadLetterQuery = Type.Object({
  cursor: Type.Optional(Type.String({ maxLength: 20, description: 'next_cursor of the previous page' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
});

export const DeadLetterParams = Type.Object({ id: Type.String({ pattern: '^[1-9][0-9]{0,15}$', description: 'the dead letter id' }) });

export const DeadLetterPage = Type.Object({ dead_letters: Type.Array(DeadLetterItem), next_cursor: NullableString });
export type DeadLetterPage = Static<typeof DeadLetterPage>;

export const Replayed = Type.Object({ dead_letter: DeadLetterItem, result: ReplayResult });
export type Replayed = Static<typeof Replayed>;
