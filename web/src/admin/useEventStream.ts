import { useEffect, useEffectEvent, useState } from 'react';
import type { ClientEvents } from '@contract/events';

/** The events the inbox listens to (the stream's own `ready` needs nothing; `resync` is handled apart). */
type InboxEventName = Exclude<keyof ClientEvents, 'ready' | 'resync'>;
export type InboxEvent = { [K in InboxEventName]: { name: K; data: ClientEvents[K] } }[InboxEventName];

/** Every event the inbox listens for: a new one in the contract fails the type-check until it is added here. */
const LISTENED: Record<InboxEventName, true> = {
  'message.created': true, 'message.updated': true, 'message.status': true, 'chat.started': true, 'chat.ended': true, 'chat.assigned': true, 'chat.rated': true,
  'conversation.status_changed': true, 'conversation.labels_changed': true, 'note.created': true, 'notification.created': true,
  presence: true,
};
const EVENT_NAMES = Object.keys(LISTENED) as InboxEventName[];
/** After the browser gives up (an HTTP error answer rather than a dropped connection), we retry ourselves. */
const MANUAL_RETRY_MS = [1_000, 2_000, 5_000, 10_000];

export type Connection = 'connecting' | 'open' | 'reconnecting';

export interface EventStreamHandlers {
  onEvent(event: InboxEvent): void;
  /** The stream is back after a break, or the server could not replay all we missed: refetch. */
  onReconnect(): void;
  /** The server refused the stream (e.g. the session expired). */
  onRefused(): void;
}

/**
 * Live updates from `GET /api/admin/events`. EventSource reconnects by itself after a dropped
 * connection and sends `Last-Event-ID`, so the server replays what was missed; the caller still
 * refetches on reconnect, which also covers a server that restarted and forgot old events.
 */
export function useEventStream(handlers: EventStreamHandlers): Connection {
  const [connection, setConnection] = useState<Connection>('connecting');
  // The stream stays open across renders; these always call the latest handlers.
  const onEvent = useEffectEvent((event: InboxEvent) => handlers.onEvent(event));
  const onReconnect = useEffectEvent(() => handlers.onReconnect());
  const onRefused = useEffectEvent(() => handlers.onRefused());

  useEffect(() => {
    let source: EventSource | null = null;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    let broken = false;

    const connect = () => {
      const current = new EventSource('/api/admin/events');
      source = current;
      current.onopen = () => {
        failures = 0;
        setConnection('open');
        if (broken) onReconnect();
        broken = false;
      };
      current.onerror = () => {
        broken = true;
        setConnection('reconnecting');
        if (current.readyState !== EventSource.CLOSED) return;
        current.close();
        onRefused();
        retryTimer = setTimeout(connect, MANUAL_RETRY_MS[Math.min(failures++, MANUAL_RETRY_MS.length - 1)]);
      };
      // Too much was missed to replay (the server sends `resync`): the views reload instead.
      current.addEventListener('resync', () => onReconnect());
      for (const name of EVENT_NAMES) {
        current.addEventListener(name, (message) => {
          let data: unknown;
          try {
            data = JSON.parse((message as MessageEvent<string>).data);
          } catch {
            return; // A malformed event is dropped; the next refetch corrects the view.
          }
          onEvent({ name, data } as InboxEvent);
        });
      }
    };
    connect();
    return () => {
      clearTimeout(retryTimer);
      source?.close();
    };
  }, []);

  return connection;
}
