import { EventEmitter } from 'node:events';
import type { BusEvents, PendingEvent, PresenceSignal, StoredEvent } from './catalog.js';

/**
 * In-process bus. Events are published only after the transaction that caused them has committed.
 * On a shared PostgreSQL (`sharedLog`), committing only signals: the event-log follower publishes every
 * instance's events in id order (see log-follower.ts).
 */
export class EventBus {
  private readonly emitter = new EventEmitter<BusEvents>({ captureRejections: false });
  /** Set by the follower when the event log is shared between instances. */
  onCommitted: ((events: StoredEvent[]) => void) | null = null;
  /** Set when instances share the database: presence goes to every instance (pg_notify), which publishes it. */
  sharePresence: ((signal: PresenceSignal) => void) | null = null;

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
    for (const event of events) this.emitter.emit('committed', event);
  }

  subscribe(listener: (event: StoredEvent) => void): () => void {
    this.emitter.on('committed', listener);
    return () => this.emitter.off('committed', listener);
  }

  /** An agent is viewing or typing: every open stream (of every instance) hears of it. */
  announcePresence(signal: PresenceSignal): void {
    if (this.sharePresence) this.sharePresence(signal);
    else this.publishPresence(signal);
  }

  publishPresence(signal: PresenceSignal): void {
    this.emitter.emit('presence', signal);
  }

  onPresence(listener: (signal: PresenceSignal) => void): () => void {
    this.emitter.on('presence', listener);
    return () => this.emitter.off('presence', listener);
  }

  /** New outbox rows were committed: the dispatcher should look now rather than at its next poll. */
  outboxReady(): void {
    this.emitter.emit('outbox');
  }

  onOutboxReady(listener: () => void): () => void {
    this.emitter.on('outbox', listener);
    return () => this.emitter.off('outbox', listener);
  }

  /** New jobs were committed: the job runner should look now. */
  jobsReady(): void {
    this.emitter.emit('jobs');
  }

  onJobsReady(listener: () => void): () => void {
    this.emitter.on('jobs', listener);
    return () => this.emitter.off('jobs', listener);
  }
}

/** Events gathered during a transaction, written to the event log before it commits. */
export class EventBatch {
  readonly events: PendingEvent[] = [];
  /** Set when the transaction queued outbox rows. */
  outbox = false;
  /** Set when the transaction queued jobs. */
  jobs = false;

  /** `event` comes from one of the builders in payloads.ts. */
  add(event: PendingEvent): void {
    this.events.push(event);
  }

  /** Takes in what a part of the transaction gathered (a savepoint that was released). */
  merge(other: EventBatch): void {
    this.events.push(...other.events);
    this.outbox ||= other.outbox;
    this.jobs ||= other.jobs;
  }
}
