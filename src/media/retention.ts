import { and, asc, eq, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { mediaFiles } from '../db/schema.js';
import type { EventBus } from '../events/bus.js';
import type { Logger } from '../logger.js';
import { changeMedia } from '../use-cases/media.js';
import type { MediaStore } from './store.js';

const BATCH = 200;

/**
 * MEDIA_RETENTION_DAYS: attachments stored longer ago than this are deleted from the store; their messages
 * stay, saying the file was removed. Runs with the housekeeping, a batch at a time.
 */
export async function deleteExpiredMedia(deps: { db: Db; bus: EventBus; store: MediaStore; log: Logger }, days: number): Promise<number> {
  const due = await deps.db
    .select({ id: mediaFiles.id, storageKey: mediaFiles.storageKey })
    .from(mediaFiles)
    .where(and(eq(mediaFiles.status, 'stored'), lt(mediaFiles.storedAt, sql`now() - ${days} * interval '1 day'`)))
    .orderBy(asc(mediaFiles.storedAt))
    .limit(BATCH);
  for (const { id, storageKey } of due) {
    if (storageKey) await deps.store.delete(storageKey);
    await changeMedia(deps, id, { status: 'deleted', error: `Removed after ${days} days (the attachment retention setting).` });
  }
  if (due.length > 0) deps.log.info({ count: due.length, days }, 'media: attachments past their retention deleted');
  return due.length;
}
