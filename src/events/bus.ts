import { EventEmitter } from 'node:events';

export type DeliveryState = 'pending' | 'accepted' | 'sent' | 'delivered' | 'read' | 'failed';

/** What happened, as the inbox (SSE) and other listeners see it. */
export interface DomainEvents {
  'message.created': {
    conversationId: string;
    phoneNumber: string | null;
    messageId: number;
    direction: 'inbound' | 'outbound';
    sender: 'user' | 'bot' | 'agent' | 'system';
    text: string | null;
    chatSessionId: string | null;
    createdAt: string;
  };
  'message.status': {
    conversationId: string;
    messageId: number;
    status: DeliveryState;
    errorCode: number | null;
    errorTitle: string | null;
  };
  'chat.started': { conversationId: string; phoneNumber: string | null; chatSessionId: string; startedBy: 'user' | 'agent' };
  'chat.ended': { conversationId: string; phoneNumber: string | null; chatSessionId: string; endedBy: 'user' | 'agent' };
  /** New outbox rows were committed: the dispatcher should look now rather than at its next poll. */
  'outbox.ready': Record<string, never>;
}

export type EventName = keyof DomainEvents;
export interface PendingEvent<K extends EventName = EventName> {
  name: K;
  payload: DomainEvents[K];
}

/** In-process bus. Events are published only after the transaction that caused them has committed. */
export class EventBus {
  private readonly emitter = new EventEmitter({ captureRejections: false });

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  publish<K extends EventName>(name: K, payload: DomainEvents[K]): void {
    this.emitter.emit(name, payload);
  }

  publishAll(events: PendingEvent[]): void {
    for (const event of events) this.emitter.emit(event.name, event.payload);
  }

  on<K extends EventName>(name: K, listener: (payload: DomainEvents[K]) => void): () => void {
    this.emitter.on(name, listener);
    return () => this.emitter.off(name, listener);
  }
}

/** Events gathered during a transaction, to publish once it commits. */
export class EventBatch {
  readonly events: PendingEvent[] = [];

  add<K extends EventName>(name: K, payload: DomainEvents[K]): void {
    this.events.push({ name, payload } as PendingEvent);
  }
}
