import type { DeliveryState, MediaStatus, MessageItem, MessageMedia, MessageStatus } from '../contract/conversations.js';
import type { DomainEventName, ClientEvents as StreamEvents } from '../contract/events.js';

/**
 * The events wadesk publishes, in one place. Two maps, as they are two things:
 * - `ClientEvents`: what happened, in the shape the inbox receives over Server-Sent Events (the contract's
 *   schemas in contract/events.ts, which the web imports). These payloads are what the event log stores,
 *   so a reconnecting inbox gets the same bytes it would have got live.
 * - `BusEvents`: what the server's own parts listen for in-process (a committed client event, new outbox
 *   rows). Nothing outside the process sees these.
 * Payloads are built by the functions in `payloads.ts`, one per event, and nowhere else.
 *
 * It imports only the contract's types: the database schema types its columns with it.
 */

/** The client events the server records; the stream adds its own `ready` and `resync`. */
export type ClientEvents = Pick<StreamEvents, DomainEventName>;
/** A message as the admin API and the inbox's live events show it (built by `messageView`). */
export type MessageView = MessageItem;
export type { DeliveryState, MediaStatus, MessageStatus };
/** A message's attachment as stored with the message (the view adds its `url`). */
export type StoredMedia = Omit<MessageMedia, 'url'>;

export type EventName = keyof ClientEvents;
export type EventPayload = ClientEvents[EventName];

/** An event not yet committed: its name and payload belong together. */
export type PendingEvent = { [K in EventName]: { name: K; payload: ClientEvents[K] } }[EventName];

/** An event after commit, with its id in the event log (the SSE id). */
export interface StoredEvent {
  id: number;
  name: EventName;
  payload: EventPayload;
}

/** What the server's parts tell each other in-process (see EventBus). */
export interface BusEvents {
  /** A client event was committed (by this instance, or by any instance when the log is shared). */
  committed: [event: StoredEvent];
  /** New outbox rows were committed: the dispatcher should look now rather than at its next poll. */
  outbox: [];
  /** New jobs were committed (media to fetch): the job runner should look now. */
  jobs: [];
  /** An agent is viewing or typing in a conversation (any instance's, when the database is shared). */
  presence: [signal: PresenceSignal];
}

/** Who is viewing or typing where: not recorded, passed on to the open streams. */
export type PresenceSignal = StreamEvents['presence'];
