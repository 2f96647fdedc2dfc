import type { FastifyPluginAsync } from 'fastify';
import type { Db } from '../db/client.js';
import { EventStreams, sseFrame } from '../http/event-stream.js';
import type { EventBus } from './bus.js';
import type { StoredEvent } from './catalog.js';
import { eventsSince, latestEventId } from './log.js';

export interface SseRoutesOptions {
  db: Db;
  bus: EventBus;
  /** Keeps proxies from closing a quiet stream. */
  pingMs?: number;
}

/** At most this many missed events are replayed; past that the client is told to reload (`resync`). */
const REPLAY_LIMIT = 1000;

/**
 * `GET /events`: the inbox's live feed as Server-Sent Events. Every event id is its row in the event log,
 * so a client that reconnects with `Last-Event-ID` (EventSource does it by itself) gets what it missed —
 * across restarts and instances — before the live events continue.
 */
export const sseRoutes: FastifyPluginAsync<SseRoutesOptions> = async (app, { db, bus, pingMs = 15_000 }) => {
  const streams = new EventStreams({ pingMs });
  // Open streams never end by themselves: close them so that shutdown does not wait forever.
  app.addHook('preClose', async () => streams.endAll());

  app.get('/events', {
    schema: {
      tags: ['events'],
      summary: 'Live events (text/event-stream): message.created, message.updated, message.status, chat.started, chat.ended, chat.assigned, chat.rated, conversation.status_changed, conversation.labels_changed, note.created, notification.created (to its agent only)',
    },
  }, async (request, reply) => {
    const header = request.headers['last-event-id'];
    const resumeFrom = typeof header === 'string' && /^\d+$/.test(header) ? Number(header) : null;

    const stream = streams.start(request, reply);

    // Subscribe before reading the log so nothing committed in between is lost; duplicates are dropped by id.
    let lastSent = resumeFrom ?? 0;
    let backlog: StoredEvent[] | null = [];
    const me = request.principal?.agentId ?? null;
    const send = (event: StoredEvent) => {
      if (event.id <= lastSent) return;
      lastSent = event.id;
      // A notification is for its agent only; the others skip it (its id still moves their place on).
      if (event.name === 'notification.created' && (event.payload as { notification: { agent_id?: string } }).notification.agent_id !== me) return;
      stream.write(sseFrame(event.id, event.name, event.payload));
    };
    stream.onClose(bus.subscribe((event) => (backlog ? backlog.push(event) : send(event))));
    // Presence has no id: EventSource keeps its Last-Event-ID, and nothing of it is replayed.
    stream.onClose(bus.onPresence((signal) => stream.write(`event: presence\ndata: ${JSON.stringify(signal)}\n\n`)));

    try {
      if (resumeFrom !== null) {
        const missed = await eventsSince(db, resumeFrom, REPLAY_LIMIT + 1);
        if (missed.length > REPLAY_LIMIT) {
          const latest = missed.at(-1)!.id;
          stream.write(sseFrame(latest, 'resync', {}));
          lastSent = latest;
        } else {
          for (const event of missed) send(event);
        }
      } else {
        // A fresh client learns where the log stands, so its first reconnect can resume from here.
        lastSent = Math.max(lastSent, await latestEventId(db));
        stream.write(sseFrame(lastSent, 'ready', {}));
      }
    } catch (err) {
      request.log.error({ err }, 'SSE: reading the event log failed');
      reply.raw.end();
      return;
    }
    const pending = backlog;
    backlog = null;
    for (const event of pending) send(event);
  });
};
