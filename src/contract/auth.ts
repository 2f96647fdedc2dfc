import Type, { type Static } from 'typebox';
import { Availability, Role } from './agents.js';
import { NullableString } from './common.js';

export const LoginBody = Type.Object({ email: Type.String({ minLength: 3, maxLength: 254 }), password: Type.String({ minLength: 1, maxLength: 1024 }) });
export type LoginBody = Static<typeof LoginBody>;

/** Who is calling: an agent, or the bootstrap token, which is no agent (no id, no email). */
export const Me = Type.Object({
  id: NullableString, name: Type.String(), email: NullableString, role: Role, disabled: Type.Boolean(),
  availability: Type.Optional(Availability),
  last_login_at: Type.Optional(NullableString), created_at: Type.Optional(Type.String()),
});
export type Me = Static<typeof Me>;

export const WhoAmI = Type.Object({ agent: Me });
export type WhoAmI = Static<typeof WhoAmI>;
