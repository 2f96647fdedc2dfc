import { api, segment } from '../shared/api';
import type { SimulatedUser, UserMessageSent } from '@contract/simulator';
import type { PhoneUser } from './users';

const base = '/simulator/api';

/** The simulator's user API: what a WhatsApp user's phone would send and show. */
export const simulatorApi = {
  users: () => api<SimulatedUser[]>('GET', `${base}/users`),
  /** The phone's live feed (Server-Sent Events): entries after `after`, then each new one. */
  eventsUrl: (waId: string, after: number) => `${base}/users/${segment(waId)}/events?after=${after}`,
  /** The user writes (`text`) or taps a button or list row (`buttonId`); it reaches the app as a signed webhook. */
  send: (user: PhoneUser, input: { text: string } | { buttonId: string }) =>
    api<UserMessageSent>('POST', `${base}/messages`, { from: user.waId, name: user.name, ...input }),
};
