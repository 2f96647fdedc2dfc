import { createReadStream } from 'node:fs';
import { copyFile, mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { ByteRange, MediaStore } from './store.js';

const SAFE_KEY = /^[A-Za-z0-9][A-Za-z0-9/_-]*$/;

/** Attachments as files under one folder (DATA_DIR/media by default). */
export class FileMediaStore implements MediaStore {
  readonly kind = 'files' as const;

  constructor(private readonly root: string) {}

  private pathOf(key: string): string {
    // Keys are ours, but a path is built from it: refuse anything that could leave the folder.
    if (!SAFE_KEY.test(key) || key.split('/').includes('..')) throw new Error(`not a media key: ${JSON.stringify(key)}`);
    return path.join(this.root, key);
  }

  async put(key: string, file: string): Promise<void> {
    const target = this.pathOf(key);
    await mkdir(path.dirname(target), { recursive: true });
    try {
      await rename(file, target);
    } catch (err) {
      // Another file system (a temp folder elsewhere): copy, then remove the temporary file.
      if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
      await copyFile(file, target);
      await rm(file, { force: true });
    }
  }

  async get(key: string, range?: ByteRange): Promise<Readable> {
    const stream = createReadStream(this.pathOf(key), range ? { start: range.start, end: range.end } : {});
    // Surfaces ENOENT here rather than in the middle of an HTTP answer.
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', reject);
    });
    return stream;
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }
}
