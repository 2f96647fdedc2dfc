import type { Readable } from 'node:stream';

/** Bytes of an attachment, from `start` to `end` inclusive (HTTP Range semantics). */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Where attachments' bytes live: files under DATA_DIR/media (one instance), or an S3-compatible bucket
 * (what several instances on PostgreSQL need, since each must serve every file). Keys are made by wadesk
 * (`2026/11/<uuid>`), never taken from a request.
 */
export interface MediaStore {
  readonly kind: 'files' | 's3';
  /** Keeps the file at `path` under `key`; `path` is a temporary file the store may move or delete. */
  put(key: string, path: string, info: { contentType: string; size: number }): Promise<void>;
  /** The bytes under `key` (or a range of them). */
  get(key: string, range?: ByteRange): Promise<Readable>;
  /** Removes `key`; a missing key is not an error. */
  delete(key: string): Promise<void>;
}

/** A new key for an attachment: by month, so a folder never grows without bound. */
export function newMediaKey(id: string, now = new Date()): string {
  return `${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, '0')}/${id}`;
}
