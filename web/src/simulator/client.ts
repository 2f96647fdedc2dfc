import { api, segment } from '../shared/api';
import type { PhoneUser, TranscriptEntry } from './types';

const base = '/simulator/api';

/** The simulator's user API: what a WhatsApp user's phone would send and show. */
export const simulatorApi = {
  users: () => api<Array<PhoneUser & { lastInboundAt: string | null }>>('GET', `${base}/users`),
  transcript: (waId: string, after: number) => api<TranscriptEntry[]>('GET', `${base}/users/${segment(waId)}/messages?after=${after}`),
  /** The user writes (`text`) or taps a button or list row (`buttonId`); it reaches the app as a signed webhook. */
  send: (user: PhoneUser, input: { text: string } | { buttonId: string }) =>
    api<{ wamid: string; webhookStatus: number }>('POST', `${base}/messages`, { from: user.waId, name: user.name, ...input }),
};
