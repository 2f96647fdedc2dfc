import { ApiError, api, segment } from '../shared/api';
import type { SimulatedUser, UserMediaUploaded, UserMessageInput, UserMessageSent } from '@contract/simulator';
import type { PhoneUser } from './users';

const base = '/simulator/api';

/** What the phone sends besides who it is: text, a tap, a file, a place, a contact, a reaction, maybe quoting a message. */
export type PhoneInput = Omit<UserMessageInput, 'from' | 'name'>;

/** The simulator's user API: what a WhatsApp user's phone would send and show. */
export const simulatorApi = {
  users: () => api<SimulatedUser[]>('GET', `${base}/users`),
  /** The phone's live feed (Server-Sent Events): entries after `after`, then each new one. */
  eventsUrl: (waId: string, after: number) => `${base}/users/${segment(waId)}/events?after=${after}`,
  /** A file's bytes (what the business or the user sent), for <img>, <audio>, <video> and downloads. */
  mediaUrl: (mediaId: string) => `${base}/media/${segment(mediaId)}`,
  /** The user writes, taps a button or list row, sends a file, place or contact, or reacts; it reaches the app as a signed webhook. */
  send: (user: PhoneUser, input: PhoneInput) => api<UserMessageSent>('POST', `${base}/messages`, { from: user.waId, name: user.name, ...(user.username === undefined ? {} : { username: user.username }), ...input }),
  /** Puts a picked file in the simulator's media store (as WhatsApp uploads it before sending); `send` then names its id. */
  upload: async (file: File): Promise<UserMediaUploaded> => {
    const form = new FormData();
    form.set('file', file, file.name);
    const response = await fetch(`${base}/media`, { method: 'POST', body: form }).catch(() => null);
    const json = (await response?.json().catch(() => null)) as { status?: string; data?: UserMediaUploaded; error?: { code: string; message: string } } | null;
    if (response?.ok !== true || json?.data === undefined) {
      throw new ApiError(response?.status ?? 0, json?.error?.code ?? 'UPLOAD_FAILED', json?.error?.message ?? 'The file could not be uploaded.');
    }
    return json.data;
  },
};
