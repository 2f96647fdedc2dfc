import path from 'node:path';
import type { Config } from '../config.js';
import { FileMediaStore } from './file-store.js';
import type { MediaStore } from './store.js';

/** The configured store: the S3 bucket when MEDIA_S3_BUCKET is set, files under DATA_DIR/media otherwise. */
export async function openMediaStore(config: Config): Promise<MediaStore> {
  const s3 = config.media?.s3;
  if (!s3) return new FileMediaStore(path.resolve(config.dataDir, 'media'));
  // The AWS SDK is loaded only for a bucket: it is a good part of the start's module loading otherwise.
  const { S3MediaStore } = await import('./s3-store.js');
  return new S3MediaStore(s3);
}
