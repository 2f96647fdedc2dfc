import type { Db } from '../db/client.js';
import { DomainError } from '../domain-error.js';
import type { EventBus } from '../events/bus.js';
import { messageUpdated } from '../events/payloads.js';
import type { Tx } from '../db/client.js';
import type { EventBatch } from '../events/bus.js';
import { conversationOfMessage, findMedia, lockMedia, recordMediaOutcome, requeueMediaDownload, type MediaOutcome, type MediaRow } from '../store/media.js';
import { inTransaction } from '../store/unit-of-work.js';
import { agentNameOf } from '../store/messages.js';

/** An attachment that can be served: its row says where the bytes are. */
export async function storedMediaFile(db: Db, id: string): Promise<MediaRow & { storageKey: string }> {
  const media = await findMedia(db, id);
  if (!media) throw new DomainError('MEDIA_NOT_FOUND', 'No such attachment.');
  const { storageKey } = media;
  if (media.status !== 'stored' || storageKey === null) {
    throw new DomainError('MEDIA_NOT_STORED', media.status === 'failed'
      ? `The attachment could not be fetched: ${media.error ?? 'unknown reason'}`
      : 'The attachment is still being fetched from WhatsApp; try again in a moment.');
  }
  return { ...media, storageKey };
}

/**
 * Records where an attachment stands, on its row and on its message, and tells the inboxes
 * (`message.updated`), in the caller's transaction.
 */
export async function recordMediaChange(tx: Tx, events: EventBatch, media: MediaRow, outcome: MediaOutcome): Promise<void> {
  const message = await recordMediaOutcome(tx, media, outcome);
  const conversation = await conversationOfMessage(tx, message.id);
  if (conversation) events.add(messageUpdated(conversation, message, await agentNameOf(tx, message)));
}

/** As `recordMediaChange`, in a transaction of its own with the row locked; nothing when the row is gone. */
export async function changeMedia(deps: { db: Db; bus: EventBus }, mediaId: string, outcome: MediaOutcome): Promise<void> {
  await inTransaction(deps.db, deps.bus, async (tx, events) => {
    const media = await lockMedia(tx, mediaId);
    if (media) await recordMediaChange(tx, events, media, outcome);
  });
}

/** An agent asks to fetch a failed attachment again: its job starts over, and the inbox shows it pending. */
export async function retryMediaDownload(deps: { db: Db; bus: EventBus }, id: string): Promise<MediaRow> {
  return inTransaction(deps.db, deps.bus, async (tx, events) => {
    const media = await lockMedia(tx, id);
    if (!media) throw new DomainError('MEDIA_NOT_FOUND', 'No such attachment.');
    if (media.status !== 'failed' || media.direction !== 'inbound') {
      throw new DomainError('MEDIA_NOT_FAILED', media.status === 'stored' ? 'The attachment is already stored.' : 'The attachment is already being fetched.');
    }
    await requeueMediaDownload(tx, media.id);
    await recordMediaChange(tx, events, media, { status: 'pending', error: null });
    events.jobs = true;
    return { ...media, status: 'pending', error: null };
  });
}
