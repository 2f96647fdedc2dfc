import type { FastifyPluginAsync } from 'fastify';
import type { ErrorBody } from '../contract/common.js';
import type { SimulatedUser, TranscriptEntry, UserMediaUploaded, UserMessageInput, UserMessageResult } from '../contract/simulator.js';

export type { ContactCard, EntryLocation, EntryMedia, SimulatedUser, UserMediaUploaded, TranscriptEntry, UserMessageInput, UserMessageResult } from '../contract/simulator.js';

export interface SimulatorLogger {
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

export interface SimulatorOptions {
  accessToken: string;
  appSecret: string;
  phoneNumberId: string;
  /** The business number as WhatsApp shows it, digits only, e.g. '15550001111'. */
  displayPhoneNumber: string;
  /** Where signed webhooks go; a function because the app's port is known only after listen. */
  webhookUrl: () => string;
  /** JSON file keeping users, transcripts, windows and offered buttons across restarts. */
  dataFile?: string;
  /** The clock for timestamps and the 24 h window; tests move it. */
  now?: () => Date;
  /** Real-time delays, after a message is accepted, of its `sent` and `delivered` webhooks. */
  statusDelaysMs?: { sent: number; delivered: number };
  /** Waits before each retry of a webhook the app did not answer with 200, after which it is dropped. */
  webhookRetryDelaysMs?: number[];
  /** The WhatsApp Business Account id put in `entry[].id`. */
  businessAccountId?: string;
  /** How long (real time) a media download URL from `GET /{media-id}` works; Meta's is 5 minutes. */
  mediaUrlTtlMs?: number;
  logger?: SimulatorLogger;
}

/** An error the next request to /messages answers with, as Meta would. */
export interface MetaFault {
  httpStatus: number;
  code: number;
  message?: string;
}

export interface GraphRequestRecord {
  body: unknown;
  accepted: boolean;
  status: number;
  wamid?: string;
  at: Date;
}

export interface GraphRequest {
  authorization: string | undefined;
  phoneNumberId: string;
  body: unknown;
}

export interface GraphAnswer {
  status: number;
  body: unknown;
}

export interface Simulator {
  /** `POST /:version/:phoneNumberId/messages`; the app registers it under `/simulator/graph`. */
  graphApiPlugin: FastifyPluginAsync;
  /** The simulated users' API; the app registers it under `/simulator/api`. */
  userApiPlugin: FastifyPluginAsync;
  /** The next requests to /messages answer with these errors, one each, in order. */
  injectFaults(faults: MetaFault[]): void;
  /** The next `times` requests about this media (its URL or its bytes) answer HTTP 500. */
  failMedia(mediaId: string, times: number): void;
  /** The media is gone, as Meta's is after its 7 or 30 days: its id and URLs stop working. */
  forgetMedia(mediaId: string): void;
  /** Every request /messages received, accepted or not, oldest first. */
  readonly requests: readonly GraphRequestRecord[];
  /** Bodies of accepted messages (read receipts excluded), oldest first; only those to `to` when given. */
  accepted(to?: string): unknown[];
  /** Whether the phone of `waId` shows the business "typing…" now (for 25 s after the indicator, or until a message). */
  isTyping(waId: string): boolean;
  /** Opens the 24 h customer-service window as if `waId` had written at `at`. */
  recordInbound(waId: string, at: Date): void;
  /** The user API's POST /messages: the user writes or taps a button. */
  sendUserMessage(input: UserMessageInput): Promise<UserMessageResult>;
  /** A file a simulated user is about to send (the phone page's attach button); its id goes in `media.id`. */
  storeUserMedia(file: { bytes: Buffer; mimeType: string; filename?: string }): UserMediaUploaded | ErrorBody;
  /** A file the fake holds, for the phone to show (no token: it is the user's own phone). */
  mediaFile(mediaId: string): { bytes: Buffer; mimeType: string; filename?: string } | undefined;
  /** The user opens the chat: every delivered message to them is reported read. */
  markRead(waId: string): void;
  users(): SimulatedUser[];
  /** What the user's phone shows, oldest first; only entries after `after` when given. */
  transcript(waId: string, after?: number): TranscriptEntry[];
  /** Calls `listener` with each entry added to `waId`'s phone from now on; returns the unsubscribe. */
  follow(waId: string, listener: (entry: TranscriptEntry) => void): () => void;
  handleGraphRequest(request: GraphRequest): GraphAnswer;
  /** Resolves once no status webhook is waiting or being delivered. */
  idle(): Promise<void>;
  /** Stops timers and pending deliveries and writes the data file. */
  close(): Promise<void>;
}
