/** Who the phone belongs to (the API's shapes are in `src/contract/simulator.ts`). */
export interface PhoneUser {
  /** A phone number's digits, or the business-scoped user id of a user known only by username (`NG.8457…`). */
  waId: string;
  name: string;
  /** Set for a username-only user: WhatsApp then hides the number from the business. */
  username?: string;
}

/** True for a username-only user's business-scoped id rather than a phone number. */
export const isUserId = (id: string) => /^[A-Z]{2}\.[A-Za-z0-9]{1,128}$/.test(id);

/**
 * The business-scoped id the simulator uses for a username-only user: country code, a dot, then 19
 * digits derived from the username (FNV-1a), so the same username is the same user each time.
 */
export function userIdFor(username: string, country = 'NG'): string {
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(username)) hash = ((hash ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn;
  return `${country}.${hash.toString().padStart(20, '0').slice(-19)}`;
}

/** How the phone names its user: `+number`, or `@username` when the number is hidden. */
export const addressOf = (user: PhoneUser) => (isUserId(user.waId) ? `@${user.username ?? user.waId}` : `+${user.waId}`);

export const PRESET_USERS: PhoneUser[] = [
  { waId: '2348012345678', name: 'John' },
  { waId: '2348023456789', name: 'Ada' },
  { waId: '447700900123', name: 'Tolu' },
  { waId: 'NG.8457120934417260391', name: 'Kemi', username: 'kemi.ade' },
];
