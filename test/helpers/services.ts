import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { asc, eq } from 'drizzle-orm';
import { FileMediaStore } from '../../src/media/file-store.js';
import { AgentDirectory } from '../../src/admin/agents.js';
import { defaultContent } from '../../src/bot/content.js';
import { ContentLibrary } from '../../src/content/library.js';
import type { Database } from '../../src/db/client.js';
import { outbox } from '../../src/db/schema.js';
import { EventBus } from '../../src/events/bus.js';
import type { StoredEvent } from '../../src/events/catalog.js';
import { createUseCases, type UseCases } from '../../src/use-cases/index.js';
import { parseWebhook } from '../../src/whatsapp/webhook-parser.js';
import { freshDatabase } from './database.js';
import { useResource } from './resource.js';
import { conversationOf, messagesFrom, messagesOf, status, statusesEvent, text, userMessage, uniqueWamid } from './webhooks.js';

type Json = Record<string, unknown>;

/**
 * The use cases on a fresh PGlite (from the migrated template) with the event bus, and no HTTP: for the
 * rules (the window, assignment races, statuses, the outbox's order). What the HTTP layer adds — routing,
 * validation, the mapping of domain errors to status codes — is tested over HTTP.
 */
export interface Services {
  database: Database;
  bus: EventBus;
  useCases: UseCases;
  /** Where agents' attachments go (files in a temporary folder). */
  media: FileMediaStore;
  agents: AgentDirectory;
  /** Every event published after a commit, in order. */
  published: StoredEvent[];
  /** The use cases' clock: starts at the real now, moved by `advance`. */
  clock: { now: Date; advance(ms: number): void };
  /** A user writes (a text, or a message object's content such as `{ type: 'reaction', reaction: … }`). */
  userWrites(waId: string, content: string | Json, options?: { name?: string; wamid?: string }): Promise<{ stored: boolean; wamid: string }>;
  /** WhatsApp reports a delivery status for one of our messages. */
  statusArrives(wamid: string, state: 'sent' | 'delivered' | 'read' | 'failed', waId: string, extra?: Json): Promise<boolean>;
  conversation(waId: string): ReturnType<typeof conversationOf>;
  messages(waId: string): ReturnType<typeof messagesOf>;
  /** Outbox rows, oldest first. */
  outbox(): Promise<Array<typeof outbox.$inferSelect>>;
  close(): Promise<void>;
}

export async function startServices(): Promise<Services> {
  const database = await freshDatabase();
  const bus = new EventBus();
  const published: StoredEvent[] = [];
  bus.subscribe((event) => published.push(event));
  const clock = {
    now: new Date(),
    advance(ms: number) {
      clock.now = new Date(clock.now.getTime() + ms);
    },
  };
  const mediaDir = await mkdtemp(path.join(tmpdir(), 'wadesk-services-media-'));
  const media = new FileMediaStore(mediaDir);
  const useCases = createUseCases({ db: database.db, bus, content: ContentLibrary.builtIn(defaultContent), now: () => clock.now, media });
  const only = <T>(items: T[]): T => {
    if (items.length !== 1) throw new Error(`expected one parsed item, got ${items.length}`);
    return items[0]!;
  };
  return {
    database,
    bus,
    useCases,
    agents: new AgentDirectory(database.db),
    published,
    clock,
    async userWrites(waId, content, options = {}) {
      const wamid = options.wamid ?? uniqueWamid('svc');
      const body = typeof content === 'string' ? text(content) : content;
      const parsed = parseWebhook(messagesFrom(waId, options.name ?? 'Test User', userMessage(waId, body, wamid)));
      return { stored: await useCases.receiveMessage(only(parsed.messages)), wamid };
    },
    statusArrives(wamid, state, waId, extra = {}) {
      return useCases.recordDeliveryStatus(only(parseWebhook(statusesEvent(status(wamid, state, waId, extra))).statuses));
    },
    conversation: (waId) => conversationOf(database, waId),
    messages: (waId) => messagesOf(database, waId),
    outbox: () => database.db.select().from(outbox).orderBy(asc(outbox.id)),
    media,
    async close() {
      await database.close();
      await rm(mediaDir, { recursive: true, force: true });
    },
  };
}

/** A fresh `Services` (its own PGlite, from the template) for every test of the describe block. */
export function useServices(): Services {
  return useResource('the services', startServices, (services) => services.close(), 'each');
}

/** The outbox rows of one conversation (replies and read receipts), oldest first. */
export async function outboxOf(services: Services, waId: string) {
  const conversation = await services.conversation(waId);
  if (!conversation) return [];
  return services.database.db.select().from(outbox).where(eq(outbox.conversationId, conversation.id)).orderBy(asc(outbox.id));
}
