import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { conversations, jobs, mediaFiles, messages, type MessageRow } from '../db/schema.js';
import type { MediaStatus, StoredMedia } from '../events/catalog.js';
import { MEDIA_LIMITS, type MediaKind } from '../whatsapp/limits.js';
import type { InboundMedia } from '../whatsapp/types.js';

export type MediaRow = typeof mediaFiles.$inferSelect;
const MEDIA_KINDS: ReadonlySet<string> = new Set(Object.keys(MEDIA_LIMITS));
export const isMediaKind = (type: string): type is MediaKind => MEDIA_KINDS.has(type);

/** The attachment as kept with its message (what the API shows, without the url). */
export function storedMedia(row: MediaRow): StoredMedia {
  return {
    id: row.id,
    kind: isMediaKind(row.kind) ? row.kind : 'document',
    mime_type: row.mimeType,
    filename: row.filename,
    size: row.size,
    caption: row.caption,
    status: row.status,
    error: row.error,
  };
}

/**
 * An inbound message carries media: its row (pending) and the job that fetches it, in the message's
 * transaction — the webhook's 200 never waits for WhatsApp's CDN, and the job survives a restart.
 * Returns the message with its `media` set.
 */
export async function attachInboundMedia(tx: Executor, message: MessageRow, kind: MediaKind, media: InboundMedia): Promise<MessageRow> {
  const [row] = await tx
    .insert(mediaFiles)
    .values({ messageId: message.id, direction: 'inbound', whatsappId: media.id, kind, mimeType: media.mimeType, filename: media.filename, caption: media.caption })
    .returning();
  await tx.insert(jobs).values({ kind: 'media.download', subjectId: row!.id });
  return setMessageMedia(tx, message.id, storedMedia(row!));
}

/** An agent's attachment, already in the store under `key`: its row (stored), on its message. */
export async function attachOutboundMedia(
  tx: Executor,
  message: MessageRow,
  file: { id: string; kind: MediaKind; key: string; mimeType: string; filename: string; size: number; caption: string | null },
): Promise<MessageRow> {
  const [row] = await tx
    .insert(mediaFiles)
    .values({
      id: file.id, messageId: message.id, direction: 'outbound', kind: file.kind, mimeType: file.mimeType, filename: file.filename,
      caption: file.caption, size: file.size, storageKey: file.key, status: 'stored', storedAt: sql`now()`,
    })
    .returning();
  return setMessageMedia(tx, message.id, storedMedia(row!));
}

async function setMessageMedia(tx: Executor, messageId: number, media: StoredMedia): Promise<MessageRow> {
  const [updated] = await tx.update(messages).set({ media }).where(eq(messages.id, messageId)).returning();
  if (!updated) throw new Error(`message ${messageId} vanished`);
  return updated;
}

export async function findMedia(db: Executor, id: string): Promise<MediaRow | null> {
  const [row] = await db.select().from(mediaFiles).where(eq(mediaFiles.id, id));
  return row ?? null;
}

/** Locks the media row for an update (the job's outcome, an agent's retry). */
export async function lockMedia(tx: Executor, id: string): Promise<MediaRow | null> {
  const [row] = await tx.select().from(mediaFiles).where(eq(mediaFiles.id, id)).for('update');
  return row ?? null;
}

export interface MediaOutcome {
  status: MediaStatus;
  error?: string | null;
  storageKey?: string;
  size?: number;
  sha256?: string;
  mimeType?: string | null;
}

/** Records where a fetch ended, on the media row and on its message; returns the updated message. */
export async function recordMediaOutcome(tx: Executor, media: MediaRow, outcome: MediaOutcome): Promise<MessageRow> {
  const [row] = await tx
    .update(mediaFiles)
    .set({
      status: outcome.status,
      error: outcome.error ?? null,
      ...(outcome.storageKey !== undefined ? { storageKey: outcome.storageKey, storedAt: sql`now()` } : {}),
      ...(outcome.size !== undefined ? { size: outcome.size } : {}),
      ...(outcome.sha256 !== undefined ? { sha256: outcome.sha256 } : {}),
      ...(outcome.mimeType ? { mimeType: outcome.mimeType } : {}),
    })
    .where(eq(mediaFiles.id, media.id))
    .returning();
  return setMessageMedia(tx, media.messageId, storedMedia(row!));
}

/** An agent's attachment was uploaded to WhatsApp under `whatsappId` (kept: an upload lives 30 days). */
export async function recordUpload(db: Executor, id: string, whatsappId: string): Promise<void> {
  await db.update(mediaFiles).set({ whatsappId, uploadedAt: sql`now()` }).where(eq(mediaFiles.id, id));
}

/** Queues the media's fetch again (an agent pressed "retry"): attempts start over. */
export async function requeueMediaDownload(tx: Executor, mediaId: string): Promise<void> {
  await tx
    .insert(jobs)
    .values({ kind: 'media.download', subjectId: mediaId })
    .onConflictDoUpdate({
      target: [jobs.kind, jobs.subjectId],
      set: { status: 'pending', attempts: 0, nextAttemptAt: sql`now()`, lockedUntil: null, lastError: null, finishedAt: null },
    });
}

/** The conversation a message belongs to, as events name it. */
export async function conversationOfMessage(db: Executor, messageId: number): Promise<{ id: string; phoneNumber: string | null } | null> {
  const [row] = await db
    .select({ id: conversations.id, phoneNumber: conversations.phoneNumber })
    .from(messages)
    .innerJoin(conversations, eq(conversations.id, messages.conversationId))
    .where(eq(messages.id, messageId));
  return row ?? null;
}
