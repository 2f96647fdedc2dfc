import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { text } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileMediaStore } from '../../src/media/file-store.js';
import { S3MediaStore } from '../../src/media/s3-store.js';
import { newMediaKey, type MediaStore } from '../../src/media/store.js';
import { startLocalS3, type LocalS3 } from '../helpers/s3.js';

let work: string;
let s3: LocalS3;
const stores: Record<string, MediaStore> = {};

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'wadesk-store-'));
  s3 = await startLocalS3();
  stores.files = new FileMediaStore(path.join(work, 'media'));
  stores.s3 = new S3MediaStore(s3.config);
});
afterAll(async () => {
  (stores.s3 as S3MediaStore | undefined)?.close();
  await s3?.close();
  await rm(work, { recursive: true, force: true });
});

async function tempFile(content: string): Promise<string> {
  const file = path.join(work, `upload-${Math.random().toString(36).slice(2)}`);
  await writeFile(file, content);
  return file;
}

describe.each(['files', 's3'])('the %s media store', (name) => {
  it('keeps a file under its key, serves it whole and by range, and takes the temporary file', async () => {
    const store = stores[name]!;
    const key = newMediaKey(`00000000-0000-4000-8000-00000000000${name.length}`);
    const file = await tempFile('hello, world');
    await store.put(key, file, { contentType: 'text/plain', size: 12 });
    expect(await readdir(work)).not.toContain(path.basename(file));
    expect(await text(await store.get(key))).toBe('hello, world');
    expect(await text(await store.get(key, { start: 7, end: 11 }))).toBe('world');
    await store.delete(key);
    await expect(store.get(key)).rejects.toThrow();
    await store.delete(key);
  });

  it('keys files by month', () => {
    expect(newMediaKey('abc', new Date('2026-03-05T00:00:00Z'))).toBe('2026/03/abc');
  });
});

describe('the files store', () => {
  it('refuses a key that could leave its folder', async () => {
    const store = stores.files!;
    await expect(store.get('../secrets')).rejects.toThrow(/not a media key/);
    await expect(store.put('2026/../../x', await tempFile('x'), { contentType: 'text/plain', size: 1 })).rejects.toThrow(/not a media key/);
  });
});
