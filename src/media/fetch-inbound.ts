import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Db } from '../db/client.js';
import type { EventBus } from '../events/bus.js';
import { JobFailure, type JobHandler } from '../jobs/runner.js';
import type { JobRow } from '../jobs/queue.js';
import { findMedia, isMediaKind, type MediaOutcome } from '../store/media.js';
import { changeMedia } from '../use-cases/media.js';
import { MEDIA_LIMITS } from '../whatsapp/limits.js';
import { GraphApiError } from '../whatsapp/errors.js';
import { MediaTooLargeError, type GraphClient } from '../whatsapp/graph-client.js';
import { newMediaKey, type MediaStore } from './store.js';

export interface FetchInboundMediaDeps {
  db: Db;
  bus: EventBus;
  graph: GraphClient;
  store: MediaStore;
  /** Where downloads land before the store takes them; default the system's temp folder. */
  tempDir?: string;
}

/**
 * The `media.download` job: asks WhatsApp where the file is (a fresh URL on every attempt: each expires
 * within minutes), downloads it with the token, checks its size and SHA-256, keeps it in the media store,
 * and tells the inbox. What cannot succeed by trying again (the file is gone, too large) fails at once,
 * with a reason the agent reads under the message.
 */
export function fetchInboundMedia(deps: FetchInboundMediaDeps): JobHandler {
  const record = (mediaId: string, outcome: MediaOutcome) => changeMedia(deps, mediaId, outcome);

  return {
    async run(job: JobRow) {
      const media = await findMedia(deps.db, job.subjectId);
      if (!media || media.status === 'stored') return;
      if (!media.whatsappId) throw new JobFailure('The message carried no WhatsApp media id.', false);
      const limit = downloadLimit(media.kind);
      const info = await deps.graph.mediaInfo(media.whatsappId).catch((err: unknown) => {
        throw describeGraphFailure(err);
      });
      if (info.fileSize !== null && info.fileSize > limit) throw tooLarge(info.fileSize, limit);
      const file = path.join(deps.tempDir ?? tmpdir(), `wadesk-media-${media.id}-${randomUUID()}`);
      try {
        const got = await deps.graph.downloadMedia(info.url, file, limit).catch((err: unknown) => {
          if (err instanceof MediaTooLargeError) throw new JobFailure(`The file is larger than WhatsApp allows for ${media.kind}s (${formatBytes(limit)}).`, false);
          // The URL expired or the CDN hiccuped: the next attempt asks for a fresh URL.
          throw new JobFailure(`Downloading the file failed (${err instanceof Error ? err.message : String(err)}).`, true);
        });
        if (info.sha256 && !sameDigest(info.sha256, got.sha256)) {
          throw new JobFailure('The downloaded file did not match WhatsApp\'s checksum.', true);
        }
        const contentType = media.mimeType ?? info.mimeType ?? got.contentType ?? 'application/octet-stream';
        const key = newMediaKey(media.id);
        await deps.store.put(key, file, { contentType, size: got.size });
        await record(media.id, { status: 'stored', storageKey: key, size: got.size, sha256: got.sha256, mimeType: media.mimeType ?? info.mimeType });
      } finally {
        await rm(file, { force: true });
      }
    },
    async giveUp(job: JobRow, reason: string) {
      await record(job.subjectId, { status: 'failed', error: reason });
    },
  };
}

/** WhatsApp's limit for the kind (for stickers the animated one, the larger): a larger download is cut off. */
function downloadLimit(kind: string): number {
  const limits = MEDIA_LIMITS[isMediaKind(kind) ? kind : 'document'];
  return 'animatedMaxBytes' in limits ? limits.animatedMaxBytes : limits.maxBytes;
}

function describeGraphFailure(err: unknown): JobFailure {
  if (!(err instanceof GraphApiError)) return new JobFailure(err instanceof Error ? err.message : String(err), true);
  if (err.errorClass === 'invalid') {
    // Meta answers 400/404 for an id it no longer has: ids from webhooks live 7 days.
    return new JobFailure('WhatsApp no longer has this file (media is kept for 7 days).', false);
  }
  if (err.errorClass === 'auth') return new JobFailure('WhatsApp refused the access token; the file is fetched again once it works.', true);
  return new JobFailure(`WhatsApp did not answer about the file (${err.message}).`, true);
}

function tooLarge(size: number, limit: number): JobFailure {
  return new JobFailure(`The file is ${formatBytes(size)}, more than WhatsApp allows for its type (${formatBytes(limit)}).`, false);
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${Math.round(n / 1024 / 1024)} MB` : `${Math.round(n / 1024)} KB`;
}

/** Meta gives the SHA-256 as hex or as base64; one it gives in neither form cannot be checked. */
export function sameDigest(expected: string, actualHex: string): boolean {
  if (/^[0-9a-f]{64}$/i.test(expected)) return expected.toLowerCase() === actualHex;
  const bytes = Buffer.from(expected, 'base64');
  if (bytes.length === 32 && /^[A-Za-z0-9+/]+={0,2}$/.test(expected)) return bytes.toString('hex') === actualHex;
  return true;
}
