import Type, { type Static } from 'typebox';
import { NullableString } from './common.js';

export const Role = Type.Union([Type.Literal('admin'), Type.Literal('agent')]);
export type Role = Static<typeof Role>;

export const Availability = Type.Union([Type.Literal('available'), Type.Literal('away')]);
export type Availability = Static<typeof Availability>;

export const AgentItem = Type.Object({
  id: Type.String(),
  name: Type.String(),
  email: Type.String(),
  role: Role,
  /** Set by the agent; automatic assignment gives chats only to available agents. */
  availability: Availability,
  disabled: Type.Boolean(),
  last_login_at: NullableString,
  created_at: Type.String(),
});
export type AgentItem = Static<typeof AgentItem>;

export const TokenItem = Type.Object({
  id: Type.String(), name: Type.String(), prefix: Type.String(), created_at: Type.String(),
  last_used_at: NullableString, revoked: Type.Boolean(),
});
export type TokenItem = Static<typeof TokenItem>;

const Password = Type.String({ minLength: 10, maxLength: 1024, description: 'at least 10 characters' });
const AgentName = Type.String({ minLength: 1, maxLength: 100 });

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const NewAgentBody = Type.Object({
  name: AgentName,
  email: Type.String({ format: 'email', maxLength: 254 }),
  password: Type.Optional(Password),
  role: Type.Optional(Role),
});

export const AgentChangeBody = Type.Object({
  name: Type.Optional(AgentName),
  role: Type.Optional(Role),
  disabled: Type.Optional(Type.Boolean()),
  password: Type.Optional(Password),
}, { minProperties: 1 });

/**
 * `PATCH /agents/me`: an agent's own availability, name or password. A new password needs the current one;
 * it ends the agent's other sessions (this one stays signed in).
 */
export const OwnProfileBody = Type.Object({
  availability: Type.Optional(Availability),
  name: Type.Optional(AgentName),
  password: Type.Optional(Password),
  current_password: Type.Optional(Type.String({ minLength: 1, maxLength: 1024 })),
}, { additionalProperties: false, minProperties: 1 });
export type OwnProfileBody = Static<typeof OwnProfileBody>;

export const NewTokenBody = Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }) });

export const AgentList = Type.Object({ agents: Type.Array(AgentItem) });
export type AgentList = Static<typeof AgentList>;
export const OneAgent = Type.Object({ agent: AgentItem });
export type OneAgent = Static<typeof OneAgent>;
export const TokenList = Type.Object({ tokens: Type.Array(TokenItem) });
export type TokenList = Static<typeof TokenList>;
/** The token itself is shown this once. */
export const CreatedToken = Type.Object({ id: Type.String(), token: Type.String(), prefix: Type.String() });
export type CreatedToken = Static<typeof CreatedToken>;
