import { EventEmitter } from 'node:events';
import type { MessageView } from '../store/views.js';

export type DeliveryState = 'pending' | 'accepted' | 'sent' | 'delivered' | 'read' | 'failed';

/** What happened, in the shape the inbox receives it over Server-Sent Events. */
export interface DomainEvents {
  'message.created': { conversation_id: string; phone_number: string | null; message: MessageView };
  'message.status': {
    conversation_id: string;
    phone_number: string | null;
    message_id: number;
    status: DeliveryState;
    error: { code: number | null; title: string | null } | null;
  };
  'chat.started': { conversation_id: string; phone_number: string | null; chat_session_id: string; started_by: 'user' | 'agent' };
  'chat.ended': { conversation_id: string; phone_number: string | null; chat_session_id: string; ended_by: 'user' | 'agent' };
  'chat.assigned': { conversation_id: string; phone_number: string | null; chat_session_id: string; agent_id: string | null };
}

export type EventName = keyof DomainEvents;
export interface PendingEvent<K extends EventName = EventName> {
  name: K;
  payload: DomainEvents[K];
}
/** An event after commit, with its id in the event log (the SSE id). */
export type StoredEvent = PendingEvent & { id: number };

/**
 * In-process bus. Events are published only after the transaction that caused them has committed.
 * On a shared PostgreSQL (`sharedLog`), committing only signals: the event-log follower publishes every
 * instance's events in id order (see log-follower.ts).
 */
export class EventBus {
  private readonly emitter = new EventEmitter({ captureRejections: false });
  /** Set by the follower when the event log is shared between instances. */
  onCommitted: ((events: StoredEvent[]) => void) | null = null;

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  get sharedLog(): boolean {
    return this.onCommitted !== null;
  }

  /** Called after a commit with the events it wrote. */
  committed(events: StoredEvent[]): void {
    if (events.length === 0) return;
    if (this.onCommitted) this.onCommitted(events);
    else this.publish(events);
  }

  publish(events: StoredEvent[]): void {
    for (const event of events) this.emitter.emit('event', event);
  }

  subscribe(listener: (event: StoredEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }

  /** New outbox rows were committed: the dispatcher should look now rather than at its next poll. */
  outboxReady(): void {
    this.emitter.emit('outbox');
  }

  onOutboxReady(listener: () => void): () => void {
    this.emitter.on('outbox', listener);
    return () => this.emitter.off('outbox', listener);
  }
}

/** Events gathered during a transaction, written to the event log before it commits. */
export class EventBatch {
  readonly events: PendingEvent[] = [];
  /** Set when the transaction queued outbox rows. */
  outbox = false;

  add<K extends EventName>(name: K, payload: DomainEvents[K]): void {
    this.events.push({ name, payload } as PendingEvent);
  }
}
