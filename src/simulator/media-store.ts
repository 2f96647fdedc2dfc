import { createHash, randomBytes, randomInt } from 'node:crypto';

/** A file the fake WhatsApp holds: uploaded by the business or sent by a simulated user. */
export interface StoredMedia {
  id: string;
  bytes: Buffer;
  mimeType: string;
  /** Hex of the SHA-256 of the bytes, as `GET /{media-id}` gives it (webhooks carry it in base64). */
  sha256: string;
  size: number;
  filename?: string;
  /** When Meta forgets it: 30 days after a business upload, 7 days after a user sent it. */
  expiresAt: number;
}

export type MediaUrlLookup = { media: StoredMedia } | { problem: 'unknown' | 'expired' };

const DAY_MS = 24 * 60 * 60 * 1000;
export const MEDIA_LIFETIME_MS = { uploaded: 30 * DAY_MS, received: 7 * DAY_MS } as const;

/**
 * The media of one simulator, in memory only (a restart forgets it, as the transcript's images then
 * show). Download URLs expire after `urlTtlMs` of real time, like Meta's five minutes, so a server
 * that retries later must ask `GET /{media-id}` for a fresh one.
 */
export class MediaStore {
  private readonly media = new Map<string, StoredMedia>();
  private readonly urls = new Map<string, { mediaId: string; expiresAt: number }>();
  private readonly faults = new Map<string, number>();

  constructor(
    private readonly options: { urlTtlMs: number; now: () => Date },
  ) {}

  add(file: { bytes: Buffer; mimeType: string; filename?: string }, lifetimeMs: number): StoredMedia {
    const id = newMediaId();
    const stored: StoredMedia = {
      id,
      bytes: file.bytes,
      mimeType: file.mimeType,
      sha256: createHash('sha256').update(file.bytes).digest('hex'),
      size: file.bytes.length,
      ...(file.filename === undefined ? {} : { filename: file.filename }),
      expiresAt: this.options.now().getTime() + lifetimeMs,
    };
    this.media.set(id, stored);
    return stored;
  }

  /** The media while Meta still has it. */
  get(id: string): StoredMedia | undefined {
    const stored = this.media.get(id);
    if (stored !== undefined && stored.expiresAt <= this.options.now().getTime()) {
      this.media.delete(id);
      return undefined;
    }
    return stored;
  }

  delete(id: string): boolean {
    return this.media.delete(id);
  }

  /** A fresh download token for `id`, and when (real time, ms) it stops working. */
  issueUrl(id: string): { token: string; expiresAt: number } {
    const token = randomBytes(24).toString('base64url');
    const expiresAt = Date.now() + this.options.urlTtlMs;
    this.urls.set(token, { mediaId: id, expiresAt });
    return { token, expiresAt };
  }

  resolveUrl(mediaId: string, token: string): MediaUrlLookup {
    const url = this.urls.get(token);
    if (url === undefined || url.mediaId !== mediaId) return { problem: 'unknown' };
    if (url.expiresAt <= Date.now()) {
      this.urls.delete(token);
      return { problem: 'expired' };
    }
    const media = this.get(mediaId);
    return media === undefined ? { problem: 'unknown' } : { media };
  }

  /** The next `times` requests about `id` (its URL or its bytes) fail with a server error. */
  failNext(id: string, times: number): void {
    this.faults.set(id, (this.faults.get(id) ?? 0) + times);
  }

  /** Whether this request about `id` is one that must fail; counts it. */
  takeFault(id: string): boolean {
    const left = this.faults.get(id) ?? 0;
    if (left <= 0) return false;
    if (left === 1) this.faults.delete(id);
    else this.faults.set(id, left - 1);
    return true;
  }
}

/** Meta's media ids are 15 to 16 digit numbers. */
function newMediaId(): string {
  return String(randomInt(1, 10)) + String(randomInt(0, 1e8)).padStart(8, '0') + String(randomInt(0, 1e7)).padStart(7, '0');
}

/** An animated WebP has an ANIM chunk; only then may a sticker be 500 KB instead of 100 KB. */
export function isAnimatedWebp(bytes: Buffer): boolean {
  return bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(0, 4096).includes('ANIM', 12, 'latin1');
}
